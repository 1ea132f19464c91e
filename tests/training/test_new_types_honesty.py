"""Integration: each new type finds a planted pattern out of sample and finds nothing in a random walk."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from tests.training.new_types import NEW_TYPES, QUICK
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.training import Status, TrainingRequest, run_training

LEARNS = dataclasses.replace(QUICK, epochs=6, units=16, batch_size=32, learning_rate=0.005, c=10.0, trees=40,
                             min_samples_leaf=10)
THREE_FOLDS = EvaluationSettings(folds=3)


def bars(n: int, seed: int, ticker: str, planted: bool) -> pd.DataFrame:
    """Daily bars whose candles rise or fall at random. Planted: a rising candle is followed by a rise and a
    falling one by a fall (visible in the close's place in its range and in the candle's colour); otherwise
    the next return is a random walk's."""
    rng = np.random.default_rng(seed)
    body = rng.choice([-0.005, 0.005], n)  # each candle's close against its own open
    returns = rng.normal(0.0, 0.01, n)
    if planted:
        returns[1:] = np.sign(body[:-1]) * 0.004 + rng.normal(0.0, 0.002, n - 1)
    close = 100 * np.cumprod(1 + returns)
    open_ = close * (1 - body)
    wick = close * rng.uniform(0.0005, 0.002, n)
    return pd.DataFrame({"Date": pd.bdate_range("2020-01-01", periods=n), "Ticker": ticker, "Open": open_,
                         "High": np.maximum(open_, close) + wick, "Low": np.minimum(open_, close) - wick,
                         "Close": close, "Volume": rng.integers(1_000, 5_000, n).astype(float)})


def train(store, name: str, planted: bool, seed: int) -> dict:
    table = pd.concat([bars(400, seed, "AAA", planted), bars(400, seed + 100, "BBB", planted)], ignore_index=True)
    outcome = run_training(TrainingRequest(name, LEARNS, (("bars.csv", table),), evaluation=THREE_FOLDS), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    return outcome.record


@pytest.mark.parametrize("name", NEW_TYPES)
def test_a_planted_pattern_beats_the_majority_baseline(store, name):
    record = train(store, name, planted=True, seed=7)
    accuracy, baseline = record["performance_metrics"]["accuracy"], record["baseline_metrics"]["accuracy"]
    assert accuracy > 70 and accuracy > baseline + 15


@pytest.mark.parametrize("name", NEW_TYPES)
def test_a_random_walk_earns_no_edge(store, name):
    record = train(store, name, planted=False, seed=1)
    scored = record["split_sizes"]["test_scored"]
    noise = 3 * 100 * np.sqrt(0.25 / scored)  # three standard errors of an accuracy near 50 %
    accuracy, baseline = record["performance_metrics"]["accuracy"], record["baseline_metrics"]["accuracy"]
    assert accuracy < max(50, baseline) + noise

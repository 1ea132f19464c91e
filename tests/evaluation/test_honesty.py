"""Integration: real small trainings judged out of sample tell skill from luck. A random walk earns no edge,
a planted pattern does, and a class-sorted table without time is scored on every class."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from tests.conftest import TINY
from tradepulse.config import PREDICTIONS_FILE
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.training import Status, TrainingRequest, run_training

LEARNS = dataclasses.replace(TINY, epochs=15, units=16, batch_size=32, learning_rate=0.01)
THREE_FOLDS = EvaluationSettings(folds=3)


def bars(next_returns_for, n: int, seed: int, ticker: str) -> pd.DataFrame:
    """Daily bars whose close sits at a random place in each bar's range; next_returns_for maps those
    places to the next bar's returns, so the pattern (if any) is in a feature the models see."""
    rng = np.random.default_rng(seed)
    place = rng.uniform(0.05, 0.95, n)
    returns = np.concatenate([[0.0], next_returns_for(place[:-1], rng)])
    close = 100 * np.cumprod(1 + returns)
    spread = close * 0.01
    low = close - place * spread
    return pd.DataFrame({"Date": pd.bdate_range("2020-01-01", periods=n), "Ticker": ticker,
                         "Open": np.concatenate([[close[0]], close[:-1]]).clip(low, low + spread),
                         "High": low + spread, "Low": low, "Close": close,
                         "Volume": rng.integers(1_000, 5_000, n).astype(float)})


def random_walk(place, rng):
    return rng.normal(0.0, 0.01, len(place))


def planted(place, rng):
    # A close near the top of its range is followed by a rise, near the bottom by a fall.
    return np.where(place > 0.5, 0.004, -0.004) + rng.normal(0.0, 0.002, len(place))


def train(store, table: pd.DataFrame, settings=THREE_FOLDS) -> dict:
    outcome = run_training(TrainingRequest("CIPO", LEARNS, (("bars.csv", table),), evaluation=settings), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    return outcome.record


def two_tickers(pattern, seed: int, n: int = 300) -> pd.DataFrame:
    return pd.concat([bars(pattern, n, seed, "AAA"), bars(pattern, n, seed + 100, "BBB")], ignore_index=True)


def test_a_random_walk_earns_no_edge_out_of_sample(store):
    records = [train(store, two_tickers(random_walk, seed, n=500)) for seed in (1, 2, 3)]
    accuracy = np.mean([r["performance_metrics"]["accuracy"] for r in records])
    edge = np.mean([r["trading_metrics"]["strategy"]["sharpe"] - r["trading_metrics"]["buy_and_hold"]["sharpe"]
                    for r in records])
    # A Sharpe ratio measured over Y years has a standard error of about 1/sqrt(Y): allow two of them.
    years = [r["trading_metrics"]["settings"]["bars"] / r["trading_metrics"]["settings"]["periods_per_year"]
             for r in records]
    noise = 2 * np.sqrt(np.mean([1 / y for y in years]) / len(records))
    assert 42 < accuracy < 58
    assert edge < noise  # annualised Sharpe: no better than holding, beyond noise


def test_a_planted_pattern_is_found_and_pays_after_costs(store):
    record = train(store, two_tickers(planted, 7))
    strategy, hold = record["trading_metrics"]["strategy"], record["trading_metrics"]["buy_and_hold"]
    assert record["performance_metrics"]["accuracy"] > 75
    assert record["performance_metrics"]["accuracy"] > record["baseline_metrics"]["accuracy"] + 20
    assert strategy["total_return_pct"] > hold["total_return_pct"] + 20 and strategy["sharpe"] > hold["sharpe"] + 2
    for fold in record["evaluation"]["folds"]:  # not one lucky window: every fold finds it
        assert fold["performance_metrics"]["accuracy"] > 70


def test_a_class_sorted_table_without_time_is_stratified_and_scored_on_every_class(store):
    rng = np.random.default_rng(5)
    species = np.repeat(["Adelie", "Chinstrap", "Gentoo"], 60)  # sorted by class, as penguins.csv is
    centre = {"Adelie": 0.0, "Chinstrap": 1.5, "Gentoo": 3.0}
    table = pd.DataFrame({"bill": [centre[s] + rng.normal(0, 0.6) for s in species],
                          "flipper": [centre[s] * 0.5 + rng.normal(0, 0.6) for s in species],
                          "target": species})
    record = train(store, table, EvaluationSettings())
    pooled = pd.read_parquet(store.model_dir(record["run_id"]) / PREDICTIONS_FILE)
    metrics = record["performance_metrics"]
    assert record["evaluation"]["method"] == "k-fold" and len(record["evaluation"]["folds"]) == 5
    assert set(pooled["y_true"]) == {0, 1, 2} and len(pooled) == len(table)
    assert set(pooled[["p_0", "p_1", "p_2"]].to_numpy().argmax(axis=1)) == {0, 1, 2}
    assert metrics["accuracy"] > 70 and metrics["f1_score"] == pytest.approx(metrics["accuracy"], abs=8)

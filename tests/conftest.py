"""Fixtures shared by every test folder: a fresh data folder and tiny datasets."""

import os

import pytest

from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.sample_data import synthetic_bars, synthetic_feature_table
from tradepulse.storage import RecordStore

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out of test output

# Small enough that each model trains in about a second.
TINY = Hyperparameters(epochs=2, units=8, batch_size=64, lookback=5, mc_samples=4, early_stopping=False)


@pytest.fixture
def store(tmp_path) -> RecordStore:
    return RecordStore(tmp_path / "records")


@pytest.fixture(scope="session")
def bars():
    return synthetic_bars(tickers=("AAA", "BBB"), bars=120, seed=11)


@pytest.fixture(scope="session")
def feature_table():
    return synthetic_feature_table(rows=240, seed=5)

"""Small synthetic datasets shared by the data manager tests."""

import numpy as np
import pandas as pd
import pytest


def _bars(n: int, ticker: str | None = None, seed: int = 0, start: str = "2024-01-01") -> pd.DataFrame:
    """Daily OHLCV bars as a user would export them: mixed-case names, dates as text."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    bars = pd.DataFrame(
        {
            "Date": pd.date_range(start, periods=n, freq="D").strftime("%Y-%m-%d"),
            "Open": close * (1 + rng.normal(0, 0.003, n)),
            "High": close * (1 + rng.uniform(0.001, 0.02, n)),
            "Low": close * (1 - rng.uniform(0.001, 0.02, n)),
            "Close": close,
            "Volume": rng.integers(1_000, 5_000, n),
        }
    )
    if ticker is not None:
        bars.insert(1, "Ticker", ticker)
    return bars


def _table(n: int, seed: int = 0) -> pd.DataFrame:
    """A feature table with numbers, a category and a three-class text target."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "momentum": rng.normal(0, 1, n),
            "volume_ratio": rng.uniform(0.5, 2, n),
            "sector": rng.choice(["tech", "energy", "health"], n),
            "signal": rng.choice(["Buy", "Hold", "Sell"], n),
        }
    )


@pytest.fixture
def make_bars():
    return _bars


@pytest.fixture
def make_table():
    return _table

"""Synthetic daily OHLCV bars: the bundled sample dataset, test fixtures and benchmark inputs.

Returns follow an AR(1) process (yesterday's move carries into today's), so there is a real but weak
pattern for a model to find. The data is made up and labelled so wherever it is shown.
"""

import numpy as np
import pandas as pd

SAMPLE_FILE_NAME = "sample_market_synthetic.csv"


def synthetic_bars(tickers=("SYNA", "SYNB", "SYNC"), bars: int = 500, seed: int = 7,
                   momentum: float = 0.3, start: str = "2022-01-03") -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(start, periods=bars)
    tables = []
    for index, ticker in enumerate(tickers):
        noise = rng.normal(0.0, 0.012, bars)
        returns = np.empty(bars)
        returns[0] = noise[0]
        for t in range(1, bars):
            returns[t] = momentum * returns[t - 1] + noise[t]
        close = 50.0 * (index + 1) * np.exp(np.cumsum(returns))
        open_ = close * np.exp(-returns * rng.uniform(0.2, 0.8, bars))
        spread = np.abs(rng.normal(0.0, 0.006, bars))
        tables.append(pd.DataFrame({
            "Date": dates,
            "Ticker": ticker,
            "Open": open_.round(4),
            "High": (np.maximum(open_, close) * (1 + spread)).round(4),
            "Low": (np.minimum(open_, close) * (1 - spread)).round(4),
            "Close": close.round(4),
            "Volume": rng.integers(100_000, 1_000_000, bars) * (1 + np.abs(returns) * 20).round(0),
        }))
    return pd.concat(tables, ignore_index=True)


def synthetic_feature_table(rows: int = 400, seed: int = 3, classes=("Buy", "Hold", "Sell")) -> pd.DataFrame:
    """A ready feature table with a string multi-class target that depends on two of its columns."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=rows), rng.normal(size=rows)
    score = x1 + 0.5 * x2 + rng.normal(0, 0.5, rows)
    cuts = np.quantile(score, [1 / 3, 2 / 3])
    target = np.asarray(classes, dtype=object)[np.digitize(score, cuts)]
    return pd.DataFrame({
        "date": pd.date_range("2023-01-01", periods=rows, freq="D"),
        "momentum": x1,
        "value": x2,
        "noise": rng.normal(size=rows),
        "sector": rng.choice(["tech", "energy", "health"], rows),
        "target": target,
    })


if __name__ == "__main__":
    from tradepulse.config import ASSETS_DIR

    synthetic_bars().to_csv(ASSETS_DIR / SAMPLE_FILE_NAME, index=False)
    print(ASSETS_DIR / SAMPLE_FILE_NAME)

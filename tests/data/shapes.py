"""Files shaped like a new user's (issue 12): one stock's daily bars per file, a split, a date + close
series, prose renamed .csv. Shared by the data tests and the GUI state tests."""

import numpy as np
import pandas as pd

SPLIT_DAY = "2000-06-21"


def daily_bars(n: int = 160, seed: int = 0, start: str = "2000-03-01", split_ratio: float | None = None,
               adj_close: str | None = None, ticker: str | None = None) -> pd.DataFrame:
    """Business-day OHLCV bars as Yahoo exports them. With split_ratio, the raw prices before SPLIT_DAY
    are that many times the later scale (a 2:1 split halves the price); `adj_close` names the column
    holding the adjusted close, which has no such jump."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(start, periods=n)
    adjusted = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    scale = np.where(dates < pd.Timestamp(SPLIT_DAY), split_ratio or 1.0, 1.0)
    close = adjusted * scale
    bars = pd.DataFrame({
        "Date": dates.strftime("%Y-%m-%d"),
        "Open": close * (1 + rng.normal(0, 0.003, n)),
        "High": close * (1 + rng.uniform(0.001, 0.02, n)),
        "Low": close * (1 - rng.uniform(0.001, 0.02, n)),
        "Close": close,
        "Volume": rng.integers(1_000_000, 5_000_000, n),
    })
    if adj_close is not None:
        bars.insert(5, adj_close, adjusted)
    if ticker is not None:
        bars.insert(1, "Ticker", ticker)
    return bars


def csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode()


# Meeting notes saved as text and renamed: pandas reads a header line and two rows of one text column.
PROSE = b"Notes from Monday\nWe talked about trimming the AAPL position\nReview the stops on Friday\n"

"""Which prices the features see: split- and dividend-adjusted through an adjusted close (the default) or
raw; and a warning for one-bar jumps that look like a split left in raw prices."""

import numpy as np
import pandas as pd

from tradepulse.data.kinds import ADJ_CLOSE
from tradepulse.errors import DataError

ADJUSTED = "adjusted"
RAW = "raw"
PRICE_CHOICES = (ADJUSTED, RAW)
# Common splits as old:new shares. A close that moves by one of these ratios (within SPLIT_TOLERANCE) in one
# bar is more likely a split than a trade; ordinary days stay far from them (a 20 % fall is 5:4).
SPLIT_RATIOS = ((2, 1), (3, 1), (3, 2), (4, 1), (5, 1), (10, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 10))
SPLIT_TOLERANCE = 0.03
SHOWN_SPLITS = 5  # named in the note; the rest are counted
_OHL = ("open", "high", "low")
_SCALED = (*_OHL, "close")


def _only_adjusted(bars: pd.DataFrame, adjusted: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    """No Close: the adjusted close is the close, and raw open/high/low would not match its scale."""
    unscalable = [name for name in _OHL if name in bars]
    bars = bars.drop(columns=unscalable).assign(close=adjusted)
    if not unscalable:
        return bars, []
    return bars, [f"no close column: the adjusted close is used; {', '.join(unscalable)} left out "
                  "(they cannot be adjusted without the close)"]


def choose_prices(bars: pd.DataFrame, prices: str) -> tuple[pd.DataFrame, list[str]]:
    """Bars (sorted by time) at the chosen prices, without adj_close, and notes on what was done or seen."""
    if prices not in PRICE_CHOICES:
        raise DataError(f"prices must be '{ADJUSTED}' or '{RAW}', not {prices!r}")
    notes = []
    if ADJ_CLOSE in bars:
        bars, adjusted = bars.drop(columns=ADJ_CLOSE), bars[ADJ_CLOSE]
        if "close" not in bars:
            bars, notes = _only_adjusted(bars, adjusted)
        elif prices == ADJUSTED:
            scaled = [name for name in _SCALED if name in bars]
            factor = adjusted / bars["close"].where(bars["close"] != 0)
            bars[scaled] = bars[scaled].mul(factor, axis=0)
            # Volume stays as traded: Adj Close says nothing about it, and a split's jump in share volume
            # shows in the volume features (bar-to-bar change, 20-bar z-score) for 20 bars at most.
            notes.append(f"prices adjusted for splits and dividends ({', '.join(scaled)} × Adj Close / Close); "
                         "volume as traded")
        else:
            notes.append("raw prices: the adjusted close is not used")
    return bars, notes + split_notes(bars)


def _when(time: pd.Timestamp) -> str:
    return time.strftime("%Y-%m-%d") if time == time.normalize() else str(time)


def split_notes(bars: pd.DataFrame) -> list[str]:
    """One note naming the bars whose close jumped from the previous one (same ticker) by a split ratio."""
    close = bars["close"]
    tickers = bars["ticker"] if "ticker" in bars else pd.Series("", index=bars.index)
    jump = (close.groupby(tickers, sort=False).shift(1) / close).to_numpy(np.float64)
    match = np.full(len(bars), -1)
    for index, (old, new) in enumerate(SPLIT_RATIOS):
        match[np.abs(jump * new / old - 1) < SPLIT_TOLERANCE] = index  # NaN and inf never match
    rows = np.flatnonzero(match >= 0)
    if len(rows) == 0:
        return []
    found = []
    for row in rows[:SHOWN_SPLITS]:
        old, new = SPLIT_RATIOS[match[row]]
        ticker = f"{tickers.iloc[row]}, " if tickers.iloc[row] else ""
        found.append(f"{_when(bars['time'].iloc[row])} ({ticker}about {old}:{new})")
    more = f" and {len(rows) - SHOWN_SPLITS} more" if len(rows) > SHOWN_SPLITS else ""
    splits = "split" if len(rows) == 1 else "splits"
    return [f"possible {splits} on {', '.join(found)}{more}: prices look unadjusted"]

"""Market features and the next-bar target, per ticker, from past and current bars only.

Every feature is a trailing window or a backward shift within one ticker, so the value at a bar never
depends on a later bar; only the label looks one bar ahead.
"""

import numpy as np
import pandas as pd
from pandas.api.indexers import BaseIndexer

LABEL_NAME = "next_bar_up"
WARMUP_BARS = 20  # bars of a ticker before every window is full (20 one-bar returns need 21 closes)


class _TickerWindow(BaseIndexer):
    """Fixed bounds (`start`, `end`) for pandas' rolling kernels."""

    def get_window_bounds(self, num_values=0, min_periods=None, center=None, closed=None, step=None):
        return self.start, self.end


class _Bars:
    """Per-ticker shifts and trailing windows over plain arrays. The rows are regrouped ticker by ticker
    (a stable sort: each ticker's bars together, in time order) once, instead of a groupby per feature;
    restore() puts them back in the bars' order."""

    def __init__(self, groups: np.ndarray):
        self.order = np.argsort(groups, kind="stable")
        regrouped = groups[self.order]
        starts = np.flatnonzero(np.r_[True, regrouped[1:] != regrouped[:-1]])
        sizes = np.diff(np.r_[starts, len(groups)])
        self.first = np.repeat(starts, sizes).astype(np.int64)  # the row where each row's ticker begins
        self.stop = self.first + np.repeat(sizes, sizes)  # one past its ticker's last row
        self._windows = {}

    def take(self, column: pd.Series) -> np.ndarray:
        return column.to_numpy(np.float64)[self.order]

    def restore(self, values: np.ndarray) -> np.ndarray:
        restored = np.empty_like(values)
        restored[self.order] = values
        return restored

    def shift(self, values: np.ndarray, periods: int) -> np.ndarray:
        source = np.arange(len(values)) - periods
        inside = (source >= self.first) & (source < self.stop)
        return np.where(inside, values[np.clip(source, 0, len(values) - 1)], np.nan)

    def rolling(self, values: np.ndarray, window: int, stat: str) -> np.ndarray:
        """The trailing `window` rows' stat, NaN until the ticker has `window` rows. The windows never reach
        back before their ticker's first row: the bounds pandas' groupby-rolling gives each group, so its
        kernels return the same numbers."""
        if window not in self._windows:
            end = np.arange(1, len(self.first) + 1, dtype=np.int64)
            self._windows[window] = _TickerWindow(start=np.maximum(end - window, self.first), end=end)
        rolled = pd.Series(values, copy=False).rolling(self._windows[window], min_periods=window)
        return getattr(rolled, stat)().to_numpy()


def _ratio(numerator: np.ndarray, denominator: np.ndarray, when_zero: float) -> np.ndarray:
    """numerator / denominator, with `when_zero` where the denominator is exactly zero."""
    zero = denominator == 0
    return np.where(zero, when_zero, numerator / np.where(zero, np.nan, denominator))


def _rsi(close: np.ndarray, bars: _Bars, window: int = 14) -> np.ndarray:
    # Simple-average RSI: depends on a fixed window, not on where the file happens to start.
    change = close - bars.shift(close, 1)
    gain = bars.rolling(np.maximum(change, 0), window, "mean")
    loss = bars.rolling(np.maximum(-change, 0), window, "mean")
    return 100 * _ratio(gain, gain + loss, when_zero=0.5)  # a flat window reads 50


def _volume_features(bars: pd.DataFrame, by: _Bars) -> dict:
    volume = by.take(bars["volume"])
    log_volume = np.log1p(np.where(volume >= 0, volume, np.nan))
    vol_mean, vol_std = by.rolling(volume, 20, "mean"), by.rolling(volume, 20, "std")
    return {
        "log_volume_change": log_volume - by.shift(log_volume, 1),
        # Constant volume (e.g. always 0 for FX quotes) is "not unusual", not missing.
        "volume_z_20": _ratio(volume - vol_mean, vol_std, when_zero=0.0),
    }


def _range_features(bars: pd.DataFrame, by: _Bars) -> dict:
    high, low, close = by.take(bars["high"]), by.take(bars["low"]), by.take(bars["close"])
    return {
        "range_hl": (high - low) / close,
        "close_position": _ratio(close - low, high - low, when_zero=0.5),
    }


# Features that need more than the close: (columns needed, feature names, builder). Bars without one of
# the columns (a date + close series) get the rest.
_OPTIONAL = (
    (("volume",), ("log_volume_change", "volume_z_20"), _volume_features),
    (("high", "low"), ("range_hl", "close_position"), _range_features),
)


def left_out_features(bars: pd.DataFrame) -> list[str]:
    """A note per group of features the bars lack the columns for."""
    notes = []
    for needs, names, _ in _OPTIONAL:
        missing = [column for column in needs if column not in bars]
        if missing:
            columns = missing[0] + " column" if len(missing) == 1 else ", ".join(missing) + " column(s)"
            notes.append(f"no {columns}: {', '.join(names)} left out")
    return notes


# As pandas does: x/0, 0/0 and overflow give inf or NaN (NaN below), not warnings.
@np.errstate(all="ignore")
def market_features(bars: pd.DataFrame, groups: np.ndarray) -> pd.DataFrame:
    """One row of features per bar; NaN while a window is not yet full or a value is missing."""
    by = _Bars(groups)
    close = by.take(bars["close"])
    ret_1 = close / by.shift(close, 1) - 1
    columns = {
        "return_1": ret_1,
        "return_5": close / by.shift(close, 5) - 1,
        "return_10": close / by.shift(close, 10) - 1,
        "close_sma_5": close / by.rolling(close, 5, "mean"),
        "close_sma_10": close / by.rolling(close, 10, "mean"),
        "close_sma_20": close / by.rolling(close, 20, "mean"),
        "rsi_14": _rsi(close, by),
        "volatility_10": by.rolling(ret_1, 10, "std"),
        "volatility_20": by.rolling(ret_1, 20, "std"),
    }
    for needs, _, build in _OPTIONAL:
        if all(column in bars for column in needs):
            columns.update(build(bars, by))
    # Column-major, so that the DataFrame takes the array as its one block without copying it.
    values = np.empty((len(bars), len(columns)), order="F")
    for index, column in enumerate(columns.values()):
        values[by.order, index] = column  # back in the bars' order
    values[np.isinf(values)] = np.nan
    return pd.DataFrame(values, index=bars.index, columns=list(columns), copy=False)


def next_bar_labels(bars: pd.DataFrame, groups: np.ndarray) -> pd.Series:
    """1.0 when the ticker's next close is higher, else 0.0; NaN on its last bar or a missing close."""
    by = _Bars(groups)
    close = by.take(bars["close"])
    following = by.shift(close, -1)
    up = np.where(np.isnan(following) | np.isnan(close), np.nan, following > close)
    return pd.Series(by.restore(up), index=bars.index, name=LABEL_NAME)

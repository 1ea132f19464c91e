"""Market features and the next-bar target, per ticker, from past and current bars only.

Every feature is a trailing window or a backward shift within one ticker, so the value at a bar never
depends on a later bar; only the label looks one bar ahead.
"""

import numpy as np
import pandas as pd

LABEL_NAME = "next_bar_up"
WARMUP_BARS = 20  # bars of a ticker before every window is full (20 one-bar returns need 21 closes)


class _Bars:
    """Per-ticker shifts and trailing windows over the rows of sorted bars."""

    def __init__(self, groups: np.ndarray):
        self.groups = groups

    def shift(self, values: pd.Series, periods: int) -> pd.Series:
        return values.groupby(self.groups, sort=False).shift(periods)

    def rolling(self, values: pd.Series, window: int, stat: str) -> pd.Series:
        rolled = values.groupby(self.groups, sort=False).rolling(window, min_periods=window).agg(stat)
        return rolled.droplevel(0).reindex(values.index)


def _ratio(numerator: pd.Series, denominator: pd.Series, when_zero: float) -> pd.Series:
    """numerator / denominator, with `when_zero` where the denominator is exactly zero."""
    return (numerator / denominator.where(denominator != 0)).mask(denominator == 0, when_zero)


def _rsi(close: pd.Series, bars: _Bars, window: int = 14) -> pd.Series:
    # Simple-average RSI: depends on a fixed window, not on where the file happens to start.
    change = close - bars.shift(close, 1)
    gain = bars.rolling(change.clip(lower=0), window, "mean")
    loss = bars.rolling((-change).clip(lower=0), window, "mean")
    return 100 * _ratio(gain, gain + loss, when_zero=0.5)  # a flat window reads 50


def _volume_features(bars: pd.DataFrame, by: _Bars) -> dict:
    volume = bars["volume"]
    log_volume = np.log1p(volume.where(volume >= 0))
    vol_mean, vol_std = by.rolling(volume, 20, "mean"), by.rolling(volume, 20, "std")
    return {
        "log_volume_change": log_volume - by.shift(log_volume, 1),
        # Constant volume (e.g. always 0 for FX quotes) is "not unusual", not missing.
        "volume_z_20": _ratio(volume - vol_mean, vol_std, when_zero=0.0),
    }


def _range_features(bars: pd.DataFrame, by: _Bars) -> dict:
    bar_range = bars["high"] - bars["low"]
    return {
        "range_hl": bar_range / bars["close"],
        "close_position": _ratio(bars["close"] - bars["low"], bar_range, when_zero=0.5),
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


def market_features(bars: pd.DataFrame, groups: np.ndarray) -> pd.DataFrame:
    """One row of features per bar; NaN while a window is not yet full or a value is missing."""
    by = _Bars(groups)
    close = bars["close"]
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
    features = pd.DataFrame(columns, index=bars.index).astype("float64")
    return features.replace([np.inf, -np.inf], np.nan)


def next_bar_labels(bars: pd.DataFrame, groups: np.ndarray) -> pd.Series:
    """1.0 when the ticker's next close is higher, else 0.0; NaN on its last bar or a missing close."""
    close = bars["close"]
    following = _Bars(groups).shift(close, -1)
    up = (following > close).astype("float64")
    return up.where(following.notna() & close.notna()).rename(LABEL_NAME)

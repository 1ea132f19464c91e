"""The market features, computed for all tickers at once, equal a plain per-ticker computation exactly."""

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import build_frame


def _reference(bars: pd.DataFrame) -> pd.DataFrame:
    """One ticker's features with plain pandas on that ticker's bars alone: no grouping to get wrong."""
    close, volume, high, low = (bars[name].reset_index(drop=True) for name in ("close", "volume", "high", "low"))

    def ratio(numerator, denominator, when_zero):
        return (numerator / denominator.where(denominator != 0)).mask(denominator == 0, when_zero)

    def mean(values, window):
        return values.rolling(window, min_periods=window).mean()

    ret_1 = close / close.shift(1) - 1
    change = close - close.shift(1)
    gain, loss = mean(change.clip(lower=0), 14), mean((-change).clip(lower=0), 14)
    log_volume = np.log1p(volume.where(volume >= 0))
    features = pd.DataFrame({
        "return_1": ret_1, "return_5": close / close.shift(5) - 1, "return_10": close / close.shift(10) - 1,
        "close_sma_5": close / mean(close, 5), "close_sma_10": close / mean(close, 10),
        "close_sma_20": close / mean(close, 20), "rsi_14": 100 * ratio(gain, gain + loss, 0.5),
        "volatility_10": ret_1.rolling(10, min_periods=10).std(),
        "volatility_20": ret_1.rolling(20, min_periods=20).std(),
        "log_volume_change": log_volume - log_volume.shift(1),
        "volume_z_20": ratio(volume - mean(volume, 20), volume.rolling(20, min_periods=20).std(), 0.0),
        "range_hl": (high - low) / close, "close_position": ratio(close - low, high - low, 0.5),
    })
    return features.replace([np.inf, -np.inf], np.nan)


def _tickers(make_bars, lengths: tuple[int, ...]) -> pd.DataFrame:
    """Tickers of different lengths and start days, interleaved in time, with damaged values."""
    parts = [make_bars(n, f"T{i}", seed=i, start=f"2024-01-{1 + 3 * i:02d}") for i, n in enumerate(lengths)]
    bars = pd.concat(parts, ignore_index=True).sample(frac=1, random_state=0)  # file order is no help
    rng = np.random.default_rng(1)
    for column, value in (("Close", np.nan), ("Close", 0.0), ("Volume", 0), ("High", np.nan), ("Low", 0.0)):
        bars.loc[rng.choice(bars.index, 2, replace=False), column] = value
    first = bars["Ticker"] == "T0"
    bars.loc[first, "Volume"] = 0  # constant volume: z-score 0, not NaN
    return bars


@pytest.mark.parametrize("lengths", [(90, 45, 21, 3), (80,), (50, 50)])
def test_features_equal_a_per_ticker_reference(make_bars, lengths):
    frame = build_frame(_tickers(make_bars, lengths), require_target=False)
    assert len(np.unique(frame.groups)) == len(lengths)
    expected = pd.DataFrame(np.nan, index=frame.features.index, columns=frame.features.columns)
    for code in np.unique(frame.groups):
        rows = np.flatnonzero(frame.groups == code)  # this ticker's bars, in time order
        expected.iloc[rows] = _reference(frame.bars.iloc[rows]).to_numpy()
    assert frame.features.notna().any().all() and frame.features.isna().any().any()
    pd.testing.assert_frame_equal(frame.features, expected, check_exact=True)


def test_labels_follow_each_tickers_own_next_close(make_bars):
    frame = build_frame(_tickers(make_bars, (50, 30, 40)), require_target=False)
    for code in np.unique(frame.groups):
        rows = np.flatnonzero(frame.groups == code)
        close = frame.bars["close"].iloc[rows].reset_index(drop=True)
        following = close.shift(-1)
        expected = (following > close).astype(float).where(following.notna() & close.notna())
        np.testing.assert_array_equal(frame.labels.iloc[rows].to_numpy(), expected.to_numpy())

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import MARKET, build_frame
from tradepulse.errors import DataError

PRICES = ["Open", "High", "Low", "Close"]
WARMUP = 20


def _distort_after(bars: pd.DataFrame, last_day: str) -> pd.DataFrame:
    """Triple the prices and multiply the volume of every bar after `last_day`."""
    future = bars.copy()
    later = pd.to_datetime(future["Date"]) > pd.Timestamp(last_day)
    future.loc[later, PRICES] *= 3
    future.loc[later, "Volume"] *= 7
    return future


@pytest.mark.parametrize("t", [20, 45, 78])
def test_features_never_look_ahead(make_bars, t):
    bars = make_bars(80)
    base = build_frame(bars)
    future = pd.concat([_distort_after(bars, bars.loc[t, "Date"]), make_bars(10, seed=9, start="2024-06-01")])
    changed = build_frame(future)
    pd.testing.assert_frame_equal(changed.features.iloc[: t + 1], base.features.iloc[: t + 1])
    pd.testing.assert_frame_equal(changed.meta.iloc[: t + 1], base.meta.iloc[: t + 1])
    pd.testing.assert_series_equal(changed.labels.iloc[:t], base.labels.iloc[:t])
    assert changed.labels.iloc[t] == 1.0  # the next close tripled: only the label may see it
    assert changed.features.iloc[t + 1]["return_1"] != base.features.iloc[t + 1]["return_1"]


def test_two_tickers_never_look_ahead(make_bars):
    bars = pd.concat([make_bars(60, "AAA", seed=1), make_bars(60, "BBB", seed=2)], ignore_index=True)
    base = build_frame(bars)
    last_day = "2024-02-10"
    changed = build_frame(_distort_after(bars, last_day))
    seen = int((base.meta["time"] <= pd.Timestamp(last_day)).sum())
    assert seen == 2 * 41  # both tickers, interleaved day by day
    pd.testing.assert_frame_equal(changed.features.iloc[:seen], base.features.iloc[:seen])
    pd.testing.assert_series_equal(changed.labels.iloc[: seen - 2], base.labels.iloc[: seen - 2])
    assert not changed.features.iloc[seen : seen + 2].equals(base.features.iloc[seen : seen + 2])


@pytest.mark.parametrize("cut", [5, 21, 40, 79])
def test_a_prefix_of_the_bars_gives_a_prefix_of_the_features(make_bars, cut):
    bars = pd.concat([make_bars(80, "AAA", seed=3), make_bars(80, "BBB", seed=4)], ignore_index=True)
    full = build_frame(bars)
    rows = (pd.to_datetime(bars["Date"]) <= pd.Timestamp("2024-01-01") + pd.Timedelta(days=cut)).to_numpy()
    prefix = build_frame(bars[rows], require_target=False)
    pd.testing.assert_frame_equal(prefix.features, full.features.iloc[: prefix.n_rows])


def test_rows_are_chronological_whatever_the_file_order(make_bars):
    bars = pd.concat([make_bars(40, "BBB", seed=1), make_bars(40, "AAA", seed=2)], ignore_index=True)
    frame = build_frame(bars)
    shuffled = build_frame(bars.sample(frac=1, random_state=0))
    assert frame.meta["time"].is_monotonic_increasing
    assert frame.meta["ticker"].iloc[:4].tolist() == ["AAA", "BBB", "AAA", "BBB"]
    assert frame.groups[:4].tolist() == [0, 1, 0, 1]
    pd.testing.assert_frame_equal(shuffled.features, frame.features)


def test_labels_are_next_close_higher_and_last_bar_has_none(make_bars):
    bars = pd.concat([make_bars(50, "AAA", seed=5), make_bars(40, "BBB", seed=6)], ignore_index=True)
    frame = build_frame(bars)
    for code, ticker in enumerate(["AAA", "BBB"]):
        rows = np.flatnonzero(frame.groups == code)
        close = bars.loc[bars["Ticker"] == ticker, "Close"].to_numpy()
        expected = (close[1:] > close[:-1]).astype(float)
        np.testing.assert_array_equal(frame.labels.iloc[rows[:-1]].to_numpy(), expected)
        assert np.isnan(frame.labels.iloc[rows[-1]])
        assert not frame.trainable[rows[-1]]


def test_an_unchanged_close_is_not_up(make_bars):
    bars = make_bars(40)
    bars.loc[31, "Close"] = bars.loc[30, "Close"]
    assert build_frame(bars).labels.iloc[30] == 0.0


def test_warm_up_rows_are_unusable_and_noted(make_bars):
    bars = pd.concat([make_bars(50, "AAA", seed=5), make_bars(40, "BBB", seed=6)], ignore_index=True)
    frame = build_frame(bars)
    for code in (0, 1):
        usable = frame.usable[frame.groups == code]
        assert not usable[:WARMUP].any()
        assert usable[WARMUP:].all()
    assert frame.notes == ("40 warm-up rows (first 20 bars of each ticker) are not used",)
    assert int(frame.trainable.sum()) == (50 - WARMUP - 1) + (40 - WARMUP - 1)


def test_frame_fields_without_ticker(make_bars):
    frame = build_frame(make_bars(40))
    assert frame.kind == MARKET
    assert frame.target_name == "next_bar_up"
    assert list(frame.meta.columns) == ["time", "close"]
    assert frame.meta["time"].dtype.kind == "M"
    assert (frame.groups == 0).all()
    assert (frame.features.dtypes == "float64").all()
    assert len(frame.features.columns) == 13
    assert frame.n_rows == len(frame.labels) == len(frame.meta) == len(frame.usable) == 40


def test_zero_and_flat_volume_and_range_stay_finite(make_bars):
    bars = make_bars(40)
    bars["Volume"] = 0
    bars.loc[30, ["Open", "High", "Low"]] = bars.loc[30, "Close"]
    frame = build_frame(bars)
    assert np.isfinite(frame.features.iloc[WARMUP:].to_numpy()).all()
    assert frame.usable[WARMUP:].all()
    assert (frame.features["volume_z_20"].iloc[WARMUP:] == 0).all()
    assert frame.features.loc[30, "close_position"] == 0.5


def test_missing_or_zero_prices_make_rows_unusable_not_infinite(make_bars):
    bars = make_bars(60)
    bars.loc[40, "Close"] = np.nan
    bars.loc[45, "Close"] = 0.0
    frame = build_frame(bars)
    assert not np.isinf(frame.features.to_numpy()).any()
    assert not frame.usable[40] and not frame.usable[45]
    assert np.isnan(frame.labels.iloc[39]) and np.isnan(frame.labels.iloc[40])
    assert any(note.endswith("rows with missing or invalid prices are not used") for note in frame.notes)


def test_repeated_bars_keep_the_last(make_bars):
    bars = make_bars(40, "AAA")
    repeat = bars.iloc[[10]].assign(Close=123.0)
    frame = build_frame(pd.concat([bars, repeat], ignore_index=True))
    assert frame.n_rows == 40
    assert frame.meta["close"].iloc[10] == 123.0
    assert "dropped 1 repeated bars (same time and ticker); kept the last of each" in frame.notes


def test_too_short_history(make_bars):
    with pytest.raises(DataError, match="needs over 21 bars per ticker"):
        build_frame(make_bars(21))
    assert not build_frame(make_bars(15), require_target=False).usable.any()


def test_prices_that_only_rise_have_a_single_class(make_bars):
    bars = make_bars(40)
    bars["Close"] = np.arange(100.0, 140.0)
    with pytest.raises(DataError, match="target 'next_bar_up' has a single value"):
        build_frame(bars)

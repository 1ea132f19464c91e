"""A date and a close are market data: the features that need other columns are left out, and said so."""

import pytest

from tradepulse.data import MARKET, TABLE, TargetMissing, build_frame, detect_kind

from .shapes import daily_bars

CLOSE_ONLY = ["return_1", "return_5", "return_10", "close_sma_5", "close_sma_10", "close_sma_20", "rsi_14",
              "volatility_10", "volatility_20"]
NO_VOLUME = "no volume column: log_volume_change, volume_z_20 left out"
NO_RANGE = "no high, low column(s): range_hl, close_position left out"


def test_a_date_and_close_series_is_market_data():
    series = daily_bars()[["Date", "Close"]]
    assert detect_kind(series) == MARKET
    frame = build_frame(series)
    assert frame.kind == MARKET and frame.target_name == "next_bar_up"
    assert sorted(frame.features.columns) == sorted(CLOSE_ONLY)
    assert frame.trainable.sum() == len(series) - 21  # warm-up and the last bar: nothing else is lost
    assert NO_VOLUME in frame.notes and NO_RANGE in frame.notes


def test_an_adjusted_close_alone_is_the_close():
    series = daily_bars(split_ratio=2.0, adj_close="Adj Close")[["Date", "Adj Close"]]
    frame = build_frame(series)
    assert frame.meta["close"].tolist() == series["Adj Close"].tolist()
    assert set(frame.features.columns) == set(CLOSE_ONLY)


def test_only_the_features_whose_columns_are_missing_are_left_out():
    frame = build_frame(daily_bars().drop(columns=["High", "Low", "Open"]))
    assert set(frame.features.columns) == set(CLOSE_ONLY) | {"log_volume_change", "volume_z_20"}
    assert NO_RANGE in frame.notes and NO_VOLUME not in frame.notes
    assert not any("left out" in note for note in build_frame(daily_bars().drop(columns=["Open"])).notes)


def test_a_date_and_close_with_a_target_column_stays_a_feature_table():
    table = daily_bars()[["Date", "Close"]].assign(target=[0, 1] * 80)
    assert detect_kind(table) == TABLE
    assert build_frame(table).target_name == "target"


def test_a_missing_target_is_its_own_error_in_words_for_any_caller(make_table):
    with pytest.raises(TargetMissing, match="no target column") as caught:
        build_frame(make_table(30))
    assert "--target" not in str(caught.value) and "sidebar" not in str(caught.value)

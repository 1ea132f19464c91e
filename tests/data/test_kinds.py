import pandas as pd
import pytest

from tradepulse.data import MARKET, TABLE, build_frame, detect_kind
from tradepulse.errors import DataError


def test_ohlcv_in_any_case_and_spacing_is_market(make_bars):
    bars = make_bars(5).rename(columns={"Close": " CLOSE ", "Date": "Timestamp"})
    assert detect_kind(bars) == MARKET


def test_feature_table_is_table(make_bars, make_table):
    assert detect_kind(make_table(5)) == TABLE
    assert detect_kind(make_bars(5).drop(columns=["Close"])) == TABLE  # open/high/low/volume make no series
    assert detect_kind(make_bars(5).drop(columns=["Date"])) == TABLE


def test_kind_table_overrides_detection(make_bars):
    bars = make_bars(40)
    bars["target"] = [0, 1] * 20
    frame = build_frame(bars, kind="table")
    assert frame.kind == TABLE
    assert frame.target_name == "target"
    assert "Close" in frame.features.columns
    assert frame.labels.tolist() == [0, 1] * 20


def test_kind_market_on_a_table_lists_the_missing_columns(make_table):
    with pytest.raises(DataError, match=r"needs columns date, close \(missing\)"):
        build_frame(make_table(30), kind="market")


def test_unknown_kind(make_bars):
    with pytest.raises(DataError, match="unknown data kind 'bars'"):
        build_frame(make_bars(30), kind="bars")


def test_separate_date_and_time_of_day_columns_are_joined(make_bars):
    bars = make_bars(60)
    bars["Date"] = "2024-03-01"
    bars.insert(1, "Time", pd.date_range("09:30", periods=60, freq="min").strftime("%H:%M"))
    frame = build_frame(bars)
    assert frame.meta["time"].iloc[0] == pd.Timestamp("2024-03-01 09:30")
    assert frame.meta["time"].is_unique


def test_unparseable_time(make_bars):
    bars = make_bars(30)
    bars.loc[3, "Date"] = "not a day"
    with pytest.raises(DataError, match="column 'Date' has values that are not dates"):
        build_frame(bars)


def test_empty_time(make_bars):
    bars = make_bars(30)
    bars.loc[[3, 4], "Date"] = None
    with pytest.raises(DataError, match="column 'Date' has 2 empty dates"):
        build_frame(bars)


def test_non_numeric_price_names_the_column(make_bars):
    bars = make_bars(30).astype({"High": object})
    bars.loc[5, "High"] = "n/a"
    with pytest.raises(DataError, match=r"column 'high' has 1 values that are not numbers \(e.g. 'n/a'\)"):
        build_frame(bars)


def test_repeated_column_names(make_bars):
    bars = make_bars(30)
    bars["close "] = bars["Close"]
    with pytest.raises(DataError, match="columns appear twice .*: close"):
        build_frame(bars)


def test_market_rejects_another_target(make_bars):
    with pytest.raises(DataError, match="to predict 'Close', load it as a table"):
        build_frame(make_bars(40), target="Close")

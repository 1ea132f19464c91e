import numpy as np
import pandas as pd
import pytest

from tradepulse.data import TABLE, TargetMissing, build_frame
from tradepulse.errors import DataError


def test_text_target_with_three_classes(make_table):
    table = make_table(30)
    frame = build_frame(table, target="signal")
    assert frame.kind == TABLE
    assert frame.target_name == "signal"
    assert frame.labels.tolist() == table["signal"].tolist()
    assert list(frame.features.columns) == ["momentum", "volume_ratio", "sector"]
    assert frame.features["momentum"].dtype == "float64"
    assert frame.features["sector"].tolist() == table["sector"].tolist()
    assert frame.usable.all() and frame.trainable.all()
    assert frame.notes == ()


def test_target_column_found_by_name_in_any_case(make_table):
    table = make_table(30).rename(columns={"signal": " Target "})
    assert build_frame(table).target_name == "Target"
    assert build_frame(table, target="TARGET").target_name == "Target"


def test_date_column_orders_rows_and_goes_to_meta(make_table):
    table = make_table(30)
    table.insert(0, "Date", pd.date_range("2024-01-01", periods=30, freq="D").strftime("%Y-%m-%d"))
    shuffled = table.sample(frac=1, random_state=1)
    frame = build_frame(shuffled, target="signal")
    assert frame.meta["time"].is_monotonic_increasing
    assert frame.meta["time"].iloc[0] == pd.Timestamp("2024-01-01")
    assert "Date" not in frame.features.columns
    np.testing.assert_array_equal(frame.features["momentum"].to_numpy(), table["momentum"].to_numpy())
    assert frame.labels.tolist() == table["signal"].tolist()


def test_equal_dates_keep_file_order(make_table):
    table = make_table(30).assign(when=pd.Timestamp("2024-01-01"))
    frame = build_frame(table, target="signal")
    np.testing.assert_array_equal(frame.features["momentum"].to_numpy(), table["momentum"].to_numpy())


def test_rows_without_target_are_dropped_and_noted(make_table):
    table = make_table(30).astype({"signal": object})
    table.loc[[2, 7, 11], "signal"] = None
    frame = build_frame(table, target="signal")
    assert frame.n_rows == 27
    assert frame.labels.notna().all()
    assert frame.features["momentum"].iloc[2] == table["momentum"].iloc[3]
    assert "dropped 3 rows without a 'signal' value" in frame.notes


def test_whole_number_target_with_gaps_stays_int(make_table):
    table = make_table(30).assign(signal=[1.0, 0.0, np.nan] * 10)
    frame = build_frame(table, target="signal")
    assert frame.labels.dtype == "int64"
    assert frame.labels.tolist() == [1, 0] * 10


def test_infinite_values_are_refused(make_table):
    table = make_table(30)
    table.loc[[4, 5], "volume_ratio"] = [np.inf, -np.inf]
    with pytest.raises(DataError, match="column 'volume_ratio' has infinite values in 2 rows"):
        build_frame(table, target="signal")


def test_constant_target_is_refused(make_table):
    with pytest.raises(DataError, match="target 'signal' has a single value \\('Buy'\\)"):
        build_frame(make_table(30).assign(signal="Buy"), target="signal")


def test_continuous_target_is_refused(make_table):
    with pytest.raises(DataError, match="target 'momentum' has 60 distinct values"):
        build_frame(make_table(60), target="momentum")


def test_id_and_empty_columns_are_ignored_with_a_note(make_table):
    table = make_table(60).assign(order_id=[f"ord-{i}" for i in range(60)], blank=np.nan)
    frame = build_frame(table, target="signal")
    assert list(frame.features.columns) == ["momentum", "volume_ratio", "sector"]
    assert "ignored empty column(s): blank" in frame.notes
    assert any(note.startswith("ignored column(s) order_id:") for note in frame.notes)


def test_no_feature_column(make_table):
    table = make_table(60)[["signal"]].assign(order_id=[f"ord-{i}" for i in range(60)])
    with pytest.raises(DataError, match="no usable feature columns"):
        build_frame(table, target="signal")


def test_missing_target_column(make_table):
    with pytest.raises(DataError, match="target column 'label' not found \\(columns: momentum, volume_ratio"):
        build_frame(make_table(30), target="label")
    with pytest.raises(TargetMissing, match="no target column: none is named 'target'"):
        build_frame(make_table(30))


def test_prediction_needs_no_target(make_table):
    frame = build_frame(make_table(30).drop(columns=["signal"]), require_target=False)
    assert frame.labels is None and frame.target_name is None
    assert not frame.trainable.any()
    assert frame.n_rows == 30


def test_ticker_column_gives_groups_and_meta(make_table):
    table = make_table(30).assign(symbol=["ZZZ", "AAA", "MMM"] * 10)
    frame = build_frame(table, target="signal")
    assert frame.groups[:3].tolist() == [2, 0, 1]
    assert frame.meta["ticker"].tolist() == table["symbol"].tolist()
    assert "symbol" not in frame.features.columns


def test_no_rows(make_table):
    with pytest.raises(DataError, match="the data has no rows"):
        build_frame(make_table(0), target="signal")

import json

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import Preprocessor, build_frame
from tradepulse.errors import DataError, StorageError

TRAIN = np.arange(30)


def _frame(table: pd.DataFrame, **kwargs):
    return build_frame(table, target="signal", **kwargs)


def test_learns_from_training_rows_only(make_table):
    table = make_table(40)
    spoiled = table.copy()
    spoiled.loc[30:, "momentum"] = 1e9
    spoiled.loc[30:, "sector"] = "crypto"
    spoiled.loc[30:, "signal"] = "Short"
    fitted = Preprocessor.fit(_frame(spoiled), TRAIN)
    assert fitted.to_dict() == Preprocessor.fit(_frame(table), TRAIN).to_dict()
    train = table["momentum"].iloc[:30]
    assert fitted.means[0] == pytest.approx(train.mean())
    assert fitted.scales[0] == pytest.approx(train.std(ddof=0))
    assert fitted.classes == ["Buy", "Hold", "Sell"]


def test_output_columns_and_scaling(make_table):
    frame = _frame(make_table(40))
    prep = Preprocessor.fit(frame, TRAIN)
    assert prep.feature_names == ["momentum", "volume_ratio", "sector=energy", "sector=health", "sector=tech"]
    inputs = prep.transform(frame)
    assert inputs.dtype == np.float32 and inputs.shape == (40, 5)
    np.testing.assert_allclose(inputs[:30, :2].mean(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(inputs[:30, :2].std(axis=0), 1, atol=1e-5)
    np.testing.assert_array_equal(inputs[:, 2:].sum(axis=1), 1)
    assert inputs[0, 2 + ["energy", "health", "tech"].index(frame.features["sector"].iloc[0])] == 1


def test_missing_numbers_take_the_training_median(make_table):
    table = make_table(40)
    table.loc[35, "momentum"] = np.nan
    frame = _frame(table)
    prep = Preprocessor.fit(frame, TRAIN)
    inputs = prep.transform(frame)
    median = table["momentum"].iloc[:30].median()
    assert inputs[35, 0] == pytest.approx((median - prep.means[0]) / prep.scales[0], abs=1e-6)


def test_unknown_or_missing_category_is_all_zeros(make_table):
    frame = _frame(make_table(40))
    prep = Preprocessor.fit(frame, TRAIN)
    later = make_table(4, seed=1).assign(sector=["crypto", None, "tech", "energy"])
    inputs = prep.transform(build_frame(later, target="signal", require_target=False))
    np.testing.assert_array_equal(inputs[:, 2:].sum(axis=1), [0, 0, 1, 1])


def test_round_trip_through_json_gives_identical_inputs(make_table):
    table = make_table(40)
    table.loc[3, "volume_ratio"] = np.nan
    frame = _frame(table)
    prep = Preprocessor.fit(frame, TRAIN)
    loaded = Preprocessor.from_dict(json.loads(json.dumps(prep.to_dict())))
    np.testing.assert_array_equal(loaded.transform(frame), prep.transform(frame))
    assert (loaded.feature_names, loaded.classes) == (prep.feature_names, prep.classes)
    assert (loaded.kind, loaded.target_name) == ("table", "signal")


def test_malformed_dict_is_a_storage_error(make_table):
    saved = Preprocessor.fit(_frame(make_table(40)), TRAIN).to_dict()
    with pytest.raises(StorageError, match="lacks classes"):
        Preprocessor.from_dict({k: v for k, v in saved.items() if k != "classes"})
    with pytest.raises(StorageError, match="inconsistent"):
        Preprocessor.from_dict({**saved, "medians": saved["medians"][:1]})


def test_missing_numeric_column_is_named(make_table):
    prep = Preprocessor.fit(_frame(make_table(40)), TRAIN)
    later = build_frame(make_table(10).drop(columns=["momentum"]).assign(extra=1.0), require_target=False)
    with pytest.raises(DataError, match="lacks feature column\\(s\\) used in training: momentum"):
        prep.transform(later)


def test_encode_labels(make_table):
    prep = Preprocessor.fit(_frame(make_table(40)), TRAIN)
    codes = prep.encode_labels(pd.Series(["Sell", None, "Buy", "Hold"]))
    assert codes.tolist() == [2, -1, 0, 1]
    with pytest.raises(DataError, match="never seen in training: 'Short'"):
        prep.encode_labels(pd.Series(["Buy", "Short"]))


def test_market_classes_are_ints_and_every_row_is_filled(make_bars):
    frame = build_frame(make_bars(60))
    prep = Preprocessor.fit(frame, frame.trainable)
    assert prep.classes == [0, 1] and all(type(c) is int for c in prep.classes)
    assert json.loads(json.dumps(prep.to_dict()))["classes"] == [0, 1]
    inputs = prep.transform(frame)
    assert not np.isnan(inputs).any()
    codes = prep.encode_labels(frame.labels)
    np.testing.assert_array_equal(codes[:-1], frame.labels.iloc[:-1].to_numpy().astype(int))
    assert codes[-1] == -1


def test_no_training_rows(make_table):
    with pytest.raises(DataError, match="no training rows"):
        Preprocessor.fit(_frame(make_table(40)), np.array([], dtype=int))

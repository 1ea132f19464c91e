import copy

import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import SCHEMA_VERSION, from_dict, to_dict

SEED_RECORD = {
    "model_name": "ADM",
    "timestamp": "2023-03-04T05:06:07",
    "hyperparameters": {"epochs": 5},
    "performance_metrics": {"accuracy": 0.51},
    "dataset_info": {"rows": 100},
    "training_status": "completed",
}


def test_version_zero_is_upgraded_without_touching_the_input():
    original = copy.deepcopy(SEED_RECORD)
    record = from_dict(SEED_RECORD)
    assert record == {**original, "schema_version": SCHEMA_VERSION, "run_id": None,
                      "evaluation": {"method": "holdout", "folds": [], "summary": {}}}
    assert SEED_RECORD == original


def test_version_zero_with_only_the_required_fields_gets_defaults():
    minimal = {"model_name": "ADM", "timestamp": "2023-03-04", "training_status": "failed"}
    record = from_dict(minimal)
    assert record["hyperparameters"] == {}
    assert record["performance_metrics"] == {}
    assert record["dataset_info"] == {}
    assert record["schema_version"] == SCHEMA_VERSION


def test_current_version_passes_through_as_a_copy():
    data = {**SEED_RECORD, "schema_version": SCHEMA_VERSION, "run_id": "ADM_1", "extra": [1]}
    record = from_dict(data)
    assert record == data
    assert record is not data


@pytest.mark.parametrize("data, reason", [
    ([SEED_RECORD], "not a JSON object"),
    ({**SEED_RECORD, "schema_version": SCHEMA_VERSION + 1}, "written by a newer TradePulse"),
    ({**SEED_RECORD, "schema_version": "1"}, "invalid schema_version: '1'"),
    ({**SEED_RECORD, "schema_version": True}, "invalid schema_version: True"),
    ({**SEED_RECORD, "schema_version": -1}, "invalid schema_version: -1"),
    ({"hyperparameters": {}}, "missing fields: model_name, timestamp, training_status"),
    ({**SEED_RECORD, "training_status": 3}, "field 'training_status' is not text"),
])
def test_what_is_not_a_record_says_why(data, reason):
    with pytest.raises(StorageError) as caught:
        from_dict(data)
    assert str(caught.value) == reason


def test_to_dict_stamps_the_version_on_a_copy():
    record = dict(SEED_RECORD)
    data = to_dict(record)
    assert data == {**SEED_RECORD, "schema_version": SCHEMA_VERSION}
    assert "schema_version" not in record


def test_to_dict_refuses_an_incomplete_record():
    with pytest.raises(StorageError, match="missing fields: timestamp"):
        to_dict({"model_name": "ADM", "training_status": "completed"})


def test_round_trip():
    assert from_dict(to_dict(SEED_RECORD)) == {**SEED_RECORD, "schema_version": SCHEMA_VERSION}

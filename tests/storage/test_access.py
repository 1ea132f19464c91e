"""Reaching one run by id: path_of, load, update, delete, and ids that try to escape."""

import json

import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import SCHEMA_VERSION

from .helpers import T0, make_record, names, write_raw

TRAVERSAL_IDS = ["../evil", "/etc/passwd", "a/b", "a\\b", "x\x00y", "", "..", "../data/x"]


def test_path_of_and_model_dir_stay_in_the_data_folder(store):
    assert store.path_of("alpha_1") == store.root / "alpha_1.json"
    assert store.model_dir("alpha_1") == store.root / "models" / "alpha_1"
    assert not store.model_dir("alpha_1").exists()


@pytest.mark.parametrize("run_id", TRAVERSAL_IDS)
@pytest.mark.parametrize("action", ["path_of", "load", "delete", "model_dir", "open_model_dir"])
def test_traversal_ids_are_refused_and_touch_nothing(store, tmp_path, run_id, action):
    write_raw(tmp_path, "evil.json", make_record(timestamp="2024-01-01T00:00:00"))
    (tmp_path / "evil").mkdir()
    with pytest.raises(StorageError, match="invalid run id"):
        getattr(store, action)(run_id)
    assert names(tmp_path) == ["data", "evil", "evil.json"]
    assert names(store.root) == []


def test_a_record_symlinked_outside_is_not_read_but_can_be_deleted(store, tmp_path):
    secret = write_raw(tmp_path, "secret.json", make_record(timestamp="2024-01-01T00:00:00"))
    (store.root / "alpha_1.json").symlink_to(secret)
    with pytest.raises(StorageError, match="outside the data folder"):
        store.load("alpha_1")
    store.delete("alpha_1")
    assert names(store.root) == []
    assert secret.exists()


def test_load_returns_what_was_saved(store):
    record = make_record(marker=[1, 2])
    run_id = store.save_new(record, when=T0)
    assert store.load(run_id) == record


def test_load_of_a_missing_run(store):
    with pytest.raises(StorageError) as caught:
        store.load("alpha_1")
    assert str(caught.value) == "no run 'alpha_1'"


@pytest.mark.parametrize("content, reason", [
    ("{oops", "not valid JSON"), ("", "empty file"), ("[1]", "not a JSON object"),
    (json.dumps({"schema_version": 99}), "written by a newer TradePulse"),
])
def test_load_of_a_bad_file_says_why(store, content, reason):
    write_raw(store.root, "alpha_1.json", content)
    with pytest.raises(StorageError) as caught:
        store.load("alpha_1")
    assert str(caught.value) == f"run 'alpha_1' cannot be read: {reason}"


def test_load_of_a_symlink_loop_is_a_storage_error(store):
    (store.root / "alpha_1.json").symlink_to(store.root / "alpha_1.json")
    with pytest.raises(StorageError, match="cannot be read: cannot read: Too many levels"):
        store.load("alpha_1")


def test_load_upgrades_a_seed_app_record(store):
    write_raw(store.root, "old_20230101_120000.json", {
        "model_name": "old", "timestamp": "2023-01-01T12:00:00", "training_status": "completed",
        "hyperparameters": {"epochs": 5}})
    record = store.load("old_20230101_120000")
    assert record["schema_version"] == SCHEMA_VERSION
    assert record["run_id"] == "old_20230101_120000"
    assert record["hyperparameters"] == {"epochs": 5}
    assert record["performance_metrics"] == {} and record["dataset_info"] == {}


def test_delete_removes_the_record_and_its_model_folder(store):
    run_id = store.save_new(make_record(), when=T0)
    other = store.save_new(make_record(), when=T0)
    for rid in (run_id, other):
        store.model_dir(rid).mkdir(parents=True)
        (store.model_dir(rid) / "model.keras").write_text("weights")
    store.delete(run_id)
    assert names(store.root) == [f"{other}.json", "models"]
    assert names(store.root / "models") == [other]
    with pytest.raises(StorageError, match="no run"):
        store.delete(run_id)


def test_delete_finishes_an_interrupted_delete(store):
    store.model_dir("alpha_1").mkdir(parents=True)
    store.delete("alpha_1")
    assert names(store.root / "models") == []


def test_update_replaces_the_record_of_a_run(store):
    run_id = store.save_new(make_record(status="running"), when=T0)
    finished = make_record(status="completed", timestamp="2024-01-02T03:04:05", marker="end")
    store.update(run_id, finished)
    assert store.load(run_id) == {**finished, "run_id": run_id, "schema_version": SCHEMA_VERSION}
    assert finished["run_id"] == run_id
    assert names(store.root) == [f"{run_id}.json"]


def test_update_does_not_bring_back_a_deleted_run(store):
    run_id = store.save_new(make_record(), when=T0)
    store.delete(run_id)
    with pytest.raises(StorageError, match="no run"):
        store.update(run_id, make_record(timestamp="2024-01-02T03:04:05"))
    assert names(store.root) == []


def test_update_refuses_an_incomplete_record_and_keeps_the_old_one(store):
    run_id = store.save_new(make_record(marker="old"), when=T0)
    with pytest.raises(StorageError, match="missing fields: timestamp"):
        store.update(run_id, make_record())
    assert store.load(run_id)["marker"] == "old"

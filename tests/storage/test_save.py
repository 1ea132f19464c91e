"""save_new: new run ids, never an overwrite, safe across threads and processes."""

import errno
import json
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import SCHEMA_VERSION, RecordStore

from .helpers import T0, make_record, names, raiser


def test_save_new_writes_the_record_with_run_id_and_version(store):
    record = make_record(marker=1)
    run_id = store.save_new(record, when=T0)
    assert run_id == "alpha_20240102_030405"
    on_disk = json.loads((store.root / f"{run_id}.json").read_text())
    assert on_disk == {**make_record(marker=1), "run_id": run_id, "schema_version": SCHEMA_VERSION,
                       "timestamp": "2024-01-02T03:04:05"}
    assert record["run_id"] == run_id and record["schema_version"] == SCHEMA_VERSION
    assert names(store.root) == [f"{run_id}.json"]


def test_save_new_keeps_a_timestamp_the_trainer_set(store):
    run_id = store.save_new(make_record(timestamp="2023-05-06T07:08:09"), when=T0)
    assert store.load(run_id)["timestamp"] == "2023-05-06T07:08:09"


def test_same_second_saves_get_suffixes_and_never_overwrite(store):
    ids = [store.save_new(make_record(marker=n), when=T0) for n in range(3)]
    assert ids == ["alpha_20240102_030405", "alpha_20240102_030405_2", "alpha_20240102_030405_3"]
    assert [store.load(run_id)["marker"] for run_id in ids] == [0, 1, 2]


def test_a_taken_name_is_not_overwritten_even_when_the_precheck_misses_it(store, monkeypatch):
    first = store.save_new(make_record(marker="first"), when=T0)
    # Another process may create the file right after our existence check: only link() decides.
    monkeypatch.setattr(os.path, "lexists", lambda path: False)
    second = store.save_new(make_record(marker="second"), when=T0)
    assert second == f"{first}_2"
    assert store.load(first)["marker"] == "first"


def test_twenty_threads_saving_in_one_second_get_twenty_files(store):
    barrier = threading.Barrier(20)
    ids = [None] * 20

    def save(n):
        barrier.wait()
        ids[n] = store.save_new(make_record(marker=n), when=T0)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 20
    assert sorted(store.load(run_id)["marker"] for run_id in ids) == list(range(20))
    assert len(names(store.root)) == 20


def _save_five(root):
    store = RecordStore(root)
    return [store.save_new(make_record(marker=f"{os.getpid()}-{n}"), when=T0) for n in range(5)]


def test_processes_saving_in_one_second_never_share_a_run_id(store):
    with ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("fork")) as pool:
        ids = [run_id for batch in pool.map(_save_five, [store.root] * 3) for run_id in batch]
    assert len(set(ids)) == 15
    assert len({store.load(run_id)["marker"] for run_id in ids}) == 15


@pytest.mark.parametrize("model", ["../evil", "a/b", "", None, "x" * 101])
def test_save_new_rejects_unsafe_model_names_before_writing(store, tmp_path, model):
    with pytest.raises(StorageError, match="model name"):
        store.save_new(make_record(model=model), when=T0)
    assert names(tmp_path) == ["data"]
    assert names(store.root) == []


def test_longest_allowed_model_name_still_gives_a_valid_run_id(store):
    run_id = store.save_new(make_record(model="m" * 100), when=T0)
    assert store.load(run_id)["model_name"] == "m" * 100


def test_save_new_refuses_a_record_listing_would_skip(store):
    record = make_record()
    del record["training_status"]
    with pytest.raises(StorageError, match="missing fields: training_status"):
        store.save_new(record, when=T0)
    assert names(store.root) == []


def test_disk_full_while_saving_leaves_existing_records_alone(store, monkeypatch):
    kept = store.save_new(make_record(marker="kept"), when=T0)
    monkeypatch.setattr(os, "fsync", raiser(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(StorageError, match="No space left on device"):
        store.save_new(make_record(model="beta"), when=T0)
    assert names(store.root) == [f"{kept}.json"]
    assert store.load(kept)["marker"] == "kept"


def test_store_on_an_unusable_root_is_a_storage_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StorageError, match="cannot create data folder"):
        RecordStore(tmp_path / "file")

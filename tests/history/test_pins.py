"""Pinning a run for Predict: only completed runs, kept in the data folder, used before the newest,
and dropped with a message when the run is deleted."""

import shutil

import pytest

from tradepulse.errors import StorageError
from tradepulse.predict import predict
from tradepulse.storage import RecordStore
from tradepulse.storage.index import INDEX_DIR

MARKET, MARKET_2, TABLE, FAILED = range(4)


def test_predict_uses_the_pinned_run_before_the_newest(history, bars):
    store, runs = history
    newest = store.latest("CIPO")["run_id"]
    assert newest == runs[TABLE]  # trained last
    assert store.pin(runs[MARKET]) == "CIPO"
    assert store.pinned() == {"CIPO": runs[MARKET]}
    assert predict(store, bars, model_name="CIPO").run_id == runs[MARKET]
    assert predict(store, bars, run_id=runs[MARKET_2]).run_id == runs[MARKET_2]  # an explicit run still wins


def test_a_pin_lives_in_the_data_folder_not_in_the_index(history):
    store, runs = history
    store.pin(runs[MARKET_2])
    shutil.rmtree(store.root / INDEX_DIR, ignore_errors=True)
    fresh = RecordStore(store.root)
    assert fresh.pinned() == {"CIPO": runs[MARKET_2]}
    assert fresh.list().skipped == [] and fresh.index.skipped() == []  # the pin file is no foreign record


def test_only_a_completed_run_with_a_saved_model_can_be_pinned(history):
    store, runs = history
    with pytest.raises(StorageError, match="cannot be pinned.*status failed"):
        store.pin(runs[FAILED])
    with pytest.raises(StorageError, match="no run"):
        store.pin("CIPO_19990101_000000")
    assert store.pinned() == {}


def test_deleting_a_pinned_run_unpins_it_with_a_message(history):
    store, runs = history
    store.pin(runs[MARKET])
    assert store.delete(runs[MARKET_2]) is None  # not pinned: nothing to say
    assert store.delete(runs[MARKET]) == f"run {runs[MARKET]} was pinned for CIPO's Predict: unpinned"
    assert store.pinned() == {}
    assert store.latest("CIPO")["run_id"] == runs[TABLE]  # what Predict now uses


def test_a_pinned_run_removed_behind_the_stores_back_falls_back_to_the_newest(history, feature_table):
    store, runs = history
    store.pin(runs[MARKET])
    store.path_of(runs[MARKET]).unlink()
    assert predict(store, feature_table, model_name="CIPO").run_id == runs[TABLE]


def test_cleanup_unpins_what_it_deletes(history):
    store, runs = history
    store.pin(runs[MARKET])
    assert runs[MARKET] in store.cleanup(keep=1, model="CIPO")
    assert store.pinned() == {}

import errno
import os

import pytest

from tradepulse.errors import StorageError

from .helpers import T0, make_record, names, raiser


@pytest.fixture
def run_id(store):
    return store.save_new(make_record(), when=T0)


def test_a_clean_exit_publishes_the_folder(store, run_id):
    with store.open_model_dir(run_id) as folder:
        (folder / "model.keras").write_text("weights")
        (folder / "scaler").mkdir()
        (folder / "scaler" / "params.json").write_text("{}")
        assert folder.parent == store.root / "models"
        assert folder.name.startswith(f".tmp-{run_id}-")
        assert not store.model_dir(run_id).exists()
        assert store.latest("alpha") is None  # a half-written model is not a saved one
    final = store.model_dir(run_id)
    assert (final / "model.keras").read_text() == "weights"
    assert (final / "scaler" / "params.json").read_text() == "{}"
    assert names(store.root / "models") == [run_id]
    assert store.latest("alpha")["run_id"] == run_id


def test_an_exception_leaves_neither_folder_nor_temp(store, run_id):
    with pytest.raises(RuntimeError, match="training blew up"):
        with store.open_model_dir(run_id) as folder:
            (folder / "model.keras").write_text("half")
            raise RuntimeError("training blew up")
    assert names(store.root / "models") == []


def test_an_existing_saved_model_is_never_replaced(store, run_id):
    with store.open_model_dir(run_id) as folder:
        (folder / "model.keras").write_text("first")
    with pytest.raises(StorageError, match="already exists"):
        with store.open_model_dir(run_id) as folder:
            (folder / "model.keras").write_text("second")
    assert (store.model_dir(run_id) / "model.keras").read_text() == "first"
    assert names(store.root / "models") == [run_id]


def test_a_failing_rename_is_a_storage_error_and_leaves_nothing(store, run_id, monkeypatch):
    monkeypatch.setattr(os, "rename", raiser(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(StorageError) as caught:
        with store.open_model_dir(run_id) as folder:
            (folder / "model.keras").write_text("weights")
    models = store.root / "models"
    assert str(caught.value) == f"cannot save model to {models}: No space left on device"
    assert names(store.root / "models") == []


def test_an_invalid_run_id_creates_nothing(store):
    with pytest.raises(StorageError, match="invalid run id"):
        store.open_model_dir("../escape")
    assert names(store.root) == []

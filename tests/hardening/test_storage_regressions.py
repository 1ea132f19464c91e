"""Regressions for storage bugs found while hardening (each failed before its fix).

1. A save whose folder flush failed *after* the record was linked in raised StorageError yet left the
   record on disk: the caller never got its run id, and a "running" record stayed forever.
2. The same for a saved-model folder: renamed into place, then the flush failed: an error, and a folder.
3. A model folder symlinked outside the data folder was loaded by predict (see test_security.py).
"""

import errno
import os

import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import artifacts

from .faults import Faults


def test_a_failed_save_leaves_no_record_even_when_the_link_was_made(store, monkeypatch):
    Faults(monkeypatch).fail("fsync_dir", OSError(errno.EIO, os.strerror(errno.EIO)))
    with pytest.raises(StorageError, match="Input/output error"):
        store.save_new({"model_name": "CIPO", "training_status": "running"})
    monkeypatch.undo()
    assert sorted(p.name for p in store.root.iterdir()) == []
    assert store.list().records == []


def test_a_failed_model_publish_leaves_no_model_folder(store, monkeypatch):
    real = artifacts.fsync_dir

    def fsync_dir(folder):  # fails only for the models folder: after the rename, not before
        if folder.name == "models":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(folder)

    monkeypatch.setattr(artifacts, "fsync_dir", fsync_dir)
    with pytest.raises(StorageError, match="^cannot save model to .*: Input/output error$"):
        with store.open_model_dir("CIPO_20240101_000000") as folder:
            (folder / "model.keras").write_bytes(b"network")
    monkeypatch.undo()
    assert list((store.root / "models").iterdir()) == []

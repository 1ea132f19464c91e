"""What RecordStore keeps beside the records: the query index, kept in step with every write, and the pins
(the run each model type's Predict uses)."""

import logging
import sqlite3
import threading
from pathlib import Path

from tradepulse.errors import StorageError
from tradepulse.storage.index import RunIndex, index_path
from tradepulse.storage.pins import Pins

logger = logging.getLogger(__name__)


class Bookkeeping:
    """Mixed into RecordStore (which supplies root, load and _has_model)."""

    root: Path

    def _start_bookkeeping(self) -> None:
        self.pins = Pins(self.root)
        self._index: RunIndex | None = None
        self._index_lock = threading.Lock()

    @property
    def index(self) -> RunIndex:
        """The query index of this folder (tradepulse.history queries it), opened and created on first use."""
        with self._index_lock:
            if self._index is None:
                self._index = RunIndex(self.root)
            return self._index

    def pin(self, run_id: str) -> str:
        """Make the completed run `run_id` its model type's run for Predict; returns the model type."""
        record = self.load(run_id)
        if record.get("training_status") != "completed" or not self._has_model(run_id):
            raise StorageError(f"run {run_id} cannot be pinned: only a completed run with a saved model "
                               f"can (status {record.get('training_status')})")
        self.pins.pin(record["model_name"], run_id)
        return record["model_name"]

    def pinned(self) -> dict[str, str]:
        """{model type: pinned run id}."""
        return self.pins.pinned()

    def _reindex(self, run_id: str, removed: bool = False) -> None:
        """Keep an index that exists in step with a write; a failure only costs a reconcile later (the
        folder's mtime changed), never the save."""
        if self._index is None and not index_path(self.root).exists():
            return  # no index yet: the first history query builds it from the files
        try:
            if removed:
                self.index.remove(run_id)
            else:
                self.index.update(run_id)
        except (sqlite3.Error, OSError, StorageError) as exc:
            logger.warning("query index not updated for %s: %s", run_id, exc)

    def _forget_deleted(self, run_id: str) -> str | None:
        """After a delete: out of the index, and unpinned; the message saying so if it was pinned."""
        self._reindex(run_id, removed=True)
        model = self.pins.unpin_run(run_id)
        return None if model is None else f"run {run_id} was pinned for {model}'s Predict: unpinned"

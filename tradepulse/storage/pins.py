"""Pins: the run each model type's Predict uses, chosen by the user, kept in the data folder.

A small JSON object {model type: run id} in a hidden file (the listing never takes it for a record),
written atomically; read-modify-writes hold an exclusive lock on the folder, so two processes pinning at
once both keep their pin.
"""

import contextlib
import fcntl
import logging
import os
from pathlib import Path

import orjson

from tradepulse.errors import StorageError
from tradepulse.storage.atomic import describe_os_error, write_json_atomic
from tradepulse.storage.names import check_name

logger = logging.getLogger(__name__)

PINS_FILE = ".pinned_runs.json"


class Pins:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.path = self.root / PINS_FILE

    def pinned(self) -> dict[str, str]:
        """{model type: run id} of every pin; an unreadable file counts as no pins (and is logged)."""
        try:
            data = orjson.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            logger.warning("pins in %s unreadable (%s): none used", self.path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return {model: run_id for model, run_id in data.items()
                if isinstance(model, str) and isinstance(run_id, str)}

    def pin(self, model: str, run_id: str) -> None:
        check_name(run_id, "run id")
        with self._locked():
            self._write({**self.pinned(), model: run_id})

    def unpin(self, model: str) -> str | None:
        """Remove `model`'s pin; the run id it pinned, or None."""
        with self._locked():
            pins = self.pinned()
            run_id = pins.pop(model, None)
            if run_id is not None:
                self._write(pins)
            return run_id

    def unpin_run(self, run_id: str) -> str | None:
        """Remove every pin of `run_id` (a deleted run); the model type it was pinned for, or None."""
        if not self.path.exists():
            return None  # no pin file: nothing to lock or write
        with self._locked():
            pins = self.pinned()
            models = [model for model, pinned in pins.items() if pinned == run_id]
            if not models:
                return None
            self._write({model: pinned for model, pinned in pins.items() if pinned != run_id})
            return models[0]

    def _write(self, pins: dict) -> None:
        write_json_atomic(self.path, pins)

    @contextlib.contextmanager
    def _locked(self):
        try:
            fd = os.open(self.root, os.O_RDONLY)
        except OSError as exc:
            raise StorageError(f"cannot open data folder {self.root}: {describe_os_error(exc)}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

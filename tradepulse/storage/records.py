"""RecordStore: run records as JSON files in the data folder, and their saved-model folders."""

# Postponed annotations: the method named `list` would otherwise shadow the builtin in them.
from __future__ import annotations

import os
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

from tradepulse.errors import StorageError
from tradepulse.storage.artifacts import ModelFolderWriter
from tradepulse.storage.atomic import describe_os_error, write_json_atomic
from tradepulse.storage.bookkeeping import Bookkeeping
from tradepulse.storage.listing import Listing, RecordScanner, Skipped, collector_paused, read_record_file
from tradepulse.storage.names import (
    MAX_MODEL_NAME,
    MODELS_SUBDIR,
    RECORD_SUFFIX,
    RUN_ID_TIME_FORMAT,
    check_name,
    is_inside,
)
from tradepulse.storage.schema import SCHEMA_VERSION, from_dict, to_dict

__all__ = ["SCHEMA_VERSION", "Listing", "RecordStore", "Skipped", "from_dict", "to_dict"]

_MAX_RUNS_PER_SECOND = 1000  # suffixes tried for one model and second before giving up


class RecordStore(Bookkeeping):
    """Records at <root>/<run_id>.json, saved models at <root>/models/<run_id>/.

    A run id is "<model name>_<YYYYmmdd_HHMMSS>", with "_2", "_3", ... for more runs in one second.
    Safe to share between threads; several processes may save into one folder at once. Saves and deletes
    keep the query index (`index`) and the pins (`pin`, `pinned`) in step: see bookkeeping.py.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create data folder {self.root}: {describe_os_error(exc)}"
            ) from exc
        self._real_root = self.root.resolve()
        self._scanner = RecordScanner(self.root, self._real_root)
        self._start_bookkeeping()

    def save_new(self, record: dict, when: datetime | None = None) -> str:
        """Write `record` under a new run id and return it; an existing record is never replaced.

        Sets record["run_id"] and record["schema_version"], and record["timestamp"] if missing.
        """
        model_name = check_name(record.get("model_name"), "model name")
        if len(model_name) > MAX_MODEL_NAME:
            raise StorageError(f"model name is longer than {MAX_MODEL_NAME} characters")
        when = when or datetime.now()
        record.setdefault("timestamp", when.isoformat(timespec="seconds"))
        data = to_dict(record)
        base = f"{model_name}_{when:{RUN_ID_TIME_FORMAT}}"
        for attempt in range(1, _MAX_RUNS_PER_SECOND + 1):
            run_id = base if attempt == 1 else f"{base}_{attempt}"
            path = self._record_path(run_id)
            if os.path.lexists(path):
                continue  # cheap skip; the link in write_json_atomic is what makes it safe
            data["run_id"] = run_id
            try:
                write_json_atomic(path, data, overwrite=False)
            except FileExistsError:
                continue  # another thread or process took this id first
            record["run_id"] = run_id
            record["schema_version"] = SCHEMA_VERSION
            self._reindex(run_id)
            return run_id
        raise StorageError(f"too many runs of {model_name} saved in one second")

    def update(self, run_id: str, record: dict) -> None:
        """Replace the record of an existing run atomically (say, when its training ends).

        StorageError if the run is gone: a run deleted meanwhile is not brought back.
        """
        path = self.path_of(run_id)
        if not os.path.lexists(path):
            raise StorageError(f"no run {run_id!r}")
        data = to_dict(record)
        data["run_id"] = run_id
        write_json_atomic(path, data)
        record["run_id"] = run_id
        record["schema_version"] = SCHEMA_VERSION
        self._reindex(run_id)

    def path_of(self, run_id: str) -> Path:
        """The record file of `run_id`, validated and inside the data folder (symlinks included)."""
        path = self._record_path(run_id)
        if not is_inside(path, self._real_root):
            raise StorageError(f"run {run_id!r} points outside the data folder")
        return path

    def model_dir(self, run_id: str) -> Path:
        """Where the saved model of `run_id` lives (validated, not created), inside the data folder.

        A symlink that leads it elsewhere is refused: saved models load only from the store.
        """
        folder = self._model_path(run_id)
        if not is_inside(folder, self._real_root):
            raise StorageError(f"saved model of run {run_id!r} points outside the data folder")
        return folder

    def open_model_dir(self, run_id: str) -> ModelFolderWriter:
        """`with store.open_model_dir(run_id) as folder:` write the model files into `folder`."""
        return ModelFolderWriter(self.model_dir(run_id))

    def load(self, run_id: str) -> dict:
        """The record of `run_id` in the current schema; StorageError if missing or unreadable."""
        path = self.path_of(run_id)
        try:
            record = read_record_file(path)
        except FileNotFoundError:
            raise StorageError(f"no run {run_id!r}") from None
        except StorageError as exc:
            raise StorageError(f"run {run_id!r} cannot be read: {exc}") from None
        record["run_id"] = run_id
        return record

    def list(self, model: str | None = None) -> Listing:
        """Records newest first (only `model`'s if given) and every file that was skipped.

        The records are shallow copies without their history and per-fold results (load() gives a whole
        record): change them freely, but leave nested values alone.
        """
        with collector_paused():
            parsed, skipped = self._scanner.scan()
            records = [
                dict(record)
                for _key, record in parsed
                if model is None or record["model_name"] == model
            ]
        return Listing(records=records, skipped=skipped)

    def latest(
        self, model: str, status: str = "completed", require_model: bool = True
    ) -> dict | None:
        """The newest record of `model` with `status` (and a saved model folder if required)."""
        for record in self.list(model).records:
            if record["training_status"] != status:
                continue
            if require_model and not self._has_model(record["run_id"]):
                continue
            return record
        return None

    def delete(self, run_id: str) -> str | None:
        """Remove the record of `run_id` and its saved model; StorageError if there is neither.

        A run pinned for Predict is unpinned: the message that says so is returned (else None)."""
        if not self._delete(run_id):
            raise StorageError(f"no run {run_id!r}")
        return self._forget_deleted(run_id)

    def cleanup(self, keep: int, model: str | None = None) -> list[str]:
        """Keep the `keep` newest runs of each model (only of `model` if given); delete the rest.

        Returns the deleted run ids. Skipped files are never touched.
        """
        if keep < 0:
            raise StorageError(f"keep must be 0 or more, not {keep}")
        seen: Counter[str] = Counter()
        deleted = []
        for record in self.list(model).records:
            seen[record["model_name"]] += 1
            if seen[record["model_name"]] > keep and self._delete(record["run_id"]):
                deleted.append(record["run_id"])
                self._forget_deleted(record["run_id"])
        return deleted

    def _record_path(self, run_id: str) -> Path:
        return self.root / f"{check_name(run_id, 'run id')}{RECORD_SUFFIX}"

    def _model_path(self, run_id: str) -> Path:
        return self.root / MODELS_SUBDIR / check_name(run_id, "run id")

    def _has_model(self, run_id: str) -> bool:
        try:
            return self.model_dir(run_id).is_dir()
        except StorageError:
            return False  # a folder symlinked outside is not a saved model of this store

    def _delete(self, run_id: str) -> bool:
        """Delete what exists of the run; False if nothing did (say, another session was first)."""
        # The record goes first: once it is gone the run is gone for every reader, and a model
        # folder left by a failure here is removed by the next delete of the same id.
        record, folder = self._record_path(run_id), self._model_path(run_id)  # a symlink is removed, not followed
        found = False
        try:
            if os.path.lexists(record):
                record.unlink(missing_ok=True)  # unlink() never follows a symlink out of the folder
                found = True
            if folder.is_symlink():
                folder.unlink()
                found = True
            elif folder.exists():
                shutil.rmtree(folder)
                found = True
        except OSError as exc:
            raise StorageError(f"cannot delete run {run_id!r}: {describe_os_error(exc)}") from exc
        return found

"""Listing the data folder: each top-level file is a record or a Skipped, never an error."""

import gc
import logging
import os
import stat
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tradepulse.errors import StorageError
from tradepulse.storage.atomic import describe_os_error
from tradepulse.storage.names import OWN_SUBDIRS, RECORD_SUFFIX, check_name, is_inside
from tradepulse.storage.schema import parse_record, record_time

logger = logging.getLogger(__name__)

# A record is a few KB; a far bigger file is not one, and reading it whole would hurt.
MAX_RECORD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    """A file in the data folder that is not a usable record, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Listing:
    """Records newest first (by timestamp, then run_id), and the files that were skipped."""

    records: list[dict]
    skipped: list[Skipped]


def listed(record: dict) -> dict:
    """The record without its per-epoch history and per-fold results, which only a run shown in full needs:
    a listing keeps thousands of records, and those parts are most of each one's objects."""
    light = {key: value for key, value in record.items() if key != "history"}
    evaluation = record.get("evaluation")
    if isinstance(evaluation, dict):
        light["evaluation"] = {key: value for key, value in evaluation.items() if key != "folds"}
    return light


def read_record_file(path: str | os.PathLike) -> dict:
    """Read and parse one record file: FileNotFoundError if gone, else StorageError(reason)."""
    try:
        # O_NONBLOCK: opening a FIFO named like a record would otherwise hang the listing.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StorageError(f"cannot read: {describe_os_error(exc)}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StorageError("not a record file")
        if info.st_size > MAX_RECORD_BYTES:
            raise StorageError("file too large for a record")
        with open(fd, "rb", closefd=False) as handle:
            raw = handle.read()
    except OSError as exc:
        raise StorageError(f"cannot read: {describe_os_error(exc)}") from exc
    finally:
        os.close(fd)
    return parse_record(raw)


# A cached entry: its signature and what it parsed to, a (sort key, record) or a Skipped.
_Parsed = tuple[tuple[datetime, str], dict] | Skipped


@contextmanager
def collector_paused():
    """For a listing: a cold one allocates millions of small containers, none of them cyclic garbage, and
    the cyclic collector would re-walk them all again and again (10,000 records: 1.9 s instead of 0.8 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_listed_file(path: Path, real_root, is_symlink: bool) -> dict | Skipped:
    """The record in the data folder's file at path (run_id from its name), or a Skipped with the reason.
    A file that vanished meanwhile raises FileNotFoundError."""
    name = path.name
    if is_symlink and not is_inside(path, real_root):
        return Skipped(name, "symlink pointing outside the data folder")
    if not name.endswith(RECORD_SUFFIX):
        return Skipped(name, "not a record file")
    run_id = name[: -len(RECORD_SUFFIX)]
    try:
        check_name(run_id, "run id")
        record = read_record_file(path)
    except StorageError as exc:
        return Skipped(name, str(exc))
    record["run_id"] = run_id  # the file name is the run's identity, whatever the file says
    return record


class RecordScanner:
    """Lists one folder, parsing only the files whose (name, mtime, size, inode) changed.

    The inode is in the key because an atomic rewrite always makes a new one, while two quick
    rewrites of equal size may share an mtime on coarse filesystem clocks.
    """

    def __init__(self, root: Path, real_root: Path):
        self._root = root
        self._real_root = real_root
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple, _Parsed]] = {}

    def scan(self) -> tuple[list[tuple[tuple[datetime, str], dict]], list[Skipped]]:
        """The parsed records, sorted newest first, and the skipped files sorted by name."""
        with self._lock:
            fresh: dict[str, tuple[tuple, _Parsed]] = {}
            try:
                with os.scandir(self._root) as entries:
                    for entry in entries:
                        parsed = self._scan_entry(entry)
                        if parsed is not None:
                            fresh[entry.name] = parsed
            except OSError as exc:
                raise StorageError(
                    f"cannot list records in {self._root}: {describe_os_error(exc)}"
                ) from exc
            self._cache = fresh  # names that disappeared drop out here
        records = [item for _sig, item in fresh.values() if not isinstance(item, Skipped)]
        records.sort(key=lambda item: item[0], reverse=True)
        skipped = sorted((item for _sig, item in fresh.values() if isinstance(item, Skipped)),
                         key=lambda item: item.name)
        return records, skipped

    def _scan_entry(self, entry: os.DirEntry) -> tuple[tuple, _Parsed] | None:
        name = entry.name
        if name.startswith(".") or name in OWN_SUBDIRS:
            return None  # temp files, hidden files and the app's own folders are not records
        try:
            info = entry.stat()
            signature = (entry.is_symlink(), info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            signature = (entry.is_symlink(), None)  # e.g. a dangling symlink; cached like the rest
        cached = self._cache.get(name)
        if cached is not None and cached[0] == signature:
            return cached
        try:
            parsed = self._parse(entry)
        except FileNotFoundError:
            return None  # deleted while we listed
        if isinstance(parsed, Skipped):
            # Logged once per change of the file, not on every re-list.
            logger.warning("skipped %s in %s: %s", name, self._root, parsed.reason)
        return signature, parsed

    def _parse(self, entry: os.DirEntry) -> _Parsed:
        record = read_listed_file(Path(entry.path), self._real_root, entry.is_symlink())
        if isinstance(record, Skipped):
            return record
        run_id = record["run_id"]
        return (record_time(record), run_id), listed(record)

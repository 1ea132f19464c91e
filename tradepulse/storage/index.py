"""RunIndex: a SQLite query index over the record files, kept beside them and rebuilt from them.

The JSON records stay the source of truth. RecordStore updates the index when it saves or deletes a run;
sync() reconciles it with the folder (new, changed, removed and unreadable files) whenever the folder
changed since the last reconcile, so deleting the index loses nothing and records written by another
process or program appear. Reconciling parses only files whose (mtime_ns, size, inode) changed, in batches:
100,000 records are never held in memory at once.
"""

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

import orjson

from tradepulse.errors import StorageError
from tradepulse.storage.atomic import describe_os_error
from tradepulse.storage.index_db import immediate, open_database, open_reader
from tradepulse.storage.index_rows import (BOARD_METRICS, DETAIL_COLUMNS, SCAN_COLUMNS, board_rows, csv_line,
                                           datasets_of, flat_fields, index_row, tickers_of)
from tradepulse.storage.listing import Skipped, read_listed_file
from tradepulse.storage.names import OWN_SUBDIRS, RECORD_SUFFIX, check_name

logger = logging.getLogger(__name__)

INDEX_DIR = ".index"  # hidden: the listing never takes it for a foreign file
INDEX_FILE = "history.sqlite3"
_BATCH = 500  # parsed records written per transaction
_RACY_NS = 1_000_000_000  # a folder changed this recently may change again within its clock's tick
_ANALYZE_AFTER = 1_000  # rows written by one reconcile after which the planner's statistics are renewed
_INSERT_BOARD = f"INSERT INTO board VALUES ({', '.join('?' * (3 + len(BOARD_METRICS)))})"
_INSERT_RUN = (f"INSERT INTO runs (run_id, mtime_ns, size, ino, field_set, {', '.join(SCAN_COLUMNS)}) "
               f"VALUES ({', '.join('?' * (5 + len(SCAN_COLUMNS)))})")
_INSERT_DETAILS = (f"INSERT INTO run_details (run_id, {', '.join(DETAIL_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * (1 + len(DETAIL_COLUMNS)))})")


def index_path(root: Path) -> Path:
    return Path(root) / INDEX_DIR / INDEX_FILE


def _signature(path) -> tuple[int, int, int]:
    try:
        info = os.stat(path)
        return info.st_mtime_ns, info.st_size, info.st_ino
    except OSError:
        return 0, -1, 0  # a dangling symlink, say: listed as skipped like the rest


class RunIndex:
    """The index of the records in `root`. Safe to share between threads; any number of processes may
    open the same folder's index and write to it at once (SQLite WAL, immediate write transactions)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._real_root = self.root.resolve()
        self._lock = threading.RLock()
        self._conn = open_database(index_path(self.root))
        self._reconciled = False  # each opening reconciles once: a file rewritten in place changes no folder mtime
        self._reconciling, self._reader_lock = False, threading.Lock()
        self._reader = open_reader(self._conn)

    def close(self) -> None:
        with self._lock, self._reader_lock:
            self._conn.close()
            if self._reader is not None:
                self._reader.close()

    @contextlib.contextmanager
    def reading(self):
        """`with index.reading() as conn:` the connection, reconciled with the folder first if it changed.
        While another thread reconciles (a server's start-up scan of every file), readers do not wait for
        it: they read the index as last committed, through a read-only connection."""
        if self._reconciling and self._reader is not None:
            with self._reader_lock:
                yield self._reader
            return
        with self._lock:
            self.sync()
            yield self._conn

    def skipped(self) -> list[Skipped]:
        """Files in the folder that are not usable records, and why, sorted by name."""
        with self.reading() as conn:
            return [Skipped(name, reason) for name, reason in
                    conn.execute("SELECT name, reason FROM skipped ORDER BY name")]

    def sync(self) -> None:
        """Reconcile on first use, then only when the folder changed since the last reconcile (by any process)."""
        with self._lock:
            stored = self._conn.execute("SELECT value FROM meta WHERE key = 'folder_mtime_ns'").fetchone()
            if not self._reconciled or stored is None or stored[0] != self._folder_mtime():
                self.reconcile()

    def reconcile(self) -> None:
        """Bring the index in line with the folder: parse new and changed files, drop vanished ones."""
        with self._lock:
            self._reconciling = True
            try:
                self._reconcile()
            finally:
                self._reconciling = False

    def _reconcile(self) -> None:
        started, folder_mtime = time.time_ns(), self._folder_mtime()
        known = {f"{run_id}{RECORD_SUFFIX}": tuple(sig) for run_id, *sig in
                 self._conn.execute("SELECT run_id, mtime_ns, size, ino FROM runs")}
        known.update((name, tuple(sig)) for name, *sig in
                     self._conn.execute("SELECT name, mtime_ns, size, ino FROM skipped"))
        batch, written = [], 0
        try:
            with os.scandir(self.root) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or entry.name in OWN_SUBDIRS:
                        continue  # hidden and temp files, the index itself and the app's own folders
                    signature = _signature(entry.path)
                    if known.pop(entry.name, None) == signature:
                        continue
                    batch.append((entry.name, signature, self._parse(entry.name)))
                    if len(batch) >= _BATCH:
                        self._write(batch)
                        written, batch = written + len(batch), []
        except OSError as exc:
            raise StorageError(f"cannot list records in {self.root}: {describe_os_error(exc)}") from exc
        self._write(batch)
        self._forget(list(known))  # what was indexed and is gone
        if written + len(batch) + len(known) >= _ANALYZE_AFTER:
            self._conn.execute("ANALYZE")  # e.g. a ticker filter then probes its runs instead of scanning
        # Stored only when no change can have slipped in unseen during the scan.
        steady = folder_mtime < started - _RACY_NS and self._folder_mtime() == folder_mtime
        with immediate(self._conn):
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('folder_mtime_ns', ?)",
                               (folder_mtime if steady else None,))
        self._reconciled = True

    def update(self, run_id: str) -> None:
        """Index (again) the record file of `run_id`, just written; gone: forget it."""
        name = f"{check_name(run_id, 'run id')}{RECORD_SUFFIX}"
        with self._lock:
            self._write([(name, _signature(self.root / name), self._parse(name))])

    def remove(self, run_id: str) -> None:
        with self._lock:
            self._forget([f"{check_name(run_id, 'run id')}{RECORD_SUFFIX}"])

    def _folder_mtime(self) -> int:
        try:
            return os.stat(self.root).st_mtime_ns
        except OSError as exc:
            raise StorageError(f"cannot list records in {self.root}: {describe_os_error(exc)}") from exc

    def _parse(self, name: str) -> dict | Skipped | None:
        """The record in file `name` (run_id from the name), a Skipped with the reason, or None if it is gone."""
        path = self.root / name
        try:
            record = read_listed_file(path, self._real_root, path.is_symlink())
        except FileNotFoundError:
            return None
        if isinstance(record, Skipped):
            logger.warning("skipped %s in %s: %s", name, self.root, record.reason)
        return record

    def _write(self, batch: list) -> None:
        if not batch:
            return
        with immediate(self._conn) as conn:
            for name, signature, parsed in batch:
                self._delete(conn, name)
                if isinstance(parsed, Skipped):
                    conn.execute("INSERT INTO skipped VALUES (?, ?, ?, ?, ?)", (name, parsed.reason, *signature))
                elif parsed is not None:
                    row, tickers, flat = index_row(parsed), tickers_of(parsed), flat_fields(parsed)
                    run_id = row["run_id"]
                    field_set = self._field_set(conn, list(flat))
                    conn.execute(_INSERT_RUN, (run_id, *signature, field_set, *(row[c] for c in SCAN_COLUMNS)))
                    conn.execute(_INSERT_DETAILS, (run_id, *(row[c] for c in DETAIL_COLUMNS)))
                    conn.executemany("INSERT INTO run_tickers VALUES (?, ?)", [(run_id, ticker) for ticker in tickers])
                    conn.executemany(_INSERT_BOARD, board_rows(row, tickers))
                    conn.executemany("INSERT INTO run_datasets VALUES (?, ?)",
                                     [(run_id, dataset) for dataset in set(datasets_of(parsed))])
                    conn.execute("INSERT INTO run_flat VALUES (?, ?)", (run_id, csv_line(flat)))

    @staticmethod
    def _field_set(conn, keys: list[str]) -> int:
        text = orjson.dumps(keys).decode()
        conn.execute("INSERT OR IGNORE INTO field_sets (keys) VALUES (?)", (text,))
        return conn.execute("SELECT id FROM field_sets WHERE keys = ?", (text,)).fetchone()[0]

    def _forget(self, names: list[str]) -> None:
        for start in range(0, len(names), _BATCH):
            with immediate(self._conn) as conn:
                for name in names[start:start + _BATCH]:
                    self._delete(conn, name)

    @staticmethod
    def _delete(conn, name: str) -> None:
        conn.execute("DELETE FROM skipped WHERE name = ?", (name,))
        if name.endswith(RECORD_SUFFIX):
            run_id = name[: -len(RECORD_SUFFIX)]
            for table in ("runs", "run_details", "run_tickers", "run_datasets", "run_flat", "board"):
                conn.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))

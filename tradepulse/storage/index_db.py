"""The query index's SQLite file: its tables, and opening it safely from several processes at once."""

import contextlib
import logging
import sqlite3
from pathlib import Path

from tradepulse.storage.index_rows import BOARD_METRICS, DETAIL_COLUMNS, METRICS, SCAN_COLUMNS

logger = logging.getLogger(__name__)

SCHEMA = 3  # PRAGMA user_version; another value means an index to drop and rebuild from the records
CACHE_KB = 32_768
BUSY_SECONDS = 30.0  # how long a writer waits for another process's write to end

_TYPES = {**dict.fromkeys(METRICS, "REAL"), "duration_seconds": "REAL", "trial": "INTEGER", "pid": "INTEGER"}


def _columns(names) -> str:
    return ", ".join(f"{name} {_TYPES.get(name, 'TEXT')}" for name in names)


TABLES = {
    # Narrow rows (numbers and short text) that a filtered count scans quickly; file signature for reconciling.
    "runs": f"run_id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER, field_set INTEGER, "
            f"{_columns(SCAN_COLUMNS)}",
    "run_details": f"run_id TEXT PRIMARY KEY, {_columns(DETAIL_COLUMNS)}",
    "run_tickers": "run_id TEXT NOT NULL, ticker TEXT NOT NULL COLLATE NOCASE",
    "run_datasets": "run_id TEXT NOT NULL, dataset TEXT NOT NULL COLLATE NOCASE",
    # The CSV export's line (formula-safe), apart so that the runs rows stay narrow; its field names are a
    # field set, of which there are few (one per schema and model type's hyperparameters).
    "run_flat": "run_id TEXT PRIMARY KEY, line TEXT NOT NULL",
    "field_sets": "id INTEGER PRIMARY KEY, keys TEXT NOT NULL UNIQUE",
    # Completed runs once per ticker (or, without tickers, per datasets): the leaderboard's groups, each
    # metric indexed within its group so that a group's best run is one index lookup.
    "board": f"run_id TEXT NOT NULL, by TEXT NOT NULL, grp TEXT NOT NULL COLLATE NOCASE, "
             f"{', '.join(f'{metric} REAL' for metric in BOARD_METRICS)}",
    "skipped": "name TEXT PRIMARY KEY, reason TEXT, mtime_ns INTEGER, size INTEGER, ino INTEGER",
    "meta": "key TEXT PRIMARY KEY, value",
}
INDEXES = (
    # No index on status: most runs are completed, and walking such an index is slower than a scan.
    "runs_time ON runs(time)", "runs_model ON runs(model, time)",
    "tickers_by_name ON run_tickers(ticker, run_id)", "tickers_by_run ON run_tickers(run_id)",
    "datasets_by_name ON run_datasets(dataset, run_id)", "datasets_by_run ON run_datasets(run_id)",
    "board_by_run ON board(run_id)", *(f"board_{metric} ON board(by, grp, {metric})" for metric in BOARD_METRICS),
)


@contextlib.contextmanager
def immediate(conn: sqlite3.Connection):
    """One write transaction, taking the write lock at its start: a deferred one that reads first could
    fail with "database is locked" at its first write, without waiting."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _create(conn: sqlite3.Connection) -> None:
    with immediate(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
            return  # another process created it meanwhile
        for table in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for table, columns in TABLES.items():
            conn.execute(f"CREATE TABLE {table} ({columns})")
        for index in INDEXES:
            conn.execute(f"CREATE INDEX {index}")
        conn.execute(f"PRAGMA user_version = {SCHEMA}")


def _connect(target: str) -> sqlite3.Connection:
    # isolation_level=None: transactions are only the explicit ones (see immediate()).
    conn = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # a lost last write is rebuilt from the records
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")  # the scanned rows of 100,000 runs stay in memory
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            _create(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def open_database(path: Path) -> sqlite3.Connection:
    """The index at `path`, created if missing; a damaged file is replaced by a new, empty one (the
    records rebuild it); a folder that cannot hold it (read-only) gives an index in memory."""
    try:
        path.parent.mkdir(exist_ok=True)
        try:
            return _connect(str(path))
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            logger.warning("query index %s unusable (%s): rebuilding it", path, exc)
            _remove(path)
            return _connect(str(path))
    except (OSError, sqlite3.OperationalError) as exc:
        logger.warning("query index %s cannot be written (%s): keeping it in memory", path, exc)
        return _connect(":memory:")


def open_reader(conn: sqlite3.Connection) -> sqlite3.Connection | None:
    """A read-only connection of its own to `conn`'s index file (None for an index in memory): a reader
    there sees the last committed state while `conn` is busy writing."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        return None
    return sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS,
                           isolation_level=None, check_same_thread=False)

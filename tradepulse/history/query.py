"""History queries on a RecordStore's index: a filtered, sorted page of runs, and the best runs per ticker."""

from dataclasses import dataclass

import orjson

from tradepulse.history.filters import COLUMNS, HistoryError, RunFilter, interrupted, sort_expression
from tradepulse.storage.index_rows import BOARD_METRICS
from tradepulse.training.record import INTERRUPTED

MAX_LIMIT = 10_000
_SELECTED = ", ".join(COLUMNS)


@dataclass(frozen=True)
class Page:
    rows: list[dict]  # {column of COLUMNS: value}; hyperparameters as a dict, status as shown
    total: int  # runs matching the filters, on every page
    offset: int
    limit: int


@dataclass(frozen=True)
class Best:
    value: float
    run_id: str


@dataclass(frozen=True)
class BoardRow:
    group: str  # a ticker, or the datasets of runs on data without tickers (feature tables)
    by: str  # "ticker" or "dataset"
    best: dict  # {metric of BOARD_METRICS: Best}; a metric no completed run has is absent


def order_by(sort: str, descending: bool) -> str:
    # Blanks last either way; run_id breaks ties so that pages never overlap.
    direction = "DESC" if descending else "ASC"
    return f"ORDER BY {sort_expression(sort)} {direction} NULLS LAST, run_id {direction}"


def _shown(row: dict, dead: set) -> dict:
    row["hyperparameters"] = orjson.loads(row["hyperparameters"] or "{}")
    if row["run_id"] in dead:
        row["status"] = INTERRUPTED
    return row


def query_runs(store, filters: RunFilter = RunFilter(), sort: str = "time", descending: bool = True,
               offset: int = 0, limit: int = 50) -> Page:
    """One page of the runs matching `filters`, sorted by `sort` (a column of COLUMNS, a metric alias or
    hyperparameters.NAME), and how many match in all."""
    if not 0 <= offset or not 0 < limit <= MAX_LIMIT:
        raise HistoryError(f"offset must be 0 or more and limit 1 to {MAX_LIMIT}")
    with store.index.reading() as conn:
        where, params = filters.where(conn)
        total = conn.execute(f"SELECT COUNT(*) FROM runs {where}", params).fetchone()[0]
        return Page(_rows(conn, where, params, order_by(sort, descending), offset, limit), total, offset, limit)


def first_runs(store, filters: RunFilter = RunFilter(), sort: str = "time", descending: bool = True,
               limit: int = 1) -> list[dict]:
    """The first `limit` rows of query_runs' page, without counting every match: a model's newest runs are a
    walk of the index, where a count reads thousands of rows."""
    if not 0 < limit <= MAX_LIMIT:
        raise HistoryError(f"limit must be 1 to {MAX_LIMIT}")
    with store.index.reading() as conn:
        where, params = filters.where(conn)
        return _rows(conn, where, params, order_by(sort, descending), 0, limit)


def model_summary(store) -> list[tuple[str, int, str, float | None]]:
    """(model, runs, latest run's time, best F1) of each model type with runs, in one pass over the index."""
    with store.index.reading() as conn:
        return conn.execute("SELECT model, COUNT(*), MAX(time), MAX(f1_score) FROM runs GROUP BY model").fetchall()


def _rows(conn, where: str, params: list, order: str, offset: int, limit: int) -> list[dict]:
    ids = [run_id for (run_id,) in conn.execute(f"SELECT run_id FROM runs {where} {order} LIMIT ? OFFSET ?",
                                                 [*params, limit, offset])]
    found = conn.execute(f"SELECT {_SELECTED} FROM runs JOIN run_details USING (run_id) "
                         f"WHERE run_id IN ({', '.join('?' * len(ids))})", ids)
    rows = {values[0]: dict(zip(COLUMNS, values)) for values in found}
    dead = set(interrupted(conn)) if any(row["status"] == "running" for row in rows.values()) else set()
    return [_shown(rows[run_id], dead) for run_id in ids if run_id in rows]


def leaderboard(store, ticker: str | None = None) -> list[BoardRow]:
    """For each ticker (only `ticker` if given), or datasets for runs without tickers, the best completed run
    in each of BOARD_METRICS. Rows sorted tickers first, then by name."""
    rows = []
    with store.index.reading() as conn:
        if ticker:
            groups = conn.execute("SELECT DISTINCT by, grp FROM board WHERE by = 'ticker' AND grp = ?", (ticker,))
        else:
            groups = conn.execute("SELECT DISTINCT by, grp FROM board")
        for by, group in groups.fetchall():
            best = {}
            for metric in BOARD_METRICS:  # each one lookup in the index board(by, grp, metric)
                found = conn.execute(f"SELECT {metric}, run_id FROM board WHERE by = ? AND grp = ? AND {metric} "
                                     f"IS NOT NULL ORDER BY {metric} DESC LIMIT 1", (by, group)).fetchone()
                if found is not None:
                    best[metric] = Best(*found)
            rows.append(BoardRow(group, by, best))
    return sorted(rows, key=lambda row: (row.by != "ticker", row.group.lower(), row.group))

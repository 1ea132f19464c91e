"""What a history query asks for: filters, sort column and metric names, turned into SQL on the index."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tradepulse.errors import TradePulseError
from tradepulse.storage.index_rows import DETAIL_COLUMNS, METRICS, ROW_COLUMNS
from tradepulse.training.record import INTERRUPTED, Status, shown_status

# A history row's columns (what query() returns and sort accepts); pid and host only tell interrupted runs.
COLUMNS = ("run_id", *(column for column in ROW_COLUMNS if column not in ("pid", "host")))
NUMBER_COLUMNS = (*METRICS, "duration_seconds")
ALIASES = {"f1": "f1_score", "strategy_return": "strategy_return_pct", "buy_hold_return": "buy_hold_return_pct",
           "max_drawdown": "max_drawdown_pct", "win_rate": "win_rate_pct", "duration": "duration_seconds",
           "roc-auc": "roc_auc", "ticker": "tickers", "dataset": "datasets"}
STATUSES = (*(status.value for status in Status), INTERRUPTED)
_HYPERPARAMETER = re.compile(r"hyperparameters\.([A-Za-z_][A-Za-z0-9_]{0,63})")


class HistoryError(TradePulseError):
    """A history query that cannot be run as asked (unknown column, bad filter value)."""


def metric_column(name: str) -> str:
    """The index column of metric `name` (aliases such as f1 or max_drawdown accepted)."""
    column = ALIASES.get(name.lower(), name.lower()) if isinstance(name, str) else name
    if column not in NUMBER_COLUMNS:
        raise HistoryError(f"unknown metric {name!r}: choose from {', '.join(NUMBER_COLUMNS)}")
    return column


def sort_expression(name: str) -> str:
    """SQL for sorting by a column, a metric alias or hyperparameters.NAME."""
    match = _HYPERPARAMETER.fullmatch(name or "")
    column = ALIASES.get(str(name).lower(), str(name).lower())
    if match:
        column = f"json_extract(hyperparameters, '$.{match.group(1)}')"
    elif column not in COLUMNS or column == "hyperparameters":
        raise HistoryError(f"cannot sort by {name!r}: choose from {', '.join(COLUMNS)} or hyperparameters.NAME")
    if match or column in DETAIL_COLUMNS:  # kept beside the scanned rows: looked up per run (slower)
        return f"(SELECT {column} FROM run_details AS d WHERE d.run_id = runs.run_id)"
    return column


def parse_minimum(text: str) -> tuple[str, float]:
    """'f1=55' -> ('f1_score', 55.0); a clear error for any other shape."""
    name, sep, value = str(text).partition("=")
    if not sep or not name.strip():
        raise HistoryError(f"--min takes METRIC=VALUE (e.g. f1=55), not {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise HistoryError(f"--min {text!r}: {value!r} is not a number") from None
    return metric_column(name.strip()), number


def _moment(value) -> tuple[str, bool]:
    """An ISO time to compare with the index's `time` (local wall clock), and whether it was a bare date."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds"), False
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time()).isoformat(timespec="seconds"), True
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise HistoryError(f"not a date or time: {value!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return _moment(parsed.date() if len(str(value)) == 10 else parsed)


@dataclass(frozen=True)
class RunFilter:
    """Filters of the history; None (or empty) means no filter. Text filters ignore letter case."""

    model: str | None = None
    ticker: str | None = None
    dataset: str | None = None  # a file name as recorded in dataset_info.dataset_names
    status: str | None = None  # one of STATUSES (shown status: "interrupted" for a running run whose process died)
    since: datetime | date | str | None = None
    until: datetime | date | str | None = None  # a bare date includes that whole day
    days: float | None = None  # only runs started in the last N days
    minimum: dict = field(default_factory=dict)  # {metric: lowest value}; runs without the metric drop out

    def where(self, conn) -> tuple[str, list]:
        """The WHERE clause (with 'WHERE', or '') and its parameters."""
        clauses, params = [], []
        if self.model:
            clauses.append("model = ?")
            params.append(self.model)
        if self.ticker:
            clauses.append("run_id IN (SELECT run_id FROM run_tickers WHERE ticker = ?)")
            params.append(self.ticker)
        if self.dataset:
            clauses.append("run_id IN (SELECT run_id FROM run_datasets WHERE dataset = ?)")
            params.append(self.dataset)
        if self.status:
            self._status(conn, clauses, params)
        if self.since is not None:
            clauses.append("time >= ?")
            params.append(_moment(self.since)[0])
        if self.until is not None:
            moment, whole_day = _moment(self.until)
            if whole_day:  # up to the end of that day
                moment = (datetime.fromisoformat(moment) + timedelta(days=1)).isoformat(timespec="seconds")
            clauses.append("time < ?" if whole_day else "time <= ?")
            params.append(moment)
        if self.days is not None:
            if not self.days > 0:
                raise HistoryError(f"days must be more than 0, not {self.days}")
            clauses.append("time >= ?")
            params.append(_moment(datetime.now() - timedelta(days=self.days))[0])
        for name, value in self.minimum.items():
            clauses.append(f"{metric_column(name)} >= ?")
            params.append(float(value))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _status(self, conn, clauses, params) -> None:
        status = self.status.lower()
        if status not in STATUSES:
            raise HistoryError(f"unknown status {self.status!r}: choose from {', '.join(STATUSES)}")
        if status not in (Status.RUNNING.value, INTERRUPTED):
            clauses.append("status = ?")
            params.append(status)
            return
        dead = interrupted(conn)
        marks = ", ".join("?" * len(dead))
        clauses.append("status = 'running' AND run_id " + ("IN" if status == INTERRUPTED else "NOT IN") + f" ({marks})")
        params.extend(dead)


def interrupted(conn) -> list[str]:
    """Run ids left 'running' by a process of this machine that no longer exists (few: checked live)."""
    rows = conn.execute("SELECT run_id, pid, host FROM runs WHERE status = 'running'").fetchall()
    return [run_id for run_id, pid, host in rows
            if shown_status({"training_status": "running", "process": {"pid": pid, "host": host}}) == INTERRUPTED]

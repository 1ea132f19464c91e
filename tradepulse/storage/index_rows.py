"""A parsed record as the query index keeps it: one flat row, its tickers and datasets, and every field
flattened for the CSV export. Schema-1 records and foreign values give blanks (None), never errors."""

import csv
import io
import math
from collections.abc import Mapping
from pathlib import PurePath

import orjson

from tradepulse.csv_export import defuse
from tradepulse.storage.schema import record_time

# The metric columns of the index: column name -> where the record keeps it.
METRICS = {
    "f1_score": ("performance_metrics", "f1_score"),
    "accuracy": ("performance_metrics", "accuracy"),
    "precision": ("performance_metrics", "precision"),
    "recall": ("performance_metrics", "recall"),
    "roc_auc": ("performance_metrics", "roc_auc"),
    "mcc": ("performance_metrics", "mcc"),
    "log_loss": ("performance_metrics", "log_loss"),
    "sharpe": ("trading_metrics", "strategy", "sharpe"),
    "strategy_return_pct": ("trading_metrics", "strategy", "total_return_pct"),
    "buy_hold_return_pct": ("trading_metrics", "buy_and_hold", "total_return_pct"),
    "max_drawdown_pct": ("trading_metrics", "strategy", "max_drawdown_pct"),
    "win_rate_pct": ("trading_metrics", "strategy", "win_rate_pct"),
}
# The leaderboard's metrics; for each, higher is better (max drawdown is negative: the highest is the least deep).
BOARD_METRICS = ("f1_score", "accuracy", "roc_auc", "sharpe", "strategy_return_pct", "max_drawdown_pct",
                 "win_rate_pct")
# Every column a history row has (besides run_id), in the order the history shows them.
ROW_COLUMNS = ("time", "model", "tickers", "datasets", "target", "method", "status", *METRICS, "duration_seconds",
               "error", "kind", "study", "trial", "hyperparameters", "pid", "host")
# What filters and sorts scan, in the narrow `runs` table; the rest (`run_details`) is read for shown rows only.
SCAN_COLUMNS = ("time", "model", "status", *METRICS, "duration_seconds", "pid", "host")
DETAIL_COLUMNS = tuple(column for column in ROW_COLUMNS if column not in SCAN_COLUMNS)
FLAT_PARTS = ("hyperparameters", "performance_metrics", "trading_metrics.strategy", "trading_metrics.buy_and_hold")


def _dig(record: Mapping, path: tuple):
    value = record
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def text(value) -> str | None:
    return value if isinstance(value, str) else None


def _names(values) -> list[str]:
    return [value for value in values if isinstance(value, str) and value] if isinstance(values, list) else []


def tickers_of(record: Mapping) -> list[str]:
    """dataset_info.tickers; records older than that field: for market data, the datasets' file stems in
    capitals (as a file without a ticker column is named), else none."""
    info = record.get("dataset_info") if isinstance(record.get("dataset_info"), Mapping) else {}
    if "tickers" in info:
        return sorted(set(_names(info["tickers"])))
    if info.get("kind") == "market":
        return sorted({PurePath(name).stem.upper() for name in _names(info.get("dataset_names"))})
    return []


def datasets_of(record: Mapping) -> list[str]:
    return _names(_dig(record, ("dataset_info", "dataset_names")))


def _test_window(record: Mapping) -> tuple[str | None, str | None]:
    """The first and last time the run was tested on (its folds' test blocks)."""
    folds = _dig(record, ("evaluation", "folds"))
    tests = [fold.get("test") for fold in folds if isinstance(fold, Mapping)] if isinstance(folds, list) else []
    starts = sorted(t["start"] for t in tests if isinstance(t, Mapping) and isinstance(t.get("start"), str))
    ends = sorted(t["end"] for t in tests if isinstance(t, Mapping) and isinstance(t.get("end"), str))
    return (starts[0] if starts else None), (ends[-1] if ends else None)


def _cell(value):
    """A CSV cell: numbers and text as they are, lists and dicts as JSON text."""
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    return value


def flat_fields(record: Mapping) -> dict:
    """Every field the CSV export has, flattened with dotted names (schema-1 records: what they have)."""
    start, end = _test_window(record)
    flat = {
        "run_id": record.get("run_id"), "model": text(record.get("model_name")),
        "status": text(record.get("training_status")), "started_at": text(record.get("started_at")),
        "ended_at": text(record.get("ended_at")), "duration_seconds": number(record.get("duration_seconds")),
        "dataset": ", ".join(datasets_of(record)), "tickers": ", ".join(tickers_of(record)),
        "target": text(_dig(record, ("dataset_info", "target"))), "kind": text(_dig(record, ("dataset_info", "kind"))),
        "evaluation.method": text(_dig(record, ("evaluation", "method"))),
        "evaluation.folds": _dig(record, ("evaluation", "settings", "folds_used")),
        "trading_metrics.settings.cost_bps": number(_dig(record, ("trading_metrics", "settings", "cost_bps"))),
        "start": start, "end": end, "error": text(record.get("error")),
    }
    for part in FLAT_PARTS:
        values = _dig(record, tuple(part.split(".")))
        if isinstance(values, Mapping):
            flat.update({f"{part}.{key}": _cell(value) for key, value in values.items()})
    return flat


def csv_line(flat: dict) -> str:
    """The values of flat_fields() as one CSV line (RFC 4180), text that would start a formula defused:
    rendered once here, an export only copies it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [defuse(value) if isinstance(value, str) else value for value in flat.values()])
    return buffer.getvalue()


def index_row(record: Mapping) -> dict:
    """The index's row of a parsed record (run_id set from the file name)."""
    process = record.get("process") if isinstance(record.get("process"), Mapping) else {}
    hyperparameters = record.get("hyperparameters")
    trial = record.get("trial")
    row = {
        "run_id": record["run_id"], "time": record_time(record).isoformat(timespec="seconds"),
        "model": text(record.get("model_name")), "status": text(record.get("training_status")),
        "tickers": ", ".join(tickers_of(record)), "datasets": ", ".join(datasets_of(record)),
        "target": text(_dig(record, ("dataset_info", "target"))), "kind": text(_dig(record, ("dataset_info", "kind"))),
        "method": text(_dig(record, ("evaluation", "method"))),
        "duration_seconds": number(record.get("duration_seconds")), "error": text(record.get("error")),
        "study": text(record.get("study")), "trial": trial if isinstance(trial, int) else None,
        "hyperparameters": orjson.dumps(hyperparameters).decode() if isinstance(hyperparameters, Mapping) else "{}",
        "pid": process.get("pid") if isinstance(process.get("pid"), int) else None, "host": text(process.get("host")),
    }
    row.update({column: number(_dig(record, path)) for column, path in METRICS.items()})
    return row


def board_rows(row: dict, tickers: list[str]) -> list[tuple]:
    """The leaderboard's rows of an index row: one per ticker, or one for its datasets; none unless completed."""
    if row["status"] != "completed":
        return []
    groups = [("ticker", ticker) for ticker in tickers] or [("dataset", row["datasets"])]
    return [(row["run_id"], by, group, *(row[metric] for metric in BOARD_METRICS)) for by, group in groups]

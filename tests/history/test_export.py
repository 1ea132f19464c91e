"""CSV export of the filtered history: every field flattened, values as recorded, formula-safe."""

import csv
import json

from tests.history.conftest import record_of
from tradepulse.history import RunFilter, export_csv

MARKET, MARKET_2, TABLE, FAILED = range(4)


def read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_field_of_every_run_is_a_column(history, tmp_path):
    store, runs = history
    out = tmp_path / "all.csv"
    assert export_csv(store, out) == 4
    rows = {row["run_id"]: row for row in read(out)}
    assert sorted(rows) == sorted(runs)
    record, row = record_of(store, runs[MARKET]), rows[runs[MARKET]]
    for part in ("hyperparameters", "performance_metrics"):
        for key, value in record[part].items():
            assert row[f"{part}.{key}"] == (json.dumps(value, separators=(",", ":")) if isinstance(value, list)
                                            else str(value)), key
    for side in ("strategy", "buy_and_hold"):
        for key, value in record["trading_metrics"][side].items():
            assert row[f"trading_metrics.{side}.{key}"] == ("" if value is None else str(value)), key
    folds = record["evaluation"]["folds"]
    assert row["start"] == folds[0]["test"]["start"] and row["end"] == folds[-1]["test"]["end"]
    assert row["dataset"] == "bars.csv" and row["status"] == "completed" and row["error"] == ""
    assert row["duration_seconds"] == str(record["duration_seconds"]) and row["started_at"] == record["started_at"]
    table = rows[runs[TABLE]]
    assert table["trading_metrics.strategy.sharpe"] == "" and table["tickers"] == ""


def test_a_formula_in_a_text_field_is_defused(history, tmp_path):
    store, runs = history
    out = tmp_path / "failed.csv"
    assert export_csv(store, out, RunFilter(status="failed")) == 1
    [row] = read(out)
    assert row["error"] == "'=cmd|' /C calc'!A0" and row["status"] == "failed"
    assert row["performance_metrics.accuracy"] == "" and row["hyperparameters.epochs"] == "9"


def test_filters_and_sort_apply_and_nothing_matching_leaves_the_header(history, tmp_path):
    store, runs = history
    out = tmp_path / "aaa.csv"
    assert export_csv(store, out, RunFilter(ticker="AAA"), sort="run_id", descending=False) == 2
    assert [row["run_id"] for row in read(out)] == sorted(runs[:2])
    empty = tmp_path / "none.csv"
    assert export_csv(store, empty, RunFilter(model="Ensemble")) == 0
    header = empty.read_text().splitlines()
    assert len(header) == 1 and header[0].startswith("run_id,model,status,started_at,ended_at,duration_seconds")
    assert {"hyperparameters.seed", "performance_metrics.mcc", "trading_metrics.buy_and_hold.sharpe"} <= \
        set(header[0].split(","))  # the usual columns, even when no run matches


def test_runs_with_different_fields_line_up_under_one_header(store, tmp_path):
    count = 300
    for index in range(count):
        extra = {"hyperparameters": {"epochs": index}} if index % 2 else {
            "hyperparameters": {"lookback": index, "=x": 1}, "performance_metrics": {"f1_score": index / 2}}
        store.save_new({"model_name": "CIPO", "training_status": "completed", **extra})
    out = tmp_path / "mixed.csv"
    assert export_csv(store, out, sort="hyperparameters.epochs") == count
    rows = read(out)
    assert {"hyperparameters.epochs", "hyperparameters.lookback", "hyperparameters.=x"} <= set(rows[0])
    odd = [row for row in rows if row["hyperparameters.epochs"]]
    assert len(odd) == count // 2 and all(row["hyperparameters.lookback"] == "" for row in odd)
    assert [int(row["hyperparameters.epochs"]) for row in odd] == sorted(range(1, count, 2), reverse=True)
    even = [row for row in rows if row["hyperparameters.lookback"]]
    assert all(float(row["performance_metrics.f1_score"]) == int(row["hyperparameters.lookback"]) / 2 for row in even)

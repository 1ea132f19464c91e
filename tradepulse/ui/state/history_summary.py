"""A few index queries per model type: the summary above the history, and the runs start-up shows."""

import pandas as pd

from tradepulse.config import MODEL_TYPES
from tradepulse.history import RunFilter, query_runs
from tradepulse.storage import RecordStore

SUMMARY_COLUMNS = ["model", "runs", "latest run", "best F1"]
NEWEST = 20  # enough to pass the runs still training elsewhere


def summary(store: RecordStore) -> pd.DataFrame:
    """Runs, latest run and best F1 of each model type that has runs."""
    rows = []
    for name in MODEL_TYPES:
        newest = query_runs(store, RunFilter(model=name), limit=1)
        if newest.total:
            best = query_runs(store, RunFilter(model=name), sort="f1_score", limit=1).rows[0]
            rows.append((name, newest.total, pd.Timestamp(newest.rows[0]["time"]), best["f1_score"]))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def latest_records(store: RecordStore) -> list[dict]:
    """Each model type's newest finished run and newest completed run, whole records, newest first."""
    found = {}
    for name in MODEL_TYPES:
        newest = query_runs(store, RunFilter(model=name), limit=NEWEST).rows
        done = next((r for r in newest if r["status"] != "running"), None)
        completed = query_runs(store, RunFilter(model=name, status="completed"), limit=1).rows
        for row in filter(None, [done, *completed]):
            found[row["run_id"]] = row["time"]
    return [store.load(run_id) for run_id in sorted(found, key=found.get, reverse=True)]

"""Index queries over every model type: the summary above the history, and the runs start-up shows."""

import pandas as pd

from tradepulse.config import MODEL_TYPES
from tradepulse.errors import TradePulseError
from tradepulse.history import RunFilter, first_runs, model_summary
from tradepulse.storage import RecordStore

SUMMARY_COLUMNS = ["model", "runs", "latest run", "best F1"]
NEWEST = 20  # enough to pass the runs still training elsewhere


def summary(store: RecordStore) -> pd.DataFrame:
    """Runs, latest run and best F1 of each model type that has runs."""
    found = {model: (runs, pd.Timestamp(latest), best) for model, runs, latest, best in model_summary(store)}
    return pd.DataFrame([(name, *found[name]) for name in MODEL_TYPES if name in found], columns=SUMMARY_COLUMNS)


def latest_records(store: RecordStore) -> list[dict]:
    """Each model type's newest finished run and newest completed run, whole records, newest first."""
    found = {}
    for name in MODEL_TYPES:
        newest = first_runs(store, RunFilter(model=name), limit=NEWEST)
        done = next((r for r in newest if r["status"] != "running"), None)
        completed = first_runs(store, RunFilter(model=name, status="completed"))
        for row in filter(None, [done, *completed]):
            found[row["run_id"]] = row["time"]
    records = []
    for run_id in sorted(found, key=found.get, reverse=True):
        try:
            records.append(store.load(run_id))
        except TradePulseError:  # deleted or damaged since it was indexed: the next start-up shows what is left
            continue
    return records

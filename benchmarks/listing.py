"""Listing records: RecordStore.list() over 1,000 and 10,000 realistic records, cold and warm.

Cold: a new RecordStore (a new process or session) parses every file. Warm: the same store lists again,
re-reading only files whose name, size, mtime or inode changed. The files are in the OS page cache in
both cases (dropping it needs privileges a benchmark should not use).
"""

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.common import Row, median, timer
from tradepulse.evaluation.trading import METRIC_KEYS

SIZES = (1_000, 10_000)
WARM_ROUNDS = 5

METRICS = {"accuracy": 52.1, "precision": 51.0, "recall": 49.5, "f1_score": 50.2, "roc_auc": 53.3,
           "balanced_accuracy": 51.2, "mcc": 0.03, "log_loss": 0.69}
TRADING = {"strategy": dict.fromkeys(METRIC_KEYS, 1.5), "buy_and_hold": dict.fromkeys(METRIC_KEYS, 1.2),
           "settings": {"cost_bps": 5.0, "periods_per_year": 252, "threshold": 0.5, "risk_free": 0.0, "bars": 220,
                        "definitions": 2, "book": "equal-weight, rebalanced each bar"}}
WINDOW = {"start": "2020-01-02T00:00:00", "end": "2023-12-29T00:00:00", "rows": 1000}
FOLD = {"fold": 1, "train": WINDOW, "test": WINDOW, "performance_metrics": METRICS, "baseline_metrics": METRICS,
        "trading_metrics": TRADING}


def realistic_record(index: int) -> dict:
    """A completed CIPO run as the trainer writes it: 20 epochs of history, metrics, confusion matrix."""
    started = datetime(2024, 1, 1) + timedelta(minutes=index)
    return {
        "model_name": ("ADM", "CIPO", "BICIPO", "Ensemble")[index % 4], "schema_version": 2,
        "timestamp": started.isoformat(timespec="seconds"), "started_at": started.isoformat(),
        "ended_at": (started + timedelta(seconds=42)).isoformat(), "duration_seconds": 42.0,
        "hyperparameters": {"epochs": 20, "learning_rate": 0.001, "batch_size": 32, "hidden_layers": 2,
                            "units": 64, "dropout": 0.2, "early_stopping": True, "patience": 5, "lookback": 20,
                            "recurrent_cell": "lstm", "mc_samples": 30, "ensemble_weights": [0.3, 0.3, 0.4],
                            "fit_ensemble_weights": False, "seed": 42},
        "performance_metrics": METRICS, "baseline_metrics": METRICS,
        "trading_metrics": TRADING,
        "evaluation": {"method": "walk-forward", "folds": [FOLD] * 5, "positive_class": "up",
                       "summary": {f"{side}.{key}": {"mean": 1.0, "std": 0.5} for side in ("strategy", "buy_and_hold")
                                   for key in METRIC_KEYS},
                       "refit": {"train": WINDOW}, "fit_seconds": 40.0,
                       "settings": {"method": None, "folds": 5, "cost_bps": 5.0, "positive_class": None,
                                    "threshold": 0.5, "folds_used": 5}},
        "confusion_matrix": [[60, 50], [55, 55]], "classes": [0, 1],
        "dataset_info": {"datasets_used": 1, "total_records": 1500, "dataset_names": ["sample.csv"],
                         "data_shapes": [[1500, 7]], "kind": "market", "target": "next_bar_up",
                         "notes": ["60 warm-up rows (first 20 bars of each ticker) are not used"], "feature_count": 13},
        "split_sizes": {"train": 1000, "validation": 214, "test": 214, "test_scored": 214},
        "history": [{"member": "CIPO", "epoch": e, "loss": 0.69 - e / 1000, "val_loss": 0.7, "stage": f"Fold {f}/5"}
                    for f in range(1, 6) for e in range(1, 21)],
        "training_status": "completed", "error": None, "model_path": f"models/run_{index}",
    }


def fill(folder: Path, count: int) -> int:
    """Write `count` record files directly (the store's fsyncs would only slow the set-up); their size."""
    size = 0
    for index in range(count):
        record = realistic_record(index)
        run_id = f"{record['model_name']}_{index:06d}"
        text = json.dumps({**record, "run_id": run_id}, indent=2)
        (folder / f"{run_id}.json").write_text(text)
        size = len(text)
    return size


def run() -> list[Row]:
    from tradepulse.storage import RecordStore

    rows = []
    for count in SIZES:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-list-{count}-"))
        size = fill(folder, count)
        store = RecordStore(folder)
        with timer() as cold:
            listing = store.list()
        assert len(listing.records) == count and not listing.skipped
        warm = []
        for _ in range(WARM_ROUNDS):
            with timer() as took:
                store.list()
            warm.append(took())
        goal, met = ("≤ 1 s", cold() <= 1.0 and median(warm) <= 1.0) if count == 10_000 else ("", None)
        rows.append(Row(f"records listing, {count:,} records (cold / warm)", f"{cold():.3f} s / {median(warm):.3f} s",
                        goal, met, f"{size / 1024:.1f} KB per record; warm is the median of {WARM_ROUNDS}"))
    return rows

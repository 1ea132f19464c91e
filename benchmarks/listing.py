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

SIZES = (1_000, 10_000)
WARM_ROUNDS = 5


def realistic_record(index: int) -> dict:
    """A completed CIPO run as the trainer writes it: 20 epochs of history, metrics, confusion matrix."""
    started = datetime(2024, 1, 1) + timedelta(minutes=index)
    return {
        "model_name": ("ADM", "CIPO", "BICIPO", "Ensemble")[index % 4], "schema_version": 1,
        "timestamp": started.isoformat(timespec="seconds"), "started_at": started.isoformat(),
        "ended_at": (started + timedelta(seconds=42)).isoformat(), "duration_seconds": 42.0,
        "hyperparameters": {"epochs": 20, "learning_rate": 0.001, "batch_size": 32, "hidden_layers": 2,
                            "units": 64, "dropout": 0.2, "early_stopping": True, "patience": 5, "lookback": 20,
                            "recurrent_cell": "lstm", "mc_samples": 30, "ensemble_weights": [0.3, 0.3, 0.4],
                            "fit_ensemble_weights": False, "seed": 42},
        "performance_metrics": {"accuracy": 52.1, "precision": 51.0, "recall": 49.5, "f1_score": 50.2,
                                "roc_auc": 53.3},
        "baseline_metrics": {"accuracy": 50.0, "precision": 50.0, "recall": 100.0, "f1_score": 66.7, "roc_auc": None},
        "trading_metrics": {"strategy_return_pct": 3.2, "buy_hold_return_pct": 2.1, "max_drawdown_pct": -4.0,
                            "exposure_pct": 48.0, "sharpe_per_bar": 0.03, "bars": 220},
        "confusion_matrix": [[60, 50], [55, 55]], "classes": [0, 1],
        "dataset_info": {"datasets_used": 1, "total_records": 1500, "dataset_names": ["sample.csv"],
                         "data_shapes": [[1500, 7]], "kind": "market", "target": "next_bar_up",
                         "notes": ["60 warm-up rows (first 20 bars of each ticker) are not used"], "feature_count": 13},
        "split_sizes": {"train": 1000, "validation": 214, "test": 214, "test_scored": 214},
        "history": [{"member": "CIPO", "epoch": e, "loss": 0.69 - e / 1000, "val_loss": 0.7} for e in range(1, 21)],
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

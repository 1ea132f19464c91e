"""Small builders shared by the storage tests."""

import json
from datetime import datetime, timedelta
from pathlib import Path

T0 = datetime(2024, 1, 2, 3, 4, 5)


def at(minutes: int) -> datetime:
    """A fixed moment `minutes` after T0, so that order in tests never depends on the clock."""
    return T0 + timedelta(minutes=minutes)


def make_record(model: str = "alpha", status: str = "completed", **extra) -> dict:
    return {
        "model_name": model,
        "training_status": status,
        "hyperparameters": {"epochs": 3},
        "performance_metrics": {"accuracy": 0.5},
        "dataset_info": {"rows": 10},
        **extra,
    }


def names(folder: Path) -> list[str]:
    """Every entry of `folder`, hidden ones included, sorted."""
    return sorted(path.name for path in folder.iterdir())


def run_ids(listing) -> list[str]:
    return [record["run_id"] for record in listing.records]


def write_raw(folder: Path, name: str, data) -> Path:
    """Put a file in place without going through the store (as a user or an old app would)."""
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def raiser(exc: BaseException):
    """A stand-in for a system call that fails with `exc`."""
    def fail(*args, **kwargs):
        raise exc
    return fail

"""The training record: what a run was asked, what it saw and what it measured."""

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import pandas as pd

from tradepulse.data.adjust import ADJUSTED
from tradepulse.evaluation.metrics import METRIC_NAMES
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.models.hyperparameters import Hyperparameters


class Status(str, Enum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"

    def is_finished(self) -> bool:
        return self is not Status.RUNNING


INTERRUPTED = "interrupted"  # shown, never written: a running record whose process is gone


def _process_alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, TypeError, ValueError, OverflowError):
        return True  # someone else's process, or no pid to judge by: do not claim it died
    return True


def shown_status(record: dict) -> str:
    """The record's status, except that a run left 'running' by a process on this machine that no longer
    exists (killed, crashed, power cut) is 'interrupted'."""
    status = record.get("training_status")
    process = record.get("process") or {}
    if status == Status.RUNNING.value and process.get("host") == socket.gethostname() \
            and not _process_alive(process.get("pid")):
        return INTERRUPTED
    return status


@dataclass(frozen=True)
class TrainingRequest:
    model_name: str
    hyperparameters: Hyperparameters
    datasets: tuple[tuple[str, pd.DataFrame], ...]  # (file name, table) pairs, used together
    target: str | None = None
    kind: str | None = None
    evaluation: EvaluationSettings = EvaluationSettings()
    prices: str = ADJUSTED  # market bars with an adjusted close: adjusted or raw prices
    study: str | None = None  # a tuning study's best trial, trained into a run: the study's name
    trial: int | None = None  # ... and the trial's number


def new_record(request: TrainingRequest, started: datetime) -> dict:
    """The record as written when a run starts; finish_record completes it."""
    return {
        "model_name": request.model_name,
        "timestamp": started.isoformat(timespec="seconds"),
        "started_at": started.isoformat(timespec="milliseconds"),
        "ended_at": None,
        "duration_seconds": None,
        "hyperparameters": request.hyperparameters.applied(request.model_name),
        "performance_metrics": dict.fromkeys(METRIC_NAMES),
        "baseline_metrics": None,
        "trading_metrics": None,
        "evaluation": {"method": request.evaluation.method, "folds": [], "summary": {},
                       "settings": request.evaluation.to_dict()},
        "confusion_matrix": None,
        "classes": None,
        "dataset_info": {
            "datasets_used": len(request.datasets),
            "total_records": int(sum(len(table) for _, table in request.datasets)),
            "dataset_names": [name for name, _ in request.datasets],
            "data_shapes": [list(table.shape) for _, table in request.datasets],
            "prices": request.prices,
        },
        "split_sizes": None,
        "history": [],
        "training_status": Status.RUNNING.value,
        "process": {"pid": os.getpid(), "host": socket.gethostname()},  # tells an interrupted run apart
        "error": None,
        "model_path": None,
        "study": request.study,
        "trial": request.trial,
    }


def _loss(value: float | None) -> float | None:
    return None if value is None else round(value, 6)  # float32 losses carry no more than that


def finish_record(record: dict, status: Status, ended: datetime, results: dict, history, error: str | None) -> dict:
    started = datetime.fromisoformat(record["started_at"])
    finished = {**record, **results}
    finished["dataset_info"] = {**record["dataset_info"], **results.get("dataset_info", {})}
    finished.update(
        ended_at=ended.isoformat(timespec="milliseconds"),
        duration_seconds=round((ended - started).total_seconds(), 3),
        history=[{"member": h.member, "epoch": h.epoch, "loss": _loss(h.loss), "val_loss": _loss(h.val_loss),
                  "stage": h.stage} for h in history],
        training_status=status.value,
        error=error,
    )
    return finished

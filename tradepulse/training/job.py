"""One training run: prepare the data, fit, evaluate on the test split, save the model and the record."""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from tradepulse.errors import StorageError, TradePulseError, TrainingCancelled
from tradepulse.models.base import model_class
from tradepulse.storage import RecordStore
from tradepulse.training.progress import Phase, Progress, ProgressTracker
from tradepulse.training.record import Status, TrainingRequest, finish_record, new_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingOutcome:
    run_id: str
    status: Status
    record: dict
    error: str | None


def run_training(request: TrainingRequest, store: RecordStore,
                 on_progress: Callable[[Progress], None] | None = None,
                 cancel: threading.Event | None = None) -> TrainingOutcome:
    """Run the job to its end, whatever happens, and leave exactly one record of it."""
    cancel = cancel or threading.Event()
    model_type = model_class(request.model_name)  # unknown names fail here, before any record
    started = datetime.now()
    record = new_record(request, started)
    run_id = store.save_new(record, when=started)
    tracker = ProgressTracker(on_progress, member_count=model_type.member_count)
    results, error = {}, None
    try:
        from tradepulse.training.fit import fit_and_evaluate  # imports Keras: off the start-up path

        results = fit_and_evaluate(request, store, run_id, model_type, tracker, cancel, results)
        status = Status.COMPLETED
    except TrainingCancelled:
        status = Status.CANCELLED
    except TradePulseError as exc:
        status, error = Status.FAILED, str(exc)
    except Exception as exc:  # a run must end in a record, whatever broke
        logger.exception("training run %s failed", run_id)
        status, error = Status.FAILED, f"{type(exc).__name__}: {exc}"
    record = finish_record(record, status, datetime.now(), results, tracker.snapshot.history, error)
    try:
        store.update(run_id, record)
    except StorageError as exc:  # e.g. the disk filled up during the run: say so, do not crash the caller
        logger.error("run %s ended %s but its record could not be saved: %s", run_id, status.value, exc)
        error = f"the run ended ({status.value}) but its record could not be saved: {exc}"
        return TrainingOutcome(run_id, Status.FAILED, {**record, "training_status": "failed", "error": error}, error)
    if status is Status.COMPLETED:
        tracker.phase(Phase.DONE)  # only once the record is on disk
    return TrainingOutcome(run_id, status, record, error)

"""A trial's work on whichever process runs it: evaluate one set of hyperparameters out of sample (every
fold of the run's validation method, no refit, nothing written) and return its metric.

Dask workers are spawned processes that import this module by name, so everything they run lives here
(`run_on_worker`). Keras is imported only inside the functions: the page and the CLI parser import this
module for its task types.
"""

import atexit
import functools
import importlib
import os
import threading
import time
from dataclasses import dataclass, field, replace

from tradepulse.errors import TradePulseError, TrainingCancelled
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.training.progress import Phase, Progress, ProgressTracker
from tradepulse.tuning.events import TrialProgress
from tradepulse.tuning.metrics import metric_value

COMPLETE, PRUNED, FAILED, CANCELLED = "complete", "pruned", "failed", "cancelled"
WORKER_DIED = "the worker running this trial died"
CANCEL_POLL_SECONDS = 0.3  # a worker asks the scheduler's cancel event at most this often
PROGRESS_SECONDS = 0.5  # a worker sends a running trial's progress at most this often


@dataclass(frozen=True)
class TrialTask:
    number: int
    hyperparameters: dict  # Hyperparameters.to_dict() of the trial's settings
    metric: str
    pruning: bool
    completed: tuple = ()  # intermediate values {step: value} of the completed trials, for the pruner


@dataclass(frozen=True)
class TrialResult:
    number: int
    state: str
    value: float | None = None
    intermediate: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)  # headline figures, shown beside the value
    fit_seconds: float = 0.0
    error: str | None = None


def progress_text(progress: Progress) -> str:
    parts = [progress.stage] if progress.stage_count > 1 else []
    if progress.phase is Phase.TRAINING and progress.epochs:
        member = f"{progress.member} " if progress.member_count > 1 else ""
        parts.append(f"{member}epoch {progress.epoch}/{progress.epochs}")
    else:
        parts.append(progress.phase.value)
    return " · ".join(parts)


def _headline(results: dict) -> dict:
    performance = results.get("performance_metrics") or {}
    strategy = (results.get("trading_metrics") or {}).get("strategy") or {}
    shown = {k: performance.get(k) for k in ("accuracy", "f1_score", "roc_auc", "mcc")}
    shown.update({k: strategy.get(k) for k in ("sharpe", "total_return_pct") if strategy})
    return shown


def run_trial(request, task: TrialTask, cancel, on_progress=None) -> TrialResult:
    """Evaluate the trial's settings on the request's data. `cancel` has is_set(); on_progress receives
    TrialProgress. Ends in a result whatever happens (a pruned, cancelled or failed state included)."""
    import keras

    from tradepulse.models.base import model_class
    from tradepulse.training.fit import evaluate
    from tradepulse.tuning.pruning import MedianProbe, PruningCallback

    probe, results = MedianProbe(task.completed, task.pruning), {}
    state, value, error = FAILED, None, None

    def listener(progress: Progress):
        if on_progress is not None:
            on_progress(TrialProgress(task.number, progress.fraction, progress_text(progress)))

    try:
        trial_request = replace(request, hyperparameters=Hyperparameters.from_dict(task.hyperparameters))
        model_type = model_class(request.model_name)
        evaluate(trial_request, model_type, ProgressTracker(listener, member_count=model_type.member_count),
                 cancel, results, refit=False, callbacks=(PruningCallback(probe, cancel),))
        value = metric_value(results, task.metric)
        state = COMPLETE if value is not None else FAILED
        error = None if value is not None else f"{task.metric} is undefined for this trial's predictions"
    except TrainingCancelled:
        state = CANCELLED
    except TradePulseError as exc:
        error = str(exc)
    except Exception as exc:  # optuna.TrialPruned, or anything a model broke on: the study goes on
        if type(exc).__name__ == "TrialPruned":
            state, error = PRUNED, str(exc) or None
        else:
            error = f"{type(exc).__name__}: {exc}"
    finally:
        keras.backend.clear_session(free_memory=False)  # empty global state; Python's collector frees the rest
    return TrialResult(task.number, state, value, dict(probe.values), _headline(results),
                       float((results.get("evaluation") or {}).get("fit_seconds") or 0.0), error)


@functools.cache
def size_thread_pools(threads: int) -> None:
    """TensorFlow's pools sized to the worker's threads (once per process, before TensorFlow starts):
    several workers on one machine then share its cores instead of each taking them all."""
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:  # already initialised in this process: its pools stay as they are
        pass


# Two threads importing TensorFlow at once can deadlock in its import cycles (Python then raises in one of
# them): a trial waits until the preload's import has ended before importing anything itself.
_imported = threading.Event()
_imported.set()


def dask_setup(worker) -> None:
    """Dask's preload hook, run as a LocalCluster worker starts: TensorFlow is imported (its pools sized
    first) in a thread, so the worker joins the cluster at once and the import overlaps the study's set-up
    instead of delaying the worker's first trial."""
    _imported.clear()
    threading.Thread(target=_import_training, args=(worker.state.nthreads,), name="import-tensorflow",
                     daemon=True).start()


def dask_teardown(worker) -> None:
    """Dask's preload hook, run as the worker closes: its process then ends without Python's finalization,
    which takes 2-3 s with TensorFlow loaded (measured here), paid by the study while its cluster closes."""
    atexit.register(os._exit, 0)


def _import_training(threads: int) -> None:
    try:
        size_thread_pools(threads)
        for module in ("tradepulse.training.fit", "tradepulse.models.keras_base", "tradepulse.tuning.pruning"):
            importlib.import_module(module)
    finally:  # a failed import is tried again, and reported, by the trial
        _imported.set()


class RemoteCancel:
    """A distributed.Event seen from a worker, asked at most every CANCEL_POLL_SECONDS (each ask is a round
    trip to the scheduler); once set it stays set."""

    def __init__(self, name: str):
        from distributed import Event

        self._event, self._asked, self._set = Event(name), 0.0, False

    def is_set(self) -> bool:
        if not self._set and time.monotonic() - self._asked >= CANCEL_POLL_SECONDS:
            self._asked = time.monotonic()
            self._set = self._event.is_set()
        return self._set


def _progress_sender(topic: str):
    from distributed import get_worker

    worker, sent = get_worker(), [0.0]

    def send(progress: TrialProgress):
        if time.monotonic() - sent[0] >= PROGRESS_SECONDS:
            sent[0] = time.monotonic()
            worker.log_event(topic, {"number": progress.number, "fraction": progress.fraction, "text": progress.text})

    return send


def run_on_worker(request, task: TrialTask, cancel_name: str, topic: str) -> TrialResult:
    """The Dask task: a trial on a worker, cancelled through the study's event, progress sent as events."""
    from distributed import Event, get_worker

    _imported.wait()
    size_thread_pools(get_worker().state.nthreads)
    cancel = RemoteCancel(cancel_name)
    if cancel.is_set():  # cancelled while queued
        return TrialResult(task.number, CANCELLED)
    # A cluster reached by address runs a task again when its worker died (its scheduler's allowed-failures):
    # the trial fails instead, as on a local cluster, rather than running twice.
    started = Event(f"{topic}-started-{task.number}")
    if started.is_set():
        return TrialResult(task.number, FAILED, error=WORKER_DIED)
    started.set()
    return run_trial(request, task, cancel, _progress_sender(topic))

"""Training from the GUI: one job at a time per session, in its own thread, with progress and cancel."""

import threading
from functools import partial

import param

from tradepulse.config import MODEL_TYPES
from tradepulse.data import MARKET
from tradepulse.errors import TradePulseError
from tradepulse.models.base import DESCRIPTIONS
from tradepulse.storage import RecordStore
from tradepulse.training import Phase, Progress, Status, TrainingOutcome, TrainingRequest, run_training
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.eta import EtaEstimate, duration
from tradepulse.ui.state.form import EvaluationForm, HyperparameterForm
from tradepulse.ui.state.performance import PerformanceBoard

IDLE, TRAINING = "idle", "training"


ENDED = {Status.COMPLETED.value: "Finished", Status.CANCELLED.value: "Cancelled", Status.FAILED.value: "Failed"}


def readout(progress: Progress, status: str = TRAINING, eta: float | None = None,
            seconds: float | None = None) -> str:
    """'Fold 2/5 · Epoch 3/20 · loss … · val_loss … · ETA …' while training; how the job ended after it."""
    if status in ENDED:  # never a frozen ETA once the job is over
        return f"{ENDED[status]} after {duration(progress.elapsed if seconds is None else seconds)}"
    if status != TRAINING or progress == Progress():  # no job yet
        return ""
    parts = [progress.stage] if progress.stage_count > 1 else []
    if progress.phase is not Phase.TRAINING or not progress.epochs:
        return " · ".join(parts + [f"{progress.phase.value.capitalize()}…"])
    member = f"{progress.member} " if progress.member_count > 1 else ""
    parts.append(f"{member}Epoch {progress.epoch}/{progress.epochs}")
    if progress.epoch and progress.loss is not None:  # at epoch 0 the losses are the previous member's
        parts.append(f"loss {progress.loss:.4f}")
        if progress.val_loss is not None:
            parts.append(f"val_loss {progress.val_loss:.4f}")
    if eta is not None:
        parts.append(f"ETA {duration(eta)}")
    return " · ".join(parts)


def outcome_message(outcome: TrainingOutcome) -> str:
    what = f"{outcome.record['model_name']} run {outcome.run_id}"
    # Only a completed run has an F1: format it for that branch alone (a cancelled run's F1 is None).
    if outcome.status is Status.COMPLETED:
        return f"Trained {what}: F1 {outcome.record['performance_metrics']['f1_score']:.2f}%"
    if outcome.status is Status.CANCELLED:
        return f"Cancelled {what}; its record is saved"
    return f"Training failed: {outcome.error}"


class TrainingState(param.Parameterized):
    model_type = param.Selector(default="CIPO", objects=list(MODEL_TYPES), label="Model type")
    status = param.Selector(default=IDLE, objects=[IDLE, TRAINING] + [s.value for s in Status if s.is_finished()])
    progress = param.ClassSelector(class_=Progress, default=Progress(), doc="Latest snapshot from the training loop")
    eta = param.Number(None, allow_None=True, doc="Seconds of training left, once an epoch has been timed")
    message = param.String("Load data, choose a model and press Train Model", doc="The status line")
    last_outcome = param.ClassSelector(class_=TrainingOutcome, default=None, allow_None=True)
    train = param.Event(label="Train Model")
    cancel = param.Event(label="Cancel")

    def __init__(self, store: RecordStore, data: DataState, form: HyperparameterForm, board: PerformanceBoard,
                 dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store, self.data, self.form, self.board, self._dispatch = store, data, form, board, dispatch
        self.evaluation = EvaluationForm()
        self.data.param.watch(lambda event: self.evaluation.offer_classes(event.new), "target_classes")
        self.evaluation.offer_classes(self.data.target_classes)
        self._cancel_event: threading.Event | None = None
        self._eta = EtaEstimate()

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.model_type]

    @param.depends("train", watch=True)
    def _start(self):
        if self.status == TRAINING:
            return
        try:
            if not self.data.ready:
                raise TradePulseError(f"Cannot train: {self.data.status}")
            kinds = {d.kind for d in self.data.chosen()}
            request = TrainingRequest(self.model_type, self.form.to_hyperparameters(), self.data.training_tables(),
                                      target=None if kinds == {MARKET} else self.data.target,
                                      evaluation=self.evaluation.to_settings(), prices=self.data.prices)
        except TradePulseError as exc:
            self.message = str(exc)
            return
        self._cancel_event = cancel = threading.Event()
        self.progress, self.eta, self._eta, self.last_outcome = Progress(), None, EtaEstimate(), None
        self.board.mark_training(request.model_name)
        self.status, self.message = TRAINING, f"Training {request.model_name}…"
        run_in_background(
            lambda: run_training(request, self.store, partial(self._dispatch_progress, cancel), cancel),
            self._finished, partial(self._crashed, request.model_name), self._dispatch,
            name=f"train-{request.model_name}")

    def _dispatch_progress(self, cancel: threading.Event, progress: Progress):
        self._dispatch(partial(self._show_progress, cancel, progress))

    def _show_progress(self, cancel: threading.Event, progress: Progress):
        if cancel is self._cancel_event and self.status == TRAINING:  # drop late snapshots of an ended job
            # Together: a readout drawn between the two would pair this ETA with the previous epoch.
            self.param.update(eta=self._eta.update(progress), progress=progress)

    def _finished(self, outcome: TrainingOutcome):
        self.board.show_record(outcome.record)
        self.last_outcome = outcome
        self.message = outcome_message(outcome)
        self.status = outcome.status.value
        self._cancel_event = None

    def _crashed(self, model_name: str, message: str):
        self.board.show_record({"model_name": model_name, "training_status": "failed"})
        self.message, self.status = f"Training failed: {message}", Status.FAILED.value
        self._cancel_event = None

    @param.depends("cancel", watch=True)
    def _cancel(self):
        if self._cancel_event is not None and not self._cancel_event.is_set():
            self._cancel_event.set()
            self.message = "Cancelling…"

    def readout_line(self) -> str:
        seconds = self.last_outcome.record.get("duration_seconds") if self.last_outcome else None
        return readout(self.progress, self.status, self.eta, seconds)

    @property
    def can_train(self) -> bool:
        return self.status != TRAINING and self.data.ready

    @property
    def why_not_train(self) -> str:
        """Beside a disabled Train button: what to do first."""
        if self.status == TRAINING:
            return "A training is running: wait for it to end or cancel it"
        if self.data.ready:
            return ""
        if not self.data.datasets:
            return "No data yet: upload a file or press Use sample data (sidebar)"
        if not self.data.selected:
            return "No dataset selected: choose one under Datasets to use (sidebar)"
        return self.data.status

    @property
    def can_cancel(self) -> bool:
        return self.status == TRAINING

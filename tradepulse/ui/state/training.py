"""Training from the GUI: one job at a time per session, in its own thread, with progress and cancel."""

import threading
from functools import partial

import param

from tradepulse.config import MODEL_TYPES
from tradepulse.data import MARKET
from tradepulse.errors import TradePulseError
from tradepulse.models.base import DESCRIPTIONS
from tradepulse.storage import RecordStore
from tradepulse.training import Progress, Status, TrainingOutcome, TrainingRequest, run_training
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.form import EvaluationForm, HyperparameterForm
from tradepulse.ui.state.performance import PerformanceBoard

IDLE, TRAINING = "idle", "training"


def readout(progress: Progress) -> str:
    """'Fold 2/5 · Epoch 3/20 · loss … · val_loss … · ETA …' for the latest snapshot."""
    if progress == Progress():  # no job yet
        return ""
    parts = [progress.stage] if progress.stage_count > 1 else []
    if not progress.epochs:
        return " · ".join(parts + [progress.phase.value.capitalize()])
    member = f"{progress.member} " if progress.member_count > 1 else ""
    parts.append(f"{member}Epoch {progress.epoch}/{progress.epochs}")
    if progress.loss is not None:
        parts.append(f"loss {progress.loss:.4f}")
    if progress.val_loss is not None:
        parts.append(f"val_loss {progress.val_loss:.4f}")
    if progress.eta is not None:
        parts.append(f"ETA {progress.eta:.0f} s")
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
        self.progress = Progress()
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
            self.progress = progress

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

    @property
    def can_train(self) -> bool:
        return self.status != TRAINING and self.data.ready

    @property
    def can_cancel(self) -> bool:
        return self.status == TRAINING

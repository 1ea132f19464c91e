"""Immutable progress snapshots built from training-loop events."""

import time
from dataclasses import dataclass, replace
from enum import Enum
from typing import Callable


class Phase(str, Enum):
    PREPARING = "preparing"
    TRAINING = "training"
    EVALUATING = "evaluating"
    SAVING = "saving"
    DONE = "done"


# Where each phase starts on the bar; training fills the span up to evaluation, in proportion to batches done.
PHASE_START = {Phase.PREPARING: 0.0, Phase.TRAINING: 0.02, Phase.EVALUATING: 0.92, Phase.SAVING: 0.96, Phase.DONE: 1.0}


@dataclass(frozen=True)
class EpochResult:
    member: str
    epoch: int
    loss: float
    val_loss: float | None
    stage: str = ""  # "Fold 2/5", "Refit" or "Holdout": which fit of the run the epoch belongs to


@dataclass(frozen=True)
class Progress:
    phase: Phase = Phase.PREPARING
    fraction: float = 0.0
    member: str = ""
    member_index: int = 0
    member_count: int = 1
    stage: str = ""
    stage_index: int = 0
    stage_count: int = 1
    epoch: int = 0
    epochs: int = 0
    batch: int = 0
    batches: int = 0
    loss: float | None = None
    val_loss: float | None = None
    elapsed: float = 0.0
    eta: float | None = None
    history: tuple[EpochResult, ...] = ()


class ProgressTracker:
    """Receives loop events, keeps the latest snapshot and passes snapshots on, at most every min_interval
    seconds for batches (a message per batch would flood a browser) and always for epochs and phases."""

    def __init__(self, listener: Callable[[Progress], None] | None, member_count: int = 1,
                 min_interval: float = 0.2, clock=time.monotonic):
        self._listener, self._clock, self._min_interval = listener, clock, min_interval
        self._started = self._last_emit = clock()
        self._training_started = None
        self.snapshot = Progress(member_count=member_count)

    def _training_fraction(self, s: Progress) -> float:
        """Done share of all fits: stages (folds, then the refit), members within a stage, epochs within those."""
        within = (s.epoch - 1 + (s.batch / s.batches if s.batches else 0)) / s.epochs if s.epochs else 0.0
        stage = (s.member_index + max(0.0, min(within, 1.0))) / s.member_count
        return (s.stage_index + stage) / s.stage_count

    def _emit(self, force: bool = True, **changes):
        now = self._clock()
        s = replace(self.snapshot, elapsed=now - self._started, **changes)
        if s.phase is Phase.TRAINING:
            done = self._training_fraction(s)
            start, end = PHASE_START[Phase.TRAINING], PHASE_START[Phase.EVALUATING]
            s = replace(s, fraction=start + (end - start) * done)
            # ETA only once an epoch has been timed: the first batches include graph building.
            if done > 0 and s.history and self._training_started is not None:
                spent = now - self._training_started
                s = replace(s, eta=spent / done * (1 - done))
        self.snapshot = s
        if self._listener and (force or now - self._last_emit >= self._min_interval):
            self._last_emit = now
            self._listener(s)

    def phase(self, phase: Phase):
        if phase is Phase.TRAINING and self._training_started is None:
            self._training_started = self._clock()
        self._emit(phase=phase, fraction=PHASE_START[phase], eta=None)

    def stage(self, index: int, count: int, name: str):
        self._emit(stage_index=index, stage_count=count, stage=name, member_index=0, epoch=0, epochs=0,
                   batch=0, batches=0, loss=None, val_loss=None)

    def member(self, index: int, name: str):
        self._emit(member_index=index, member=name, epoch=0, epochs=0, batch=0, batches=0)

    def train_begin(self, epochs: int, batches: int):
        self._emit(epochs=epochs, batches=batches or 0, epoch=0, batch=0)

    def epoch_begin(self, epoch: int):
        self._emit(force=False, epoch=epoch, batch=0)

    def batch_due(self) -> bool:
        """Whether a batch event would be passed on now, so callers can skip building one."""
        return self._clock() - self._last_emit >= self._min_interval

    def batch_begin(self, batch: int):
        """Batch `batch` (0-based; a group's first when Keras runs several per call) is about to run: that
        many are done in this epoch."""
        self._emit(force=False, batch=batch)

    def epoch_end(self, epoch: int, loss: float, val_loss: float | None):
        result = EpochResult(self.snapshot.member, epoch, loss, val_loss, self.snapshot.stage)
        self._emit(epoch=epoch, batch=self.snapshot.batches, loss=loss, val_loss=val_loss,
                   history=self.snapshot.history + (result,))

"""Time left in training, from the pace after the first epoch: that epoch includes building the graph, and
extrapolating it gave 'ETA 1002 s' for a 12 s run."""

from tradepulse.training import Phase, Progress
from tradepulse.training.progress import PHASE_START

TRAINING_END = PHASE_START[Phase.EVALUATING]  # the bar's share where training ends


class EtaEstimate:
    """Fed every snapshot of one job; an estimate once a whole epoch after the first has been timed."""

    def __init__(self):
        self._anchor: tuple[float, float] | None = None  # (elapsed, fraction) when the first epoch ended

    def update(self, progress: Progress) -> float | None:
        if progress.phase is not Phase.TRAINING or not progress.history:
            return None
        if self._anchor is None:
            self._anchor = (progress.elapsed, progress.fraction)
        if len(progress.history) < 2:
            return None
        seconds, done = progress.elapsed - self._anchor[0], progress.fraction - self._anchor[1]
        if seconds <= 0 or done <= 0:
            return None
        # The pace includes the later fits' own graph building and early stopping's skipped epochs.
        return max(0.0, (TRAINING_END - progress.fraction) * seconds / done)


def duration(seconds: float) -> str:
    """12 s, 95 s, 4 min: rounded as a person would say it."""
    return f"{seconds:.0f} s" if seconds < 100 else f"{seconds / 60:.0f} min"

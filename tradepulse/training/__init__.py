"""Training runs: a job with progress snapshots and cancellation, and its record."""

from tradepulse.training.job import TrainingOutcome, run_training
from tradepulse.training.progress import EpochResult, Phase, Progress
from tradepulse.training.record import Status, TrainingRequest

__all__ = ["EpochResult", "Phase", "Progress", "Status", "TrainingOutcome", "TrainingRequest", "run_training"]

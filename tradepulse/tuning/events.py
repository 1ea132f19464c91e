"""What a study tells its listener (the CLI's lines, the GUI's table): immutable snapshots, no Optuna."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TrialStarted:
    number: int
    params: dict


@dataclass(frozen=True)
class TrialProgress:
    number: int
    fraction: float  # of the trial's fits
    text: str  # "Fold 2/5 · epoch 3/20"


@dataclass(frozen=True)
class TrialFinished:
    number: int
    state: str  # complete, pruned, failed or cancelled
    value: float | None
    params: dict
    seconds: float
    error: str | None
    best_value: float | None
    best_number: int | None

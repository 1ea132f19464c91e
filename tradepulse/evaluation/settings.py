"""How a run is judged: validation method and folds, trading costs, and the positive class."""

import math
from dataclasses import asdict, dataclass

from tradepulse.errors import TradePulseError
from tradepulse.evaluation.splits import DEFAULT_FOLDS, FOLD_BOUNDS, METHODS

DEFAULT_COST_BPS = 5.0
COST_BOUNDS = (0.0, 500.0)  # basis points per side: 5 % a trade is already absurd for liquid markets
DEFAULT_THRESHOLD = 0.5  # long when P(up) is above it


@dataclass(frozen=True)
class EvaluationSettings:
    method: str | None = None  # None: walk-forward when the data has time, else k-fold
    folds: int = DEFAULT_FOLDS
    cost_bps: float = DEFAULT_COST_BPS
    positive_class: str | None = None  # binary targets: the class precision, recall and F1 are about
    threshold: float = DEFAULT_THRESHOLD

    def __post_init__(self):
        if self.method is not None and self.method not in METHODS:
            raise TradePulseError(f"unknown validation method {self.method!r}; choose one of {', '.join(METHODS)}")
        if isinstance(self.folds, bool) or not isinstance(self.folds, int) \
                or not FOLD_BOUNDS[0] <= self.folds <= FOLD_BOUNDS[1]:
            raise TradePulseError(f"folds must be a whole number from {FOLD_BOUNDS[0]} to {FOLD_BOUNDS[1]}, "
                                  f"got {self.folds!r}")
        low, high = COST_BOUNDS
        if not isinstance(self.cost_bps, (int, float)) or not math.isfinite(self.cost_bps) \
                or not low <= self.cost_bps <= high:
            raise TradePulseError(f"cost must be from {low:g} to {high:g} basis points per side, got {self.cost_bps!r}")
        if not 0 < self.threshold < 1:
            raise TradePulseError(f"the P(up) threshold must be between 0 and 1, got {self.threshold!r}")

    def to_dict(self) -> dict:
        return asdict(self)


def positive_index(classes: list, chosen: str | None, is_market: bool) -> int | None:
    """Which class index precision, recall and F1 are about (None for multi-class: macro averages)."""
    if len(classes) != 2:
        if chosen is not None:
            raise TradePulseError("a positive class applies to two-class targets only")
        return None
    names = ["down", "up"] if is_market else [str(c) for c in classes]
    if chosen is None:
        return 1  # market: up; tables: the second class in sorted order (1 for 0/1, True for booleans)
    if str(chosen) not in names:
        raise TradePulseError(f"positive class {chosen!r} is not one of the target's classes: {', '.join(names)}")
    return names.index(str(chosen))


def class_names(classes: list, is_market: bool) -> list[str]:
    return ["down", "up"] if is_market else [str(c) for c in classes]

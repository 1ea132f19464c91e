"""Validation plans: walk-forward on timestamps, stratified k-fold, holdout, and the refit on all history.

Each fold names the frame rows that fit a model, the rows that early-stop it and the rows that judge it.
Cuts on data with time are made on timestamps, never row positions, so every ticker shares one calendar
cut, and a training row is purged when its label reaches into the block after it.
"""

from dataclasses import dataclass

import numpy as np

from tradepulse.errors import DataError

WALK_FORWARD, K_FOLD, HOLDOUT = "walk-forward", "k-fold", "holdout"
METHODS = (WALK_FORWARD, K_FOLD, HOLDOUT)
DEFAULT_FOLDS = 5
FOLD_BOUNDS = (2, 20)
VALIDATION_FRACTION = 0.15  # of a training window, for early stopping
HOLDOUT_TEST_FRACTION = 0.15
MIN_BLOCK_TIMES = 5  # timestamps in a walk-forward test block
MIN_FIRST_TRAIN_TIMES = 12  # timestamps before the first test block
MIN_FIT_ROWS = 8
PURGE_BARS = 1  # the label horizon: the next bar


@dataclass(frozen=True, eq=False)
class Fold:
    number: int  # 1-based; 0 for the refit on all history
    fit: np.ndarray  # frame row positions
    validation: np.ndarray
    test: np.ndarray


@dataclass(frozen=True, eq=False)
class Plan:
    method: str
    folds: tuple[Fold, ...]
    refit: Fold | None  # None for holdout: its scored model is the one kept
    notes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Timeline:
    """Per frame row: its time and the time its label depends on (the next bar's, for market data)."""

    times: np.ndarray  # datetime64
    label_end: np.ndarray


def default_method(timeline: Timeline | None) -> str:
    return WALK_FORWARD if timeline is not None else K_FOLD


def _window_split(rows, timeline: Timeline) -> tuple[np.ndarray, np.ndarray]:
    """Fit and validation rows from the training window `rows`: the last VALIDATION_FRACTION of its timestamps validate, the rest fit, with the purge gap between."""
    times = timeline.times[rows]
    unique = np.unique(times)
    n_val = max(1, int(round(len(unique) * VALIDATION_FRACTION)))
    if len(unique) < n_val + PURGE_BARS + 1:
        raise DataError(f"a training window of {len(unique)} time points is too short to hold out validation")
    val_start, fit_end = unique[-n_val], unique[-n_val - PURGE_BARS]
    fit = rows[(times < fit_end) & (timeline.label_end[rows] < val_start)]
    return fit, rows[times >= val_start]


def _training_window(rows, timeline: Timeline, test_start) -> np.ndarray:
    times = timeline.times[rows]
    earlier = np.unique(times[times < test_start])
    if len(earlier) <= PURGE_BARS:
        return rows[:0]
    return rows[(times < earlier[-PURGE_BARS]) & (timeline.label_end[rows] < test_start)]


def _time_fold(number, rows, timeline, test_start, test_end) -> Fold:
    times = timeline.times[rows]
    fit, validation = _window_split(_training_window(rows, timeline, test_start), timeline)
    return Fold(number, fit, validation, rows[(times >= test_start) & (times <= test_end)])


def walk_forward(rows, timeline: Timeline, n_folds: int) -> tuple[list[Fold], list[str]]:
    """Expanding training window; n_folds consecutive test blocks over the later part of the timeline."""
    unique = np.unique(timeline.times[rows])
    notes = []
    fitting = (len(unique) - MIN_FIRST_TRAIN_TIMES) // MIN_BLOCK_TIMES
    if fitting < FOLD_BOUNDS[0]:
        raise DataError(f"too little history for walk-forward: {len(unique)} time points, need at least "
                        f"{MIN_FIRST_TRAIN_TIMES + FOLD_BOUNDS[0] * MIN_BLOCK_TIMES} (or use holdout)")
    if fitting < n_folds:
        notes.append(f"walk-forward folds lowered from {n_folds} to {fitting}: the data is short")
        n_folds = fitting
    # Equal blocks, as in scikit-learn's TimeSeriesSplit, but never leaving the first window too short.
    size = min(len(unique) // (n_folds + 1), (len(unique) - MIN_FIRST_TRAIN_TIMES) // n_folds)
    folds = []
    for k in range(n_folds):
        start = len(unique) - (n_folds - k) * size
        folds.append(_time_fold(k + 1, rows, timeline, unique[start], unique[start + size - 1]))
    return folds, notes


def _time_holdout(rows, timeline: Timeline) -> Fold:
    unique = np.unique(timeline.times[rows])
    n_test = max(1, int(round(len(unique) * HOLDOUT_TEST_FRACTION)))
    return _time_fold(1, rows, timeline, unique[-n_test], unique[-1])


def _refit(rows, timeline: Timeline | None, labels, seed) -> Fold:
    if timeline is None:
        fit, validation = _stratified_part(rows, labels, VALIDATION_FRACTION, seed)
    else:
        fit, validation = _window_split(rows, timeline)
    return Fold(0, fit, validation, rows[:0])


def _stratify_by(labels):
    counts = np.unique(labels, return_counts=True)[1]
    return labels if counts.min() >= 2 else None  # a single-row class cannot sit on both sides


def _stratified_part(rows, labels, fraction, seed) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split

    rest, part = train_test_split(rows, test_size=fraction, random_state=seed, stratify=_stratify_by(labels[rows]))
    return np.sort(rest), np.sort(part)


def _untimed_fold(number, train, test, labels, seed) -> Fold:
    fit, validation = _stratified_part(train, labels, VALIDATION_FRACTION, seed)
    return Fold(number, fit, validation, np.sort(test))


def stratified_k_fold(rows, labels, n_folds: int, seed: int) -> tuple[list[Fold], list[str]]:
    from sklearn.model_selection import KFold, StratifiedKFold

    notes = []
    smallest = int(np.unique(labels[rows], return_counts=True)[1].min())
    splitter = StratifiedKFold
    if smallest < n_folds:
        lowered = max(FOLD_BOUNDS[0], smallest)
        if smallest < FOLD_BOUNDS[0]:
            notes.append("a class has a single row: folds are shuffled but cannot all hold every class")
            splitter = KFold
        else:
            notes.append(f"k-fold lowered from {n_folds} to {lowered} folds: the rarest class has {smallest} rows")
        n_folds = lowered
    if len(rows) < n_folds * MIN_FIT_ROWS:
        raise DataError(f"too few rows for {n_folds}-fold validation: {len(rows)}, need {n_folds * MIN_FIT_ROWS}")
    cutter = splitter(n_splits=n_folds, shuffle=True, random_state=seed)
    folds = [_untimed_fold(i + 1, rows[train], rows[test], labels, seed)
             for i, (train, test) in enumerate(cutter.split(rows, labels[rows]))]
    return folds, notes


def plan(method: str | None, rows, labels, timeline: Timeline | None, n_folds: int, seed: int,
         is_market: bool) -> Plan:
    """The folds of `method` (None: the default for this data) over the trainable frame rows `rows`."""
    method = method or default_method(timeline)  # method and n_folds are checked by EvaluationSettings
    if method == WALK_FORWARD and timeline is None:
        raise DataError("walk-forward needs a time column; this table has none (use k-fold or holdout)")
    if method == K_FOLD and is_market:
        raise DataError("k-fold shuffles rows across time, which leaks the future in market bars: "
                        "use walk-forward or holdout")
    notes = []
    if method == WALK_FORWARD:
        folds, notes = walk_forward(rows, timeline, n_folds)
    elif method == K_FOLD:
        folds, notes = stratified_k_fold(rows, labels, n_folds, seed)
        if timeline is not None:
            notes.append("k-fold shuffled rows across time: later rows helped predict earlier ones")
    elif timeline is not None:
        folds = [_time_holdout(rows, timeline)]
    else:
        train, test = _stratified_part(rows, labels, HOLDOUT_TEST_FRACTION, seed)
        folds = [_untimed_fold(1, train, test, labels, seed)]
    for fold in folds:
        if len(fold.fit) < MIN_FIT_ROWS or not len(fold.validation) or not len(fold.test):
            raise DataError(f"too few rows for {method}: fold {fold.number} has {len(fold.fit)} training, "
                            f"{len(fold.validation)} validation and {len(fold.test)} test rows")
    refit = None if method == HOLDOUT else _refit(rows, timeline, labels, seed)
    return Plan(method, tuple(folds), refit, tuple(notes))

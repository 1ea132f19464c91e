"""Fit and score one fold: preprocessing and model learn from the fold's training rows only, and its
test block is scored. Knows the model contract, not Keras."""

import time
from dataclasses import dataclass

import numpy as np

from tradepulse.data import Frame, Preprocessor
from tradepulse.data.kinds import MARKET
from tradepulse.evaluation.splits import Fold, Timeline


def frame_timeline(frame: Frame) -> Timeline | None:
    """Each row's time and its label's time (the same ticker's next bar, for market data); None without time."""
    if "time" not in frame.meta:
        return None
    times = frame.meta["time"]
    if times.dt.tz is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    times = times.reset_index(drop=True)
    label_end = times.groupby(frame.groups).shift(-1) if frame.kind == MARKET else times
    return Timeline(times.to_numpy("datetime64[ns]"), label_end.to_numpy("datetime64[ns]"))


def next_bar_returns(frame: Frame) -> np.ndarray:
    """Each row's return to the same ticker's next bar (what a long position at that row earns)."""
    close = frame.meta["close"].reset_index(drop=True)
    return (close.groupby(frame.groups).shift(-1) / close - 1).to_numpy()


@dataclass(frozen=True, eq=False)
class FoldOutcome:
    fold: Fold
    rows: np.ndarray  # the test rows the model could score
    proba: np.ndarray  # [len(rows), n_classes]
    labels: np.ndarray  # their true class indices
    train_labels: np.ndarray  # the fold's training labels (fit and validation rows), for its baseline


@dataclass(eq=False)
class FoldRunner:
    frame: Frame
    y: np.ndarray  # class index per frame row (-1 where unlabelled)
    classes: list
    model_type: type
    hyperparameters: object
    callbacks: tuple = ()
    fit_seconds: float = 0.0  # time spent inside the models' own fits, summed over folds

    def fit(self, fold: Fold, on_member=None):
        """A model and its preprocessing learned from the fold's fit rows (validation rows early-stop it)."""
        preprocessor = Preprocessor.fit(self.frame, fold.fit, classes=self.classes)
        model = self.model_type(self.hyperparameters)
        X = model.model_inputs(self.frame, preprocessor.transform(self.frame))
        started = time.perf_counter()
        model.fit(X, self.y, self.frame.groups, self.frame.usable, fold.fit, fold.validation, len(self.classes),
                  callbacks=list(self.callbacks), on_member=on_member)
        self.fit_seconds += time.perf_counter() - started
        return model, preprocessor, X

    def score(self, fold: Fold, model, X: np.ndarray) -> FoldOutcome:
        proba = model.predict_proba(X, self.frame.groups, self.frame.usable)[fold.test]
        scored = ~np.isnan(proba).any(axis=1)  # e.g. ADM rows before a full lookback window
        train_labels = self.y[np.concatenate([fold.fit, fold.validation])]
        rows = fold.test[scored]
        return FoldOutcome(fold, rows, proba[scored], self.y[rows], train_labels)


def fold_notes(outcome: FoldOutcome, names: list[str]) -> list[str]:
    """What the trader should know about a fold: rows it could not score, classes its test block lacks."""
    notes = []
    number, unscored = outcome.fold.number, len(outcome.fold.test) - len(outcome.rows)
    if unscored:
        notes.append(f"fold {number}: {unscored} test rows could not be scored (too little history)")
    absent = sorted(set(np.unique(outcome.train_labels).tolist()) - set(np.unique(outcome.labels).tolist()))
    if absent and len(outcome.rows):
        notes.append(f"fold {number}: its test block has no {', '.join(repr(names[i]) for i in absent)} rows")
    return notes

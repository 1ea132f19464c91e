"""The work inside a training run, phase by phase. Imports Keras (through the callback)."""

import threading

import numpy as np

from tradepulse.config import MODEL_FILE, PREPROCESS_FILE
from tradepulse.data import Preprocessor, build_frame, chronological_split, combine_tables
from tradepulse.data.kinds import MARKET
from tradepulse.errors import DataError, TrainingCancelled
from tradepulse.performance import baseline_metrics, classification_metrics, confusion, trading_metrics
from tradepulse.storage import RecordStore, write_json_atomic
from tradepulse.training.keras_callback import ProgressCallback
from tradepulse.training.progress import Phase, ProgressTracker
from tradepulse.training.record import TrainingRequest


def _check(cancel: threading.Event):
    if cancel.is_set():
        raise TrainingCancelled()


def next_bar_returns(frame, rows: np.ndarray) -> np.ndarray:
    """Each row's return to the same ticker's next bar (the move a long position at that row earns)."""
    close = frame.meta["close"].reset_index(drop=True)
    following = close.groupby(frame.groups).shift(-1)
    return (following / close - 1).to_numpy()[rows]


def fit_and_evaluate(request: TrainingRequest, store: RecordStore, run_id: str, model_type,
                     tracker: ProgressTracker, cancel: threading.Event, results: dict) -> dict:
    """Fill results (in place, so a cancelled or failed run still records what it got to) and return it."""
    tracker.phase(Phase.PREPARING)
    frame = build_frame(combine_tables(list(request.datasets)), kind=request.kind, target=request.target)
    trainable = np.flatnonzero(frame.trainable)
    train_rows, val_rows, test_rows = (trainable[part] for part in chronological_split(len(trainable)))
    preprocessor = Preprocessor.fit(frame, train_rows)
    X, y = preprocessor.transform(frame), preprocessor.encode_labels(frame.labels)
    n_classes = len(preprocessor.classes)
    results["dataset_info"] = {"kind": frame.kind, "target": frame.target_name, "notes": list(frame.notes),
                               "feature_count": len(preprocessor.feature_names)}
    results["classes"] = preprocessor.classes
    results["split_sizes"] = {"train": len(train_rows), "validation": len(val_rows), "test": len(test_rows)}
    _check(cancel)

    tracker.phase(Phase.TRAINING)
    model = model_type(request.hyperparameters)

    def on_member(index: int, name: str):
        _check(cancel)
        tracker.member(index, name)

    model.fit(X, y, frame.groups, frame.usable, train_rows, val_rows, n_classes,
              callbacks=[ProgressCallback(tracker, cancel)], on_member=on_member)
    _check(cancel)

    tracker.phase(Phase.EVALUATING)
    proba = model.predict_proba(X, frame.groups, frame.usable)
    scored = test_rows[~np.isnan(proba[test_rows]).any(axis=1)]
    if not len(scored):
        raise DataError("no test row could be scored: the test split is shorter than the lookback window")
    y_true, y_pred = y[scored], proba[scored].argmax(axis=1)
    results["split_sizes"]["test_scored"] = len(scored)
    results["performance_metrics"] = classification_metrics(y_true, y_pred, proba[scored], n_classes)
    results["baseline_metrics"] = baseline_metrics(y[train_rows], y_true, n_classes)
    results["confusion_matrix"] = confusion(y_true, y_pred, n_classes)
    if frame.kind == MARKET:
        times = frame.meta["time"].to_numpy()[scored]
        up = y_pred == preprocessor.classes.index(1)
        results["trading_metrics"] = trading_metrics(times, next_bar_returns(frame, scored), up)
    _check(cancel)

    tracker.phase(Phase.SAVING)
    with store.open_model_dir(run_id) as folder:
        settings = model.save(folder)
        write_json_atomic(folder / PREPROCESS_FILE, preprocessor.to_dict())
        write_json_atomic(folder / MODEL_FILE, {"model_name": request.model_name, "settings": settings,
                                                "hyperparameters": request.hyperparameters.to_dict()})
    results["model_path"] = str(store.model_dir(run_id).relative_to(store.root))
    return results

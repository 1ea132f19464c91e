"""The work inside a training run, phase by phase: fold fits scored out of sample, the refit, the saving.
Imports Keras (through the callback)."""

import threading
from dataclasses import dataclass, replace

import numpy as np

from tradepulse.config import MODEL_FILE, PREDICTIONS_FILE, PREPROCESS_FILE
from tradepulse.data import build_frame, combine_tables
from tradepulse.data.kinds import MARKET
from tradepulse.data.preprocess import encode_labels, label_classes
from tradepulse.errors import DataError, TrainingCancelled
from tradepulse.evaluation import splits
from tradepulse.evaluation.importance import permutation_importance
from tradepulse.evaluation.results import Scoring, fold_record, pooled_record, predictions_table, summary
from tradepulse.evaluation.runner import FoldRunner, fold_notes, frame_timeline, next_bar_returns
from tradepulse.evaluation.settings import class_names, positive_index
from tradepulse.evaluation.trading import periods_per_year
from tradepulse.storage import RecordStore, write_json_atomic
from tradepulse.training.keras_callback import ProgressCallback
from tradepulse.training.progress import Phase, ProgressTracker
from tradepulse.training.record import TrainingRequest

MIN_SCORED_ROWS = 2  # a fold's test block with fewer scored rows says nothing: it is left out


def _check(cancel: threading.Event):
    if cancel.is_set():
        raise TrainingCancelled()


def _scoring(frame, classes, request: TrainingRequest, timeline) -> Scoring:
    market = frame.kind == MARKET
    tickers = frame.meta["ticker"].to_numpy(str) if "ticker" in frame.meta else None
    return Scoring(
        n_classes=len(classes), positive=positive_index(classes, request.evaluation.positive_class, market),
        settings=request.evaluation, timeline=timeline, tickers=tickers,
        next_returns=next_bar_returns(frame) if market else None, up=classes.index(1) if market else None,
        periods=periods_per_year(timeline.times, tickers) if market else None)


def _tickers(frame) -> list[str]:
    """The run's tickers, from the data's ticker column (market files without one carry their file's)."""
    return sorted(frame.meta["ticker"].astype(str).unique().tolist()) if "ticker" in frame.meta else []


@dataclass(frozen=True, eq=False)
class Evaluation:
    model: object  # the refitted model; without a refit, the last fold's
    preprocessor: object
    scoring: Scoring
    outcomes: list


def evaluate(request: TrainingRequest, model_type, tracker: ProgressTracker, cancel: threading.Event,
             results: dict, refit: bool = True, callbacks: tuple = ()) -> Evaluation:
    """Fit and score every fold, pool the out-of-sample predictions and, when asked, refit on all history.
    Fills results (in place, so a cancelled or failed run still records what it got to); writes nothing."""
    tracker.phase(Phase.PREPARING)
    hyperparameters = request.hyperparameters
    results["hyperparameters"] = hyperparameters.applied(request.model_name)  # what changes this type's run
    # An Ensemble's member count depends on its hyperparameters, not only on its type.
    tracker.snapshot = replace(tracker.snapshot, member_count=model_type(hyperparameters).member_count)
    frame = build_frame(combine_tables(list(request.datasets)), kind=request.kind, target=request.target,
                        prices=request.prices)
    rows = np.flatnonzero(frame.trainable)
    classes = label_classes(frame.labels.iloc[rows])
    y = encode_labels(frame.labels, classes, frame.target_name)
    timeline, market = frame_timeline(frame), frame.kind == MARKET
    scoring = _scoring(frame, classes, request, timeline)
    plan = splits.plan(request.evaluation.method, rows, y, timeline, request.evaluation.folds,
                       hyperparameters.seed, market)
    names = class_names(classes, market)
    notes = list(frame.notes) + list(plan.notes)
    # notes is shared with the record: fold notes added below reach it even if the run stops early.
    results["dataset_info"] = {"kind": frame.kind, "target": frame.target_name, "tickers": _tickers(frame),
                               "notes": notes}
    results["classes"] = classes
    _check(cancel)

    tracker.phase(Phase.TRAINING)
    runner = FoldRunner(frame, y, classes, model_type, hyperparameters,
                        callbacks=(ProgressCallback(tracker, cancel), *callbacks))

    def on_member(index: int, name: str):
        _check(cancel)
        tracker.member(index, name)

    refit_fold = plan.refit if refit else None
    stages = len(plan.folds) + (refit_fold is not None)
    outcomes, folds, last = [], [], None
    for index, fold in enumerate(plan.folds):
        _check(cancel)
        tracker.stage(index, stages, f"Fold {fold.number}/{len(plan.folds)}" if stages > 1 else "Holdout")
        model, preprocessor, X = runner.fit(fold, on_member)
        outcome = runner.score(fold, model, X)
        notes.extend(fold_notes(outcome, names))
        if len(outcome.rows) < MIN_SCORED_ROWS:
            notes.append(f"fold {fold.number} is too small to score and is left out")
            continue
        outcomes.append(outcome)
        folds.append(fold_record(scoring, outcome))
        last = (model, preprocessor, X, outcome)
    if not outcomes:
        raise DataError("no test row could be scored: the test blocks are shorter than the lookback window")
    final = refit_fold or plan.folds[0]
    if refit_fold is not None:
        _check(cancel)
        tracker.stage(len(plan.folds), stages, "Refit")
        model, preprocessor, _ = runner.fit(refit_fold, on_member)
    _check(cancel)

    tracker.phase(Phase.EVALUATING)
    results.update(pooled_record(scoring, outcomes))
    if refit:  # a tuning trial (refit=False) needs only the metrics: it skips the shuffles
        results["feature_importance"] = _importance(frame, hyperparameters, cancel, *last)
    results["dataset_info"]["feature_count"] = len(preprocessor.feature_names)
    results["split_sizes"] = {"train": len(final.fit), "validation": len(final.validation),
                              "test": sum(len(o.fold.test) for o in outcomes),
                              "test_scored": sum(len(o.rows) for o in outcomes)}
    results["evaluation"] = {
        "method": plan.method, "folds": folds, "summary": summary(folds),
        "refit": None if refit_fold is None else {"train": scoring.window(np.concatenate([final.fit,
                                                                                          final.validation]))},
        "positive_class": None if scoring.positive is None else names[scoring.positive],
        "settings": {**request.evaluation.to_dict(), "folds_used": len(folds)},
        "fit_seconds": round(runner.fit_seconds, 3),
    }
    _check(cancel)
    return Evaluation(model, preprocessor, scoring, outcomes)


def _importance(frame, hyperparameters, cancel, model, preprocessor, X, outcome) -> dict:
    """Permutation importance of the last scored fold's model on its own test block: out of sample, on the
    span of rows that block needs."""
    context = 2 * hyperparameters.lookback * len(np.unique(frame.groups))  # windows' history, every ticker
    return permutation_importance(model, X, frame.groups, frame.usable, outcome.rows, outcome.labels,
                                  model.input_names(preprocessor.feature_names),
                                  hyperparameters.seed, context, check=lambda: _check(cancel))


def fit_and_evaluate(request: TrainingRequest, store: RecordStore, run_id: str, model_type,
                     tracker: ProgressTracker, cancel: threading.Event, results: dict) -> dict:
    """Evaluate, refit and save the model with its preprocessing and out-of-sample predictions."""
    done = evaluate(request, model_type, tracker, cancel, results)
    tracker.phase(Phase.SAVING)
    with store.open_model_dir(run_id) as folder:
        settings = done.model.save(folder)
        write_json_atomic(folder / PREPROCESS_FILE, done.preprocessor.to_dict())
        write_json_atomic(folder / MODEL_FILE, {"model_name": request.model_name, "settings": settings,
                                                "hyperparameters": request.hyperparameters.to_dict()})
        predictions_table(done.scoring, done.outcomes).to_parquet(folder / PREDICTIONS_FILE, index=False)
    results["model_path"] = str(store.model_dir(run_id).relative_to(store.root))
    return results

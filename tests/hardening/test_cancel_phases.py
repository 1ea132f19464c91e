"""Cancel in every phase of a run: the run ends with the status the engine promises, and the store still works.

The engine looks at the cancel event at fixed points: after data preparation, at every epoch start
and batch group start (the Keras callback), before each fold, the refit and each Ensemble member, and after
evaluation. The phase cases use holdout (one fit); walk-forward's folds and refit have cases of their own. There is no
point after the model is saved, so a cancel that arrives while saving is too late: that run
completes, with its model, and says so. The tests below hold the code to exactly that.
"""

import threading
from dataclasses import replace
from functools import partial

import pytest

from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.models import keras_base
from tradepulse.training import Phase, Status, TrainingRequest, job, run_training
from tradepulse.training.progress import ProgressTracker

from .conftest import SMALL

HOLDOUT = EvaluationSettings(method="holdout")


def _train(store, bars, model="CIPO", cancel_when=None, epochs=3, evaluation=HOLDOUT):
    cancel, seen = threading.Event(), []

    def listener(progress):
        seen.append(progress)
        if cancel_when is not None and cancel_when(progress):
            cancel.set()

    request = TrainingRequest(model, replace(SMALL, epochs=epochs), (("bars.csv", bars),), evaluation=evaluation)
    return run_training(request, store, listener, cancel), seen


def _ended_epochs(progress):
    return [(h.member, h.epoch) for h in progress.history]


CASES = {
    # name: (model, when to cancel, expected status, the (member, epoch) pairs the record keeps)
    "preparing": ("CIPO", lambda p: p.phase is Phase.PREPARING, Status.CANCELLED, []),
    "training starts": ("CIPO", lambda p: p.phase is Phase.TRAINING and p.epochs and p.epoch == 0,
                        Status.CANCELLED, []),
    # Batch snapshots are throttled; the test passes every one on (see below) to stop at a known group.
    "mid-epoch (second batch group of epoch 2)": ("CIPO", lambda p: p.epoch == 2 and p.batch > 0,
                                                  Status.CANCELLED, [("CIPO", 1)]),
    "after epoch 1 of 3": ("CIPO", lambda p: _ended_epochs(p) == [("CIPO", 1)], Status.CANCELLED, [("CIPO", 1)]),
    "between Ensemble members": ("Ensemble", lambda p: _ended_epochs(p)[-1:] == [("ADM", 3)], Status.CANCELLED,
                                 [("ADM", 1), ("ADM", 2), ("ADM", 3)]),
    "evaluating": ("CIPO", lambda p: p.phase is Phase.EVALUATING, Status.CANCELLED,
                   [("CIPO", 1), ("CIPO", 2), ("CIPO", 3)]),
    "saving (too late)": ("CIPO", lambda p: p.phase is Phase.SAVING, Status.COMPLETED,
                          [("CIPO", 1), ("CIPO", 2), ("CIPO", 3)]),
}


@pytest.fixture
def every_batch(monkeypatch):
    """Pass every batch snapshot on (the tracker normally sends at most one per 0.2 s), and run batches in
    groups of 2: one group of the usual size would span a whole 3-batch epoch of small_bars."""
    monkeypatch.setattr(job, "ProgressTracker", partial(ProgressTracker, min_interval=0.0))
    monkeypatch.setattr(keras_base, "MAX_STEPS", 2)


@pytest.mark.parametrize("case", CASES)
def test_cancel_in_each_phase_ends_the_run_and_the_store_still_works(store, small_bars, every_batch, case):
    model, cancel_when, expected, kept = CASES[case]
    outcome, seen = _train(store, small_bars, model, cancel_when)

    assert outcome.status is expected, outcome.error
    assert outcome.error is None
    record = store.load(outcome.run_id)
    assert record["training_status"] == expected.value
    assert [(h["member"], h["epoch"]) for h in record["history"]] == kept
    assert record["ended_at"] is not None and record["duration_seconds"] >= 0
    saved = store.model_dir(outcome.run_id)
    models_folder = saved.parent
    if expected is Status.CANCELLED:
        assert not saved.exists() and record["model_path"] is None
        assert seen[-1].phase is not Phase.DONE  # "done" is only for a finished, saved run
        if case.startswith("mid-epoch"):  # the group under way finished; nothing after it was reported
            assert (seen[-1].epoch, seen[-1].batch) == (2, 2) and seen[-1].batches > 2
        if case == "between Ensemble members":
            assert "CIPO" not in {p.member for p in seen}  # the second member never started
    else:
        assert saved.is_dir() and record["model_path"] == "models/" + outcome.run_id
        assert seen[-1].phase is Phase.DONE
    # No half-written model folder is left behind, whatever the phase.
    leftovers = [p.name for p in models_folder.iterdir() if p.name.startswith(".")] if models_folder.exists() else []
    assert leftovers == []

    later, _ = _train(store, small_bars, "CIPO", epochs=2)
    assert later.status is Status.COMPLETED, later.error
    assert store.model_dir(later.run_id).is_dir()
    assert {r["run_id"] for r in store.list().records} == {outcome.run_id, later.run_id}


def test_a_cancel_set_before_the_start_still_leaves_one_cancelled_record(store, small_bars):
    cancel = threading.Event()
    cancel.set()
    request = TrainingRequest("Ensemble", SMALL, (("bars.csv", small_bars),))
    outcome = run_training(request, store, None, cancel)
    assert outcome.status is Status.CANCELLED
    assert [r["training_status"] for r in store.list().records] == ["cancelled"]


@pytest.mark.parametrize("stage, kept", [
    ("Fold 2/3", ["Fold 1/3", "Fold 1/3", "Fold 2/3"]),
    ("Refit", ["Fold 1/3", "Fold 1/3", "Fold 2/3", "Fold 2/3", "Fold 3/3", "Fold 3/3", "Refit"]),
])
def test_cancel_inside_a_fold_or_the_refit_stops_there(store, small_bars, stage, kept):
    def after_first_epoch_of(progress):
        return progress.stage == stage and [h.stage for h in progress.history][-1:] == [stage]

    outcome, seen = _train(store, small_bars, "CIPO", after_first_epoch_of, epochs=2,
                           evaluation=EvaluationSettings(folds=3))
    record = store.load(outcome.run_id)
    assert outcome.status is Status.CANCELLED and record["training_status"] == "cancelled"
    assert [h["stage"] for h in record["history"]] == kept
    assert not store.model_dir(outcome.run_id).exists() and record["model_path"] is None

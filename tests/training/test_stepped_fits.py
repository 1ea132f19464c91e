"""Forests and boosting grow in steps that report like epochs: progress moves inside a fit, cancel stops it
within a step, and an Ensemble's progress counts the members it was given."""

import threading

from tests.training.new_types import MIXED, QUICK
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.training import Status, TrainingRequest, run_training


def test_a_forest_reports_progress_inside_each_fit_and_cancels_within_a_step(bars, store):
    cancel, seen = threading.Event(), []

    def on_progress(progress):
        seen.append(progress)
        if progress.stage.startswith("Fold 2") and progress.epoch >= 3:
            cancel.set()  # the third step of the second fold

    request = TrainingRequest("RandomForest", QUICK, (("bars.csv", bars),))
    outcome = run_training(request, store, on_progress=on_progress, cancel=cancel)
    assert outcome.status is Status.CANCELLED
    fold_one = [p for p in seen if p.stage.startswith("Fold 1")]
    assert max(p.epochs for p in fold_one) == 20 and max(p.epoch for p in fold_one) == 20
    fractions = [p.fraction for p in fold_one]
    assert fractions == sorted(fractions) and fractions[-1] > fractions[0]  # moving inside the fit
    steps_after_cancel = [h for h in outcome.record["history"] if h["stage"].startswith("Fold 2")]
    assert len(steps_after_cancel) == 3  # the step under way when cancel came ended it; no more ran


def test_progress_of_an_ensemble_counts_its_own_members(bars, store):
    members = set()

    def on_progress(progress):
        members.add((progress.member_index, progress.member, progress.member_count))

    request = TrainingRequest("Ensemble", MIXED, (("bars.csv", bars),), evaluation=EvaluationSettings(folds=2))
    outcome = run_training(request, store, on_progress=on_progress)
    assert outcome.status is Status.COMPLETED, outcome.error
    assert {(0, "CIPO", 3), (1, "RandomForest", 3), (2, "ChartCNN", 3)} <= members
    assert {h["member"] for h in outcome.record["history"]} == {"CIPO", "RandomForest", "ChartCNN"}

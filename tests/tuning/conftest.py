"""Tiny tuning set-ups: a market request on the shared bars, and a study of its own per test."""

import threading

import pytest

from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.training.record import TrainingRequest
from tradepulse.tuning.events import TrialFinished
from tradepulse.tuning.space import SearchSpace
from tradepulse.tuning.storage import StudyStore
from tradepulse.tuning.study import open_study, run_study

from ..conftest import TINY

# Small and fast: 1-2 layers of a few units, two epochs, two walk-forward folds.
SPECS = {"epochs": "2", "hidden_layers": "1:2", "units": "4:16", "batch_size": "32,64"}


def market_request(bars, method="walk-forward", folds=2, model="CIPO"):
    return TrainingRequest(model, TINY, (("bars.csv", bars),), evaluation=EvaluationSettings(method=method, folds=folds))


class Recorder:
    """The study's events, kept for the test (the listener runs in the study's thread)."""

    def __init__(self):
        self.events, self.lock = [], threading.Lock()

    def __call__(self, event):
        with self.lock:
            self.events.append(event)

    def finished(self) -> list[TrialFinished]:
        with self.lock:
            return [e for e in self.events if isinstance(e, TrialFinished)]

    def of(self, kind) -> list:
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def studies(tmp_path) -> StudyStore:
    return StudyStore(tmp_path / "records")


def run_small_study(studies, request, executor, trials=3, name="s", specs=SPECS, metric="f1", pruning=True,
                    cancel=None, resume=False):
    space = SearchSpace.build(request.model_name, specs, request.hyperparameters)
    study = open_study(studies, name, request, space, metric, pruning, resume)
    events = Recorder()
    with executor:
        executor.start(request, on_progress=events)
        ended = run_study(study, request, space, executor, trials, None, cancel or threading.Event(), events)
    return study, events, ended

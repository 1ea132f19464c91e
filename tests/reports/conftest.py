"""Real small trainings shared by the report tests: three CIPO runs differing only in seed, one with another
hidden-layer count, one with another cost, and a multi-class feature-table run."""

import dataclasses
from dataclasses import dataclass

import pytest

from tests.conftest import TINY
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.sample_data import synthetic_bars, synthetic_feature_table
from tradepulse.storage import RecordStore
from tradepulse.training import Status, TrainingRequest, run_training

TWO_FOLDS = EvaluationSettings(folds=2)


@dataclass(frozen=True)
class Runs:
    store: RecordStore
    seeds: tuple[str, ...]  # seeds 1, 2, 3, else alike
    deeper: str  # seed 1, three hidden layers
    costly: str  # seed 1, 20 bps per side
    table: str  # a feature table with three classes

    def load(self, *run_ids) -> list[dict]:
        return [self.store.load(run_id) for run_id in run_ids]


def _train(store, data, hyperparameters=TINY, evaluation=TWO_FOLDS) -> str:
    outcome = run_training(TrainingRequest("CIPO", hyperparameters, data, evaluation=evaluation), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    return outcome.run_id


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> Runs:
    store = RecordStore(tmp_path_factory.mktemp("reports") / "records")
    bars = (("bars.csv", synthetic_bars(tickers=("AAA", "BBB"), bars=120, seed=11)),)
    seeds = tuple(_train(store, bars, dataclasses.replace(TINY, seed=seed)) for seed in (1, 2, 3))
    deeper = _train(store, bars, dataclasses.replace(TINY, seed=1, hidden_layers=3))
    costly = _train(store, bars, dataclasses.replace(TINY, seed=1), dataclasses.replace(TWO_FOLDS, cost_bps=20.0))
    table = _train(store, (("table.csv", synthetic_feature_table(rows=240, seed=5)),),
                   dataclasses.replace(TINY, seed=1))
    return Runs(store, seeds, deeper, costly, table)

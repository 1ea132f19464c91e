"""Real small trainings shared by the report tests: three CIPO runs differing only in seed, one with another
hidden-layer count, one with another cost, and a multi-class feature-table run."""

import dataclasses
from dataclasses import dataclass

import pytest

from tests.conftest import TINY
from tests.support import train_completed
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.sample_data import synthetic_bars, synthetic_feature_table
from tradepulse.storage import RecordStore


@dataclass(frozen=True)
class Runs:
    store: RecordStore
    seeds: tuple[str, ...]  # seeds 1, 2, 3, else alike
    deeper: str  # seed 1, three hidden layers
    costly: str  # seed 1, 20 bps per side
    table: str  # a feature table with three classes

    def load(self, *run_ids) -> list[dict]:
        return [self.store.load(run_id) for run_id in run_ids]


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> Runs:
    store = RecordStore(tmp_path_factory.mktemp("reports") / "records")
    bars = (("bars.csv", synthetic_bars(tickers=("AAA", "BBB"), bars=120, seed=11)),)
    seeds = tuple(train_completed(store, bars, dataclasses.replace(TINY, seed=seed)) for seed in (1, 2, 3))
    deeper = train_completed(store, bars, dataclasses.replace(TINY, seed=1, hidden_layers=3))
    costly = train_completed(store, bars, dataclasses.replace(TINY, seed=1), EvaluationSettings(folds=2, cost_bps=20.0))
    table = train_completed(store, (("table.csv", synthetic_feature_table(rows=240, seed=5)),),
                            dataclasses.replace(TINY, seed=1))
    return Runs(store, seeds, deeper, costly, table)

"""Real records from real small trainings, made once per session and copied for each test that changes them."""

import json
import shutil
from dataclasses import replace

import pytest

from tests.conftest import TINY
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.storage import RecordStore
from tradepulse.training import Status, TrainingRequest, run_training

# (model, seed, epochs, data): two market runs on tickers AAA and BBB, one on a feature table (no tickers).
RUNS = (("CIPO", 1, 2, "bars"), ("CIPO", 2, 3, "bars"), ("CIPO", 3, 2, "table"))


@pytest.fixture(scope="session")
def trained_folder(tmp_path_factory, bars, feature_table):
    """A data folder holding the RUNS (completed, with saved models) and one failed run; its run ids."""
    store = RecordStore(tmp_path_factory.mktemp("history") / "data")
    ids = []
    for model, seed, epochs, data in RUNS:
        table = ("bars.csv", bars) if data == "bars" else ("features.csv", feature_table)
        request = TrainingRequest(model, replace(TINY, seed=seed, epochs=epochs), (table,),
                                  evaluation=EvaluationSettings(folds=2))
        outcome = run_training(request, store)
        assert outcome.status is Status.COMPLETED, outcome.error
        ids.append(outcome.run_id)
    failed = {"model_name": "ADM", "training_status": "failed", "error": "=cmd|' /C calc'!A0",
              "hyperparameters": {"epochs": 9}, "dataset_info": {"dataset_names": ["bars.csv"], "kind": "market"}}
    ids.append(store.save_new(failed))
    return store.root, ids


@pytest.fixture
def history(trained_folder, tmp_path):
    """A copy of the trained folder for one test: (store, [run ids: 2 market, 1 table, 1 failed])."""
    root, ids = trained_folder
    copy = tmp_path / "data"
    shutil.copytree(root, copy, symlinks=True)
    return RecordStore(copy), list(ids)


def record_of(store: RecordStore, run_id: str) -> dict:
    return json.loads(store.path_of(run_id).read_text())

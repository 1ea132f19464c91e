"""Integration: the scikit-learn types and ChartCNN train for real, their records match their saved models'
own predictions, a fresh process predicts with them, and a tampered skops file is refused."""

import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from tests.support import REPO
from tests.training.new_types import MIXED, NEW_TYPES, QUICK
from tradepulse.data import build_frame
from tradepulse.errors import StorageError
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.models.skops_files import FILE_NAME
from tradepulse.predict import load_model, predict
from tradepulse.storage import RecordStore
from tradepulse.training import Status, TrainingRequest, run_training

HOLDOUT = EvaluationSettings(method="holdout")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, bars):
    """One holdout run of each new type and of a mixed Ensemble, in one data folder."""
    store = RecordStore(tmp_path_factory.mktemp("records"))
    records = {}
    for name in (*NEW_TYPES, "Ensemble"):
        hp = MIXED if name == "Ensemble" else QUICK
        outcome = run_training(TrainingRequest(name, hp, (("bars.csv", bars),), evaluation=HOLDOUT), store)
        assert outcome.status is Status.COMPLETED, outcome.error
        records[name] = store.load(outcome.run_id)
    return store, records


@pytest.mark.parametrize("name", [*NEW_TYPES, "Ensemble"])
def test_the_record_matches_scikit_learn_on_the_saved_models_own_predictions(trained, bars, name):
    store, records = trained
    record = records[name]
    model, preprocessor = load_model(store, record["run_id"])
    frame = build_frame(bars, kind=preprocessor.kind, target=preprocessor.target_name)
    test = record["evaluation"]["folds"][0]["test"]
    times = frame.meta["time"]
    rows = np.flatnonzero(frame.trainable & (times >= test["start"]).to_numpy() & (times <= test["end"]).to_numpy())
    X = model.model_inputs(frame, preprocessor.transform(frame))
    proba = model.predict_proba(X, frame.groups, frame.usable)[rows]
    scored = ~np.isnan(proba).any(axis=1)
    assert scored.sum() == record["split_sizes"]["test_scored"] > 0
    y_true, y_pred = preprocessor.encode_labels(frame.labels)[rows][scored], proba[scored].argmax(axis=1)
    metrics = record["performance_metrics"]
    for key, score in (("accuracy", accuracy_score), ("precision", precision_score), ("recall", recall_score),
                       ("f1_score", f1_score)):
        expected = 100 * (score(y_true, y_pred) if key == "accuracy" else score(y_true, y_pred, zero_division=0))
        assert metrics[key] == pytest.approx(expected, abs=1e-3), key


@pytest.mark.parametrize("name, has, lacks", [
    ("LogisticRegression", {"c", "class_weight", "seed"}, {"epochs", "hidden_layers", "trees", "batch_size"}),
    ("RandomForest", {"trees", "max_depth", "min_samples_leaf"}, {"epochs", "units", "dropout", "patience"}),
    ("GradientBoosting", {"boosting_learning_rate", "iterations", "max_leaf_nodes", "early_stopping"},
     {"epochs", "learning_rate", "trees"}),
    ("ChartCNN", {"epochs", "hidden_layers", "image_size", "lookback", "class_weight"}, {"trees", "c"}),
    ("Ensemble", {"ensemble_members", "epochs", "trees", "image_size"}, {"c", "iterations", "mc_samples"}),
])
def test_the_record_keeps_the_hyperparameters_that_apply(trained, name, has, lacks):
    kept = set(trained[1][name]["hyperparameters"])
    assert has <= kept and not lacks & kept


@pytest.mark.parametrize("name", [*NEW_TYPES, "Ensemble"])
def test_the_record_carries_permutation_importance(trained, name):
    importance = trained[1][name]["feature_importance"]
    assert importance["method"] == "permutation" and importance["metric"] == "log_loss"
    rows = importance["features"]
    assert 0 < len(rows) <= 20 and all(set(r) == {"feature", "importance", "std"} for r in rows)
    assert [r["importance"] for r in rows] == sorted((r["importance"] for r in rows), reverse=True)
    names = {r["feature"] for r in rows}
    assert names <= {"open", "high", "low", "close", "volume"} if name == "ChartCNN" else "return_1" in names


def test_stepped_fits_report_each_step_as_an_epoch(trained):
    history = trained[1]["RandomForest"]["history"]
    assert [h["epoch"] for h in history] == list(range(1, 21))  # 20 trees in 20 steps
    assert all(h["loss"] is not None and h["val_loss"] is not None for h in history)


PREDICT_ALL = """
import json, sys
import pandas as pd
from tradepulse.predict import predict
from tradepulse.storage import RecordStore
store, data = RecordStore(sys.argv[1]), pd.read_csv(sys.argv[2])
print(json.dumps({name: predict(store, data, model_name=name).table["p_up"].tolist() for name in sys.argv[3:]}))
"""


def test_a_fresh_process_predicts_with_each_saved_model(trained, bars, tmp_path):
    store, _ = trained
    data = tmp_path / "bars.csv"
    bars.to_csv(data, index=False)
    names = [*NEW_TYPES, "Ensemble"]
    result = subprocess.run([sys.executable, "-c", PREDICT_ALL, str(store.root), str(data), *names],
                            capture_output=True, text=True, cwd=REPO, timeout=180,
                            env={"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(REPO), "PATH": ""})
    assert result.returncode == 0, result.stderr[-2000:]
    there = json.loads(result.stdout.splitlines()[-1])
    for name in names:
        here = predict(store, bars, model_name=name).table["p_up"].to_numpy()
        np.testing.assert_allclose(np.array(there[name], dtype=float), here, rtol=1e-5, err_msg=name)
        assert np.isfinite(here).sum() > len(bars) / 2


def test_a_skops_file_that_asks_for_another_type_is_refused(trained, bars):
    store, records = trained
    path = store.model_dir(records["LogisticRegression"]["run_id"]) / FILE_NAME
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(files["schema.json"])
    schema["__module__"], schema["__class__"] = "os", "system"  # the estimator swapped for a function
    files["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    with pytest.raises(StorageError, match="os.system"):
        predict(store, bars, model_name="LogisticRegression")


def test_chart_cnn_refuses_a_feature_table(feature_table, store):
    outcome = run_training(TrainingRequest("ChartCNN", QUICK, (("table.csv", feature_table),)), store)
    assert outcome.status is Status.FAILED and "market" in outcome.error

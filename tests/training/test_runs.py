"""Integration: each model type trains for real on small data, and its record tells the truth."""

import dataclasses

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from tests.conftest import TINY
from tradepulse.data import build_frame, chronological_split, combine_tables
from tradepulse.predict import load_model
from tradepulse.training import Status, TrainingRequest, run_training

SEED_FIELDS = {"model_name", "timestamp", "hyperparameters", "performance_metrics", "dataset_info",
               "training_status"}


def recomputed_metrics(store, record, tables, average):
    """Metrics from the saved model's own predictions on the test split, with scikit-learn."""
    model, preprocessor = load_model(store, record["run_id"])
    frame = build_frame(combine_tables(tables), kind=preprocessor.kind, target=preprocessor.target_name)
    trainable = np.flatnonzero(frame.trainable)
    test_rows = trainable[chronological_split(len(trainable))[2]]
    proba = model.predict_proba(preprocessor.transform(frame), frame.groups, frame.usable)[test_rows]
    scored = ~np.isnan(proba).any(axis=1)
    y_true = preprocessor.encode_labels(frame.labels)[test_rows][scored]
    y_pred = proba[scored].argmax(axis=1)
    kwargs = {"average": average, "zero_division": 0}
    return {
        "accuracy": 100 * accuracy_score(y_true, y_pred),
        "precision": 100 * precision_score(y_true, y_pred, **kwargs),
        "recall": 100 * recall_score(y_true, y_pred, **kwargs),
        "f1_score": 100 * f1_score(y_true, y_pred, **kwargs),
    }, int(scored.sum())


@pytest.mark.parametrize("model_name", ["CIPO", "BICIPO", "ADM", "Ensemble"])
def test_each_model_type_trains_and_its_record_matches_the_saved_model(model_name, bars, store):
    tables = [("bars.csv", bars)]
    outcome = run_training(TrainingRequest(model_name, TINY, tuple(tables)), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    record = store.load(outcome.run_id)
    assert SEED_FIELDS <= set(record) and record["schema_version"] == 1
    assert record["hyperparameters"]["epochs"] == 2 and record["hyperparameters"]["hidden_layers"] == 2
    assert len(record["history"]) == 2 * (3 if model_name == "Ensemble" else 1)
    assert record["dataset_info"]["dataset_names"] == ["bars.csv"] and record["dataset_info"]["kind"] == "market"
    assert record["dataset_info"]["total_records"] == len(bars)
    assert record["split_sizes"]["train"] > record["split_sizes"]["validation"] > 0
    assert record["duration_seconds"] > 0 and record["ended_at"] > record["started_at"]
    assert set(record["trading_metrics"]) >= {"strategy_return_pct", "buy_hold_return_pct"}
    assert np.sum(record["confusion_matrix"]) == record["split_sizes"]["test_scored"]
    expected, scored = recomputed_metrics(store, record, tables, "binary")
    assert scored == record["split_sizes"]["test_scored"]
    for name, value in expected.items():
        assert record["performance_metrics"][name] == pytest.approx(value, abs=1e-3), name


def test_a_string_multiclass_feature_table_trains_with_macro_metrics(feature_table, store):
    tables = [("features.csv", feature_table)]
    outcome = run_training(TrainingRequest("CIPO", dataclasses.replace(TINY, epochs=5), tuple(tables)), store)
    record = outcome.record
    assert outcome.status is Status.COMPLETED, outcome.error
    assert record["classes"] == ["Buy", "Hold", "Sell"] and record["trading_metrics"] is None
    assert np.shape(record["confusion_matrix"]) == (3, 3)
    expected, _ = recomputed_metrics(store, record, tables, "macro")
    for name, value in expected.items():
        assert record["performance_metrics"][name] == pytest.approx(value, abs=1e-3), name


def test_the_same_data_and_settings_give_the_same_metrics(bars, store):
    request = TrainingRequest("CIPO", TINY, (("bars", bars),))
    first, second = run_training(request, store), run_training(request, store)
    assert first.run_id != second.run_id
    assert first.record["performance_metrics"] == second.record["performance_metrics"]
    assert first.record["history"] == second.record["history"]


def test_several_files_train_together(bars, store):
    early, late = bars.iloc[: len(bars) // 2], bars.iloc[len(bars) // 2:]
    outcome = run_training(TrainingRequest("CIPO", TINY, (("early.csv", early), ("late.parquet", late))), store)
    info = outcome.record["dataset_info"]
    assert outcome.status is Status.COMPLETED
    assert info["datasets_used"] == 2 and info["data_shapes"] == [list(early.shape), list(late.shape)]


@pytest.mark.parametrize("request_changes, message", [
    ({"model_name": "BICIPO", "hyperparameters": dataclasses.replace(TINY, dropout=0.0)}, "dropout"),
    ({"model_name": "ADM", "hyperparameters": dataclasses.replace(TINY, lookback=90)}, "too few"),
    ({"target": "no_such_column", "kind": "table"}, "no_such_column"),
])
def test_a_failed_run_writes_a_failed_record_with_its_reason(bars, store, request_changes, message):
    request = dataclasses.replace(TrainingRequest("CIPO", TINY, (("bars", bars),)), **request_changes)
    outcome = run_training(request, store)
    record = store.load(outcome.run_id)
    assert outcome.status is Status.FAILED and record["training_status"] == "failed"
    assert message in record["error"] and message in outcome.error
    assert record["model_path"] is None and store.latest(request.model_name) is None

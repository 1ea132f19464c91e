"""Integration: each model type trains for real on small data, and its record tells the truth."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from tests.conftest import TINY
from tradepulse.config import PREDICTIONS_FILE
from tradepulse.data import build_frame, combine_tables
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.predict import load_model
from tradepulse.training import Status, TrainingRequest, run_training

SEED_FIELDS = {"model_name", "timestamp", "hyperparameters", "performance_metrics", "dataset_info",
               "training_status"}
TWO_FOLDS = EvaluationSettings(folds=2)


def sklearn_metrics(y_true, y_pred, average) -> dict:
    kwargs = {"average": average, "zero_division": 0}
    return {
        "accuracy": 100 * accuracy_score(y_true, y_pred),
        "precision": 100 * precision_score(y_true, y_pred, **kwargs),
        "recall": 100 * recall_score(y_true, y_pred, **kwargs),
        "f1_score": 100 * f1_score(y_true, y_pred, **kwargs),
    }


def assert_metrics(record, expected):
    for name, value in expected.items():
        assert record["performance_metrics"][name] == pytest.approx(value, abs=1e-3), name


def saved_predictions(store, record) -> pd.DataFrame:
    return pd.read_parquet(store.model_dir(record["run_id"]) / PREDICTIONS_FILE)


@pytest.mark.parametrize("model_name", ["CIPO", "BICIPO", "ADM", "Ensemble"])
def test_each_model_type_is_judged_out_of_sample_and_its_record_matches_its_predictions(model_name, bars, store):
    tables = [("bars.csv", bars)]
    outcome = run_training(TrainingRequest(model_name, TINY, tuple(tables), evaluation=TWO_FOLDS), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    record = store.load(outcome.run_id)
    assert SEED_FIELDS <= set(record) and record["schema_version"] == 2
    assert record["hyperparameters"]["epochs"] == 2 and record["hyperparameters"]["hidden_layers"] == 2
    fits = 3 * (3 if model_name == "Ensemble" else 1)  # two folds and the refit
    assert len(record["history"]) == 2 * fits
    assert [h["stage"] for h in record["history"]][::2 * fits // 3] == ["Fold 1/2", "Fold 2/2", "Refit"]
    assert record["dataset_info"]["dataset_names"] == ["bars.csv"] and record["dataset_info"]["kind"] == "market"
    assert record["dataset_info"]["total_records"] == len(bars)
    assert record["dataset_info"]["tickers"] == ["AAA", "BBB"]  # from the ticker column
    assert record["study"] is None and record["trial"] is None
    evaluation = record["evaluation"]
    assert evaluation["method"] == "walk-forward" and len(evaluation["folds"]) == 2
    assert evaluation["positive_class"] == "up" and evaluation["refit"]["train"]["rows"] > 0
    assert set(record["trading_metrics"]) == {"strategy", "buy_and_hold", "settings"}
    assert record["trading_metrics"]["settings"]["cost_bps"] == 5.0
    assert np.sum(record["confusion_matrix"]) == record["split_sizes"]["test_scored"]
    # The headline metrics are those of the pooled out-of-sample predictions the run kept.
    pooled = saved_predictions(store, record)
    assert len(pooled) == record["split_sizes"]["test_scored"] and set(pooled["fold"]) == {1, 2}
    y_pred = pooled[["p_0", "p_1"]].to_numpy().argmax(axis=1)
    assert_metrics(record, sklearn_metrics(pooled["y_true"], y_pred, "binary"))
    assert pooled["time"].min() > pd.Timestamp(evaluation["folds"][0]["train"]["end"])


def test_a_holdout_run_keeps_the_model_it_scored(bars, store):
    tables = [("bars.csv", bars)]
    request = TrainingRequest("CIPO", TINY, tuple(tables), evaluation=EvaluationSettings(method="holdout"))
    record = run_training(request, store).record
    test = record["evaluation"]["folds"][0]["test"]
    model, preprocessor = load_model(store, record["run_id"])
    frame = build_frame(combine_tables(tables), kind=preprocessor.kind, target=preprocessor.target_name)
    times = frame.meta["time"]
    rows = np.flatnonzero(frame.trainable & (times >= test["start"]).to_numpy() & (times <= test["end"]).to_numpy())
    proba = model.predict_proba(preprocessor.transform(frame), frame.groups, frame.usable)[rows]
    assert record["evaluation"]["refit"] is None and len(rows) == test["rows"]
    assert_metrics(record, sklearn_metrics(preprocessor.encode_labels(frame.labels)[rows], proba.argmax(axis=1),
                                           "binary"))


def test_a_string_multiclass_feature_table_gets_stratified_folds_with_macro_metrics(feature_table, store):
    tables = [("features.csv", feature_table.drop(columns="date"))]  # no time: rows are exchangeable
    request = TrainingRequest("CIPO", dataclasses.replace(TINY, epochs=5), tuple(tables), evaluation=TWO_FOLDS)
    outcome = run_training(request, store)
    record = outcome.record
    assert outcome.status is Status.COMPLETED, outcome.error
    assert record["classes"] == ["Buy", "Hold", "Sell"] and record["trading_metrics"] is None
    assert record["dataset_info"]["tickers"] == []
    assert record["evaluation"]["method"] == "k-fold" and record["evaluation"]["positive_class"] is None
    assert np.shape(record["confusion_matrix"]) == (3, 3)
    pooled = saved_predictions(store, record)
    assert len(pooled) == len(feature_table)  # every row is scored once, out of sample
    y_pred = pooled[["p_0", "p_1", "p_2"]].to_numpy().argmax(axis=1)
    assert_metrics(record, sklearn_metrics(pooled["y_true"], y_pred, "macro"))


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
    assert info["tickers"] == ["AAA", "BBB"]


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

"""Training from the state: the performance row, the record on disk, the runs table, predict, reset, cancel."""

import re

from tradepulse.config import MODEL_TYPES
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import call_now

from ...support import wait_until
from ..helpers import market_csv, records_on_disk
from .helpers import TINY, run_ended, start_training, train

PERCENT = re.compile(r"\d{1,3}\.\d\d%( ▼)?")


def row(state, model: str) -> dict:
    table = state.board.table
    return table[table["Model"] == model].iloc[0].to_dict()


def test_a_trained_model_fills_its_row_its_record_and_the_runs_table(loaded, store):
    outcome = train(loaded, "CIPO")

    assert loaded.training.status == "completed", loaded.training.message
    assert loaded.training.message.startswith(f"Trained CIPO run {outcome.run_id}")
    shown = row(loaded, "CIPO")
    assert shown["Status"] == "Trained"
    assert all(PERCENT.fullmatch(shown[column]) for column in ("Accuracy", "Precision", "Recall", "F1")), shown
    accuracy, baseline = (outcome.record[part]["accuracy"] for part in ("performance_metrics", "baseline_metrics"))
    assert shown["Accuracy"] == f"{accuracy:.2f}%" + ("" if accuracy > baseline else " ▼")
    assert shown["Baseline accuracy"] == f"{baseline:.2f}%" and shown["Validation"] == "walk-forward"
    strategy = outcome.record["trading_metrics"]["strategy"]["total_return_pct"]
    assert shown["Return"].startswith(f"{strategy:.2f}%")
    assert len(loaded.report.folds) == 6 and loaded.report.folds["Fold"].iloc[-1] == "mean ± std"
    assert loaded.report.curves is not None and len(loaded.report.fold_starts) == 5
    assert all(row(loaded, other)["Status"] == "Not Trained" for other in MODEL_TYPES if other != "CIPO")

    on_disk = records_on_disk(store.root)
    assert list(on_disk) == [outcome.run_id]
    record = on_disk[outcome.run_id]
    assert record["training_status"] == "completed"
    assert record["model_name"] == "CIPO"
    cipo_settings = {k: v for k, v in TINY.items() if k != "lookback"}
    assert {k: record["hyperparameters"][k] for k in cipo_settings} == cipo_settings
    assert "lookback" not in record["hyperparameters"]  # an ADM setting: a CIPO record keeps what CIPO reads
    assert record["performance_metrics"]["accuracy"] is not None
    assert (store.model_dir(outcome.run_id) / "model.keras").is_file()

    runs = loaded.runs.table
    assert runs[["run_id", "model", "status"]].values.tolist() == [[outcome.run_id, "CIPO", "completed"]]
    assert loaded.runs.summary[["model", "runs"]].values.tolist() == [["CIPO", 1]]
    assert loaded.training.progress.fraction == 1.0


def test_predict_uses_the_trained_model_and_gives_signals(loaded):
    loaded.prediction.param.trigger("predict")
    assert loaded.prediction.result is None
    assert "Train a model" in loaded.prediction.message

    outcome = train(loaded, "CIPO")
    assert loaded.prediction.model_available
    loaded.prediction.param.trigger("predict")
    wait_until(lambda: "scored by run" in loaded.prediction.message, 30,
               what=lambda: f"the prediction ({loaded.prediction.message})")

    result = loaded.prediction.result
    assert result.run_id == outcome.run_id
    assert len(result.table) == 240
    assert set(result.table["signal"]) <= {"Buy", "Sell", "Hold", ""}
    assert result.table["signal"].isin(["Buy", "Sell", "Hold"]).any()
    assert not loaded.prediction.running


def test_reset_performance_clears_every_row_and_keeps_the_record(loaded, store):
    outcome = train(loaded, "CIPO")
    assert row(loaded, "CIPO")["Status"] == "Trained"

    loaded.board.param.trigger("reset_performance")

    for model in MODEL_TYPES:
        assert set(row(loaded, model).values()) == {model, "N/A", "Not Trained"}
    assert "Saved records are kept" in loaded.board.message
    assert records_on_disk(store.root)[outcome.run_id]["training_status"] == "completed"
    assert outcome.run_id in set(loaded.runs.table["run_id"])


def test_cancel_during_training_leaves_a_cancelled_record(loaded, store):
    start_training(loaded, "CIPO", epochs=500, early_stopping=False)
    wait_until(lambda: loaded.training.progress.history, 60, what="the first finished epoch")
    assert row(loaded, "CIPO")["Status"] == "Training…"

    loaded.training.param.trigger("cancel")
    wait_until(lambda: run_ended(loaded), 60, what=lambda: f"the cancel to land ({loaded.training.message})")

    outcome = loaded.training.last_outcome
    assert loaded.training.status == "cancelled"
    assert loaded.training.message.startswith(f"Cancelled CIPO run {outcome.run_id}")
    assert row(loaded, "CIPO")["Status"] == "Cancelled"
    record = records_on_disk(store.root)[outcome.run_id]
    assert record["training_status"] == "cancelled"
    assert 1 <= len(record["history"]) < 500
    assert not store.model_dir(outcome.run_id).exists()
    assert loaded.training.can_train


def test_train_without_data_only_says_why(state, store):
    state.training.param.trigger("train")

    assert state.training.status == "idle"
    assert state.training.message == "Cannot train: No data loaded"
    assert records_on_disk(store.root) == {}
    assert set(state.board.table["Status"]) == {"Not Trained"}


def test_two_sessions_training_at_once_keep_their_own_progress(store):
    sessions = {"CIPO": ModelsPanelState(store, call_now), "ADM": ModelsPanelState(store, call_now)}
    seen = {model: [] for model in sessions}
    for model, session in sessions.items():
        session.data.add_files({"bars.csv": market_csv()})
        session.training.param.watch(lambda event, model=model: seen[model].append(event.new), "progress")
    start_training(sessions["CIPO"], "CIPO", epochs=3)
    start_training(sessions["ADM"], "ADM", epochs=2)
    for model, session in sessions.items():
        wait_until(lambda: run_ended(session), 90, what=lambda: f"{model} training to end ({session.training.message})")

    for model, session in sessions.items():
        other = "ADM" if model == "CIPO" else "CIPO"
        epochs = {"CIPO": 3, "ADM": 2}[model]
        assert session.training.status == "completed", session.training.message
        assert any(p.epoch == epochs for p in seen[model]), model
        assert {p.member for p in seen[model]} <= {"", model}
        assert {h.member for p in seen[model] for h in p.history} == {model}
        assert {p.epochs for p in seen[model]} <= {0, epochs}
        assert row(session, model)["Status"] == "Trained"
        assert row(session, other)["Status"] == "Not Trained"
    records = records_on_disk(store.root)
    assert sorted((r["model_name"], r["training_status"]) for r in records.values()) == [
        ("ADM", "completed"), ("CIPO", "completed")]
    cipo, adm = (sessions[m].training.last_outcome.record for m in ("CIPO", "ADM"))
    assert cipo["started_at"] < adm["ended_at"] and adm["started_at"] < cipo["ended_at"], "the runs did not overlap"


def test_a_failed_run_says_why_and_leaves_a_failed_record(loaded, store):
    outcome = train(loaded, "ADM", lookback=200)  # longer than each ticker's 120 bars: nothing to fit

    assert loaded.training.status == "failed"
    assert loaded.training.message == f"Training failed: {outcome.error}"
    assert "too few rows for ADM" in outcome.error
    assert row(loaded, "ADM")["Status"] == "Failed"
    assert records_on_disk(store.root)[outcome.run_id]["training_status"] == "failed"


def test_the_evaluation_form_reaches_the_record(loaded, store):
    assert loaded.training.evaluation.param.positive_class.objects == ["up", "down"]
    assert loaded.training.evaluation.positive_class == "up"
    loaded.training.evaluation.param.update(validation="holdout", cost_bps=12.5, positive_class="down")
    record = train(loaded, "CIPO").record
    assert record["evaluation"]["method"] == "holdout" and len(record["evaluation"]["folds"]) == 1
    assert record["evaluation"]["positive_class"] == "down"
    assert record["trading_metrics"]["settings"]["cost_bps"] == 12.5
    assert row(loaded, "CIPO")["Validation"] == "holdout"

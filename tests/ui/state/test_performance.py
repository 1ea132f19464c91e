"""The performance table: the latest completed run per model, with its data and test period, beside the
status of a later attempt that did not complete; blanks while a model trains."""

from tradepulse.errors import StorageError
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import call_now
from tradepulse.ui.state.performance import PerformanceBoard, judged_period

from .helpers import T0, save_run

WINDOWS = [{"test": {"start": "2021-03-01T00:00:00", "end": "2021-05-28T00:00:00", "rows": 60}},
           {"test": {"start": "2021-06-01T00:00:00", "end": "2021-08-31T00:00:00", "rows": 60}}]


def completed(model="CIPO", accuracy=55.5, names=("bars.csv",), folds=WINDOWS) -> dict:
    metrics = dict.fromkeys(("accuracy", "precision", "recall", "f1_score"), accuracy)
    return {"model_name": model, "training_status": "completed", "performance_metrics": metrics,
            "baseline_metrics": {"accuracy": 50.0, "f1_score": 10.0}, "dataset_info": {"dataset_names": list(names)},
            "evaluation": {"method": "walk-forward", "folds": list(folds)}}


def row(board: PerformanceBoard, model: str) -> dict:
    return board.rows[model]


def test_a_row_names_its_data_and_test_period():
    board = PerformanceBoard()
    board.show_record(completed(names=("a.csv", "b.csv", "c.csv")))
    shown = row(board, "CIPO")
    assert shown["Data"] == "a.csv, b.csv, … (3 files)"
    assert shown["Test period"] == "2021-03-01 → 2021-08-31"
    assert shown["Accuracy"] == "55.50%" and shown["Status"] == "Trained"
    k_fold = [{"test": {"rows": 40}}, {"test": {"rows": 41}}]  # a table without time
    assert judged_period(completed(folds=k_fold)) == "81 rows"
    assert judged_period({"evaluation": {"folds": []}}) == "N/A"


def test_a_cancelled_or_failed_attempt_keeps_the_last_good_metrics_beside_its_status():
    board = PerformanceBoard()
    board.show_record(completed(accuracy=61.0))
    board.mark_training("CIPO")
    training = row(board, "CIPO")
    assert training["Status"] == "Training…"
    assert {v for k, v in training.items() if k not in ("Model", "Status")} == {""}  # not the old numbers

    board.show_record({"model_name": "CIPO", "training_status": "cancelled"})
    assert row(board, "CIPO")["Accuracy"] == "61.00%"
    assert row(board, "CIPO")["Status"] == "Cancelled (last completed run shown)"
    board.show_record({"model_name": "CIPO", "training_status": "failed"})
    assert row(board, "CIPO")["Status"] == "Failed (last completed run shown)"
    board.show_record(completed(accuracy=40.0))
    assert row(board, "CIPO")["Accuracy"] == "40.00% ▼" and row(board, "CIPO")["Status"] == "Trained"


def test_a_model_that_never_completed_shows_its_status_without_numbers():
    board = PerformanceBoard()
    board.show_record({"model_name": "ADM", "training_status": "failed"})
    assert row(board, "ADM")["Status"] == "Failed" and row(board, "ADM")["Accuracy"] == "N/A"


def test_reset_forgets_the_last_good_run():
    board = PerformanceBoard()
    board.show_record(completed())
    board.param.trigger("reset_performance")
    board.show_record({"model_name": "CIPO", "training_status": "cancelled"})
    assert row(board, "CIPO")["Accuracy"] == "N/A" and row(board, "CIPO")["Status"] == "Cancelled"


def test_start_up_shows_the_last_completed_run_beside_a_later_failure_with_its_test_period(store):
    store.save_new(completed(accuracy=58.0), when=T0)
    save_run(store, "CIPO", 5, status="failed", accuracy=None)
    assert not store.list().records[-1]["evaluation"].get("folds")  # the listing leaves the windows out

    shown = ModelsPanelState(store, call_now).board.rows["CIPO"]

    assert shown["Accuracy"] == "58.00%"
    assert shown["Status"] == "Failed (last completed run shown)"
    assert shown["Test period"] == "2021-03-01 → 2021-08-31"
    assert shown["Data"] == "bars.csv"


def test_start_up_leaves_out_a_record_deleted_or_damaged_since_it_was_indexed(store, monkeypatch):
    store.save_new(completed(model="CIPO", accuracy=58.0), when=T0)
    store.save_new(completed(model="ADM", accuracy=61.0), when=T0)
    real_load = store.load

    def load(run_id):
        if run_id.startswith("CIPO"):
            raise StorageError(f"cannot read {run_id}")
        return real_load(run_id)

    monkeypatch.setattr(store, "load", load)
    rows = ModelsPanelState(store, call_now).board.rows
    assert rows["CIPO"]["Status"] == "Not Trained" and rows["ADM"]["Accuracy"] == "61.00%"

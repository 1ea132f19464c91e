"""Saved runs in the session: start-up rows, delete and clean up with confirmation, unreadable files."""

import socket
import subprocess
import sys

from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import call_now

from .helpers import save_run


def ids(table) -> list[str]:
    return table["run_id"].tolist()


def on_disk(store) -> list[str]:
    return sorted(path.stem for path in store.root.glob("*.json"))


def test_start_up_shows_the_latest_finished_run_of_each_model(store):
    save_run(store, "CIPO", 0, accuracy=40.0)
    save_run(store, "CIPO", 5, accuracy=55.5)
    save_run(store, "CIPO", 9, status="running", accuracy=None)  # still training elsewhere: not shown
    save_run(store, "ADM", 3, status="cancelled", accuracy=None)

    table = ModelsPanelState(store, call_now).board.table.set_index("Model")

    assert table.loc["CIPO", "Accuracy"] == "55.50%"
    assert table.loc["CIPO", "Baseline F1"] == "10.00%"
    assert table.loc["CIPO", "Status"] == "Trained"
    assert table.loc["ADM", "Status"] == "Cancelled"
    assert table.loc["ADM", "Accuracy"] == "N/A"
    assert table.loc["BICIPO"].tolist()[-1] == "Not Trained"


def test_start_up_lists_saved_runs_newest_first(store):
    older, newer = save_run(store, "CIPO", 0), save_run(store, "ADM", 1)

    state = ModelsPanelState(store, call_now)

    assert ids(state.runs.table) == [newer, older]
    assert state.prediction.model_available  # CIPO, the default model type, has a saved model


def test_delete_asks_first_and_removes_the_run_once_confirmed(state, store):
    keep, doomed = save_run(store, "CIPO", 0), save_run(store, "CIPO", 1)
    state.runs.load()
    state.runs.selected = doomed
    assert state.runs.record["run_id"] == doomed

    state.runs.param.trigger("delete")
    assert doomed in state.runs.pending
    assert on_disk(store) == sorted([keep, doomed])  # nothing happens before the confirmation

    state.runs.param.trigger("confirm")
    assert on_disk(store) == [keep]
    assert not store.model_dir(doomed).exists()
    assert ids(state.runs.table) == [keep]
    assert state.runs.pending == ""
    assert state.runs.message == "Deleted 1 run(s)"
    assert state.runs.selected is None


def test_abort_keeps_the_run_and_a_later_confirm_does_nothing(state, store):
    run_id = save_run(store, "CIPO", 0)
    state.runs.load()
    state.runs.selected = run_id
    state.runs.param.trigger("delete")

    state.runs.param.trigger("abort")
    assert state.runs.pending == ""
    assert state.runs.message == "Nothing deleted"
    state.runs.param.trigger("confirm")
    assert on_disk(store) == [run_id]
    assert ids(state.runs.table) == [run_id]


def test_delete_without_a_selection_asks_for_one(state, store):
    save_run(store, "CIPO", 0)
    state.runs.load()

    state.runs.param.trigger("delete")

    assert state.runs.pending == ""
    assert state.runs.message == "Select a run first"


def test_cleanup_keeps_the_newest_n_of_each_model_once_confirmed(state, store):
    cipo = [save_run(store, "CIPO", minute) for minute in range(3)]
    adm = [save_run(store, "ADM", 10 + minute) for minute in range(2)]
    state.runs.load()
    state.runs.keep_newest = 1

    state.runs.param.trigger("cleanup")
    assert "newest 1 runs" in state.runs.pending
    assert len(on_disk(store)) == 5

    state.runs.param.trigger("confirm")
    assert on_disk(store) == sorted([cipo[-1], adm[-1]])
    assert ids(state.runs.table) == [adm[-1], cipo[-1]]
    assert state.runs.message == "Deleted 3 run(s)"


def test_a_corrupt_record_is_listed_as_skipped_and_hides_nothing(store):
    good = save_run(store, "CIPO", 0, accuracy=61.0)
    (store.root / "CIPO_20240101_000000.json").write_text("{not json")

    state = ModelsPanelState(store, call_now)

    assert [s.split(":")[0] for s in state.runs.skipped] == ["CIPO_20240101_000000.json"]
    assert "not valid JSON" in state.runs.skipped[0]
    assert ids(state.runs.table) == [good]
    assert state.board.table.set_index("Model").loc["CIPO", "Accuracy"] == "61.00%"


def test_a_run_left_running_by_a_dead_process_shows_as_interrupted(store):
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    store.save_new({"model_name": "ADM", "timestamp": "2024-01-01T00:00:00", "training_status": "running",
                    "process": {"pid": dead, "host": socket.gethostname()}})
    state = ModelsPanelState(store)
    assert list(state.runs.table["status"]) == ["interrupted"]
    assert state.board.rows["ADM"]["Status"] == "Interrupted"

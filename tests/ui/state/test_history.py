"""The run history in the session, on real small trainings: filters, sort, paging, the readable run, best runs
per ticker, trends, compare, CSV export, report, and pinning the run Predict uses."""

import csv
import dataclasses
from pathlib import Path

import pytest

from tests.conftest import TINY
from tradepulse.sample_data import synthetic_bars
from tradepulse.storage import RecordStore
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.runs import SavedRunsState

from ...support import train_completed, wait_until
from .helpers import save_run



@dataclasses.dataclass(frozen=True)
class Runs:
    store: RecordStore
    seeds: tuple[str, str]  # AAA and BBB in bars.csv, seeds 1 and 2, else alike
    other: str  # CCC in ccc.csv, three hidden layers


def _train(store, data, seed: int, hidden_layers: int = 1) -> str:
    return train_completed(store, data, dataclasses.replace(TINY, seed=seed, hidden_layers=hidden_layers))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    store = RecordStore(tmp_path_factory.mktemp("history") / "records")
    bars = (("bars.csv", synthetic_bars(tickers=("AAA", "BBB"), bars=120, seed=11)),)
    seeds = (_train(store, bars, 1), _train(store, bars, 2))
    other = _train(store, (("ccc.csv", synthetic_bars(tickers=("CCC",), bars=120, seed=3)),), 1, hidden_layers=3)
    return Runs(store, seeds, other)


def ids(state) -> list[str]:
    return state.table["run_id"].tolist()


def test_filters_and_sort_pick_runs_from_the_index(runs):
    state = SavedRunsState(runs.store)
    assert ids(state) == [runs.other, *reversed(runs.seeds)]  # newest first
    assert list(state.table.columns[:6]) == ["run_id", "time", "model", "ticker", "status", "accuracy"]
    assert state.table.set_index("run_id").loc[runs.seeds[0], "ticker"] == "AAA, BBB"

    state.ticker = "ccc"
    assert (ids(state), state.total) == ([runs.other], 1)
    state.param.update(ticker="", dataset="bars.csv", descending=False)
    assert ids(state) == list(runs.seeds)
    state.param.update(dataset="", sort="accuracy", descending=True)
    accuracy = state.table["accuracy"].tolist()
    assert accuracy == sorted(accuracy, reverse=True) and len(accuracy) == 3
    state.param.update(metric="accuracy", minimum=accuracy[1])
    assert state.total == 2
    state.param.update(minimum=None, status="failed")
    assert (state.total, ids(state)) == (0, [])


def test_hyperparameters_show_as_optional_columns(runs):
    state = SavedRunsState(runs.store)
    assert "hidden_layers" in state.param.extra_columns.objects and "hidden_layers" not in state.table
    state.extra_columns = ["hidden_layers", "max_drawdown_pct"]
    assert state.table.set_index("run_id")["hidden_layers"].to_dict() == {runs.other: 3, **dict.fromkeys(runs.seeds, 1)}
    assert (state.table["max drawdown"] <= 0).all()
    state.sort = "hyperparameters.seed"  # a hyperparameter sorts the whole history too
    assert ids(state)[0] == runs.seeds[1]  # seed 2; the others have seed 1


def test_pages_come_from_the_index_one_at_a_time(store):
    made = [save_run(store, "CIPO", minute) for minute in range(12)]
    state = SavedRunsState(store)
    state.page_size = 5
    assert (state.total, state.pages, ids(state)) == (12, 3, made[::-1][:5])
    state.param.trigger("next")
    state.param.trigger("next")
    assert (state.page, ids(state)) == (3, made[1::-1])
    state.param.trigger("next")
    assert state.page == 3  # no page after the last
    state.model = "ADM"  # a filter starts again at page 1
    assert (state.page, state.total, ids(state)) == (1, 0, [])


def test_the_selected_run_reads_as_fields_with_blanks_and_its_charts_data(runs):
    state = SavedRunsState(runs.store)
    state.choose([runs.seeds[0]])
    fields = state.report.fields.set_index("Field")["Value"]
    assert fields["Run id"] == runs.seeds[0]
    assert fields["Tickers"] == "AAA, BBB"
    assert fields["Tuning study"] == ""  # a field this record lacks: a blank
    assert fields["hidden_layers"] == "1"
    assert state.report.roc and 0 <= state.report.roc[0].area <= 1
    state.choose([])
    assert state.record is None and state.report.fields.empty


def test_best_runs_per_ticker_and_a_metrics_trend(runs):
    state = SavedRunsState(runs.store)
    assert state.best.table.empty  # nothing spent until the table is shown
    state.best.shown = True
    board = state.best.table
    assert sorted(set(board["Ticker or dataset"])) == ["AAA", "BBB", "CCC"]
    ccc = board[board["Ticker or dataset"] == "CCC"]
    assert set(ccc["Run"]) == {runs.other} and "F1" in set(ccc["Metric"])

    state.trends.param.update(metric="accuracy", models=["CIPO"], ticker="AAA")
    state.trends.load()
    assert [row[1] for row in state.trends.rows] == list(runs.seeds)
    state.trends.models = ["ADM"]
    state.trends.load()
    assert state.trends.rows == [] and "No completed runs" in state.trends.message


def test_compare_shows_only_what_differs_and_groups_seeds(runs):
    state = SavedRunsState(runs.store)
    state.choose([runs.seeds[0]])
    state.compare.compare(state.chosen)
    assert "2" in state.compare.message and state.compare.comparison is None  # one run is not a comparison

    state.choose([*runs.seeds, runs.other])
    state.compare.compare(state.chosen)
    table = state.compare.table
    assert list(table.columns) == ["Section", "Field", *state.chosen, "Differs"]
    assert set(table["Differs"]) == {"yes"} and "seed" in set(table["Field"])
    assert "Run id" not in set(table["Field"])
    assert state.compare.warnings  # other data
    assert set(state.compare.seeds["Runs (same settings, other seeds)"]) == {", ".join(runs.seeds)}
    state.compare.only_differences = False
    assert len(state.compare.table) > len(table) and "" in set(state.compare.table["Differs"])


def test_the_filtered_history_exports_as_csv_and_a_report_is_built(runs):
    state = SavedRunsState(runs.store)
    state.ticker = "AAA"
    state.exports.export(state.filters, state.sort, state.descending)
    wait_until(lambda: state.exports.csv_file, 30, what=lambda: state.exports.message)
    with open(state.exports.csv_file, newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(row["run_id"] for row in rows) == sorted(runs.seeds)
    assert "hyperparameters.seed" in rows[0] and state.exports.message == "2 run(s) exported"

    state.exports.report([runs.other])
    wait_until(lambda: state.exports.report_file, 60, what=lambda: state.exports.message)
    html = Path(state.exports.report_file).read_text(encoding="utf-8")
    assert runs.other in html and state.exports.report_name == f"report_{runs.other}.html"


def test_use_for_predict_pins_the_run_and_deleting_it_unpins(store):
    older, newer = save_run(store, "CIPO", 0), save_run(store, "CIPO", 1)
    state = ModelsPanelState(store)
    assert (state.prediction.run, state.prediction.model_available) == (newer, True)

    state.runs.selected = older
    state.runs.param.trigger("pin")
    assert store.pinned() == {"CIPO": older} and older in state.runs.message
    state.prediction.refresh_runs()
    assert state.prediction.run == older
    assert list(state.prediction.param.run.names) == [f"{older} (pinned)", newer]

    state.runs.param.trigger("delete")
    state.runs.param.trigger("confirm")
    assert store.pinned() == {} and "unpinned" in state.runs.message
    state.prediction.refresh_runs()
    assert state.prediction.run == newer


def test_pinning_a_run_that_did_not_complete_says_why(store):
    failed = save_run(store, "CIPO", 0, status="failed", accuracy=None)
    state = SavedRunsState(store)
    state.selected = failed
    state.param.trigger("pin")
    assert store.pinned() == {}
    assert state.message == (f"run {failed} cannot be pinned: only a completed run with a saved model can "
                             "(status failed)")


def test_a_run_the_trader_picks_for_predict_stays_chosen_while_new_runs_arrive(store):
    older, newer = save_run(store, "CIPO", 0), save_run(store, "CIPO", 1)
    state = ModelsPanelState(store)
    assert state.prediction.run == newer
    state.prediction.run = older
    newest = save_run(store, "CIPO", 5)
    state.prediction.refresh_runs()
    assert (state.prediction.run, list(state.prediction.param.run.objects)) == (older, [newest, newer, older])
    state.training.model_type = "ADM"  # no ADM run: nothing to predict with
    assert (state.prediction.run, state.prediction.model_available) == (None, False)

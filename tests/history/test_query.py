"""History queries on real records: filters, sort, paging, and what a schema-1 record shows."""

import json
import socket
from datetime import datetime, timedelta

import pytest

from tests.history.conftest import record_of
from tradepulse.history import HistoryError, RunFilter, first_runs, model_summary, query_runs

MARKET, MARKET_2, TABLE, FAILED = range(4)


def ids(page) -> list[str]:
    return [row["run_id"] for row in page.rows]


def test_a_row_carries_the_records_fields(history):
    store, runs = history
    [row] = [r for r in query_runs(store).rows if r["run_id"] == runs[MARKET]]
    record = record_of(store, runs[MARKET])
    assert row["tickers"] == "AAA, BBB" and row["datasets"] == "bars.csv" and row["model"] == "CIPO"
    assert row["f1_score"] == record["performance_metrics"]["f1_score"]
    assert row["sharpe"] == record["trading_metrics"]["strategy"]["sharpe"]
    assert row["max_drawdown_pct"] == record["trading_metrics"]["strategy"]["max_drawdown_pct"]
    assert row["buy_hold_return_pct"] == record["trading_metrics"]["buy_and_hold"]["total_return_pct"]
    assert row["method"] == record["evaluation"]["method"] and row["target"] == "next_bar_up"
    assert row["hyperparameters"] == record["hyperparameters"] and row["status"] == "completed"


@pytest.mark.parametrize("filters, expected", [
    (RunFilter(), [MARKET, MARKET_2, TABLE, FAILED]),
    (RunFilter(model="CIPO"), [MARKET, MARKET_2, TABLE]),
    (RunFilter(model="ADM"), [FAILED]),
    (RunFilter(ticker="aaa"), [MARKET, MARKET_2]),
    (RunFilter(ticker="ZZZ"), []),
    (RunFilter(dataset="features.csv"), [TABLE]),
    (RunFilter(dataset="BARS.CSV"), [MARKET, MARKET_2, FAILED]),
    (RunFilter(status="failed"), [FAILED]),
    (RunFilter(status="completed", dataset="bars.csv"), [MARKET, MARKET_2]),
    (RunFilter(days=1), [MARKET, MARKET_2, TABLE, FAILED]),
    (RunFilter(until=(datetime.now() - timedelta(days=2)).date().isoformat()), []),
    (RunFilter(since=(datetime.now() + timedelta(hours=1)).isoformat()), []),
    (RunFilter(since=datetime.now().date()), [MARKET, MARKET_2, TABLE, FAILED]),
])
def test_filters_select_the_matching_runs(history, filters, expected):
    store, runs = history
    page = query_runs(store, filters, limit=10)
    assert sorted(ids(page)) == sorted(runs[i] for i in expected) and page.total == len(expected)


def test_a_minimum_keeps_runs_at_or_above_it_and_drops_runs_without_the_metric(history):
    store, runs = history
    f1 = {run_id: record_of(store, run_id)["performance_metrics"]["f1_score"] for run_id in runs[:3]}
    middle = sorted(f1.values())[1]
    page = query_runs(store, RunFilter(minimum={"f1": middle}))
    assert sorted(ids(page)) == sorted(run_id for run_id, value in f1.items() if value >= middle)
    sharpe = query_runs(store, RunFilter(minimum={"sharpe": -1e9}))
    assert sorted(ids(sharpe)) == sorted(runs[:2])  # the table run has no trading metrics, the failed none at all


def test_sort_by_a_metric_either_way_puts_blanks_last(history):
    store, runs = history
    accuracy = {run_id: record_of(store, run_id)["performance_metrics"]["accuracy"] for run_id in runs[:3]}
    best_first = sorted(accuracy, key=accuracy.get, reverse=True)
    assert ids(query_runs(store, sort="accuracy")) == [*best_first, runs[FAILED]]
    assert ids(query_runs(store, sort="accuracy", descending=False)) == [*best_first[::-1], runs[FAILED]]
    by_epochs = query_runs(store, sort="hyperparameters.epochs", descending=True)
    assert ids(by_epochs)[0] == runs[FAILED] and ids(by_epochs)[1] == runs[MARKET_2]  # 9 epochs, then 3


def test_pages_split_the_sorted_runs_and_keep_the_total(history):
    store, runs = history
    everything = ids(query_runs(store, sort="run_id", limit=10))
    pages = [query_runs(store, sort="run_id", offset=offset, limit=3) for offset in (0, 3)]
    assert [ids(page) for page in pages] == [everything[:3], everything[3:]]
    assert all(page.total == 4 for page in pages)


def test_first_runs_are_the_first_page_without_its_count(history):
    store, runs = history
    for filters, sort in ((RunFilter(), "time"), (RunFilter(model="CIPO"), "accuracy"), (RunFilter(status="failed"), "time")):
        assert first_runs(store, filters, sort, limit=2) == query_runs(store, filters, sort, limit=2).rows
    assert first_runs(store, RunFilter(model="BICIPO")) == []
    with pytest.raises(HistoryError, match="limit"):
        first_runs(store, limit=0)


def test_the_model_summary_counts_runs_and_keeps_the_latest_time_and_best_f1(history):
    store, _ = history
    cipo = query_runs(store, RunFilter(model="CIPO")).rows
    [failed_adm] = query_runs(store, RunFilter(model="ADM")).rows
    assert sorted(model_summary(store)) == [("ADM", 1, failed_adm["time"], None),  # no F1: it failed
                                            ("CIPO", 3, max(r["time"] for r in cipo), max(r["f1_score"] for r in cipo))]


@pytest.mark.parametrize("call, message", [
    (lambda s: query_runs(s, RunFilter(minimum={"speed": 1})), "unknown metric 'speed'"),
    (lambda s: query_runs(s, sort="nonsense"), "cannot sort by 'nonsense'"),
    (lambda s: query_runs(s, RunFilter(status="lost")), "unknown status 'lost'"),
    (lambda s: query_runs(s, RunFilter(since="last tuesday")), "not a date"),
    (lambda s: query_runs(s, RunFilter(days=0)), "days must be more than 0"),
    (lambda s: query_runs(s, limit=0), "limit"),
])
def test_bad_queries_say_what_is_wrong(history, call, message):
    with pytest.raises(HistoryError, match=message):
        call(history[0])


def test_a_running_record_of_a_dead_process_shows_as_interrupted(history):
    store, _ = history
    run_id = store.save_new({"model_name": "BICIPO", "training_status": "running",
                             "process": {"pid": 2**22 + 12345, "host": socket.gethostname()}})
    [row] = query_runs(store, RunFilter(status="interrupted")).rows
    assert row["run_id"] == run_id and row["status"] == "interrupted"
    assert query_runs(store, RunFilter(status="running")).total == 0


def test_a_schema_1_record_appears_with_blanks(history):
    store, runs = history
    path = store.path_of(runs[MARKET])
    record = json.loads(path.read_text())
    del record["evaluation"], record["dataset_info"]["tickers"]
    record.update(schema_version=1, trading_metrics={"strategy_return_pct": 1.25, "buy_hold_return_pct": -3.5})
    path.write_text(json.dumps(record))
    store.index.reconcile()  # written in place, behind the index's back
    [row] = [r for r in query_runs(store).rows if r["run_id"] == runs[MARKET]]
    assert row["tickers"] == "BARS"  # no tickers field: the file's stem in capitals, as for market data
    assert row["strategy_return_pct"] == 1.25 and row["buy_hold_return_pct"] == -3.5
    assert row["sharpe"] is None and row["max_drawdown_pct"] is None and row["method"] == "holdout"

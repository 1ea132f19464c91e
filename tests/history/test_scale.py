"""Thousands of synthetic schema-2 records, written directly as another program would: every query, page
and leaderboard agrees with the same computation done in Python over the records themselves."""

import random
from datetime import datetime, timedelta

import orjson
import pytest

from tradepulse.history import RunFilter, export_csv, leaderboard, query_runs
from tradepulse.storage import RecordStore

COUNT = 3_000
TICKERS = ["AAA", "BBB", "CCC", "DDD"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A folder of COUNT records and the records as written (run id -> record)."""
    root, rng, now = tmp_path_factory.mktemp("scale") / "data", random.Random(5), datetime.now()
    root.mkdir()
    written = {}
    for index in range(COUNT):
        started = now - timedelta(hours=index * 3)
        tickers = sorted(rng.sample(TICKERS, rng.choice((1, 2))))
        record = {"model_name": rng.choice(("ADM", "CIPO", "BICIPO")), "schema_version": 2,
                  "timestamp": started.isoformat(timespec="seconds"),
                  "training_status": rng.choice(("completed",) * 8 + ("failed", "cancelled")),
                  "hyperparameters": {"epochs": rng.randrange(1, 50)},
                  "performance_metrics": {"f1_score": round(rng.uniform(20, 80), 3),
                                          "accuracy": None if index % 17 == 0 else round(rng.uniform(40, 60), 3)},
                  "trading_metrics": {"strategy": {"sharpe": round(rng.gauss(0, 1), 4),
                                                   "max_drawdown_pct": -round(rng.uniform(1, 30), 3)}},
                  "dataset_info": {"kind": "market", "tickers": tickers, "dataset_names": ["bars.csv"]}}
        run_id = f"{record['model_name']}_{started:%Y%m%d_%H%M%S}"
        (root / f"{run_id}.json").write_bytes(orjson.dumps(record))
        written[run_id] = record
    return root, written


def expected(written, keep, key, reverse):
    """Run ids kept by `keep`, sorted by `key` (blanks last, ties by run id in the same direction)."""
    kept = [(run_id, record) for run_id, record in written.items() if keep(record)]
    present = sorted(((key(r), run_id) for run_id, r in kept if key(r) is not None), reverse=reverse)
    blanks = sorted((run_id for run_id, r in kept if key(r) is None), reverse=reverse)
    return [run_id for _, run_id in present] + blanks


def test_filtered_sorted_pages_match_the_records(synthetic):
    root, written = synthetic
    store = RecordStore(root)
    since = datetime.now() - timedelta(days=200)

    def keep(record):
        return (record["model_name"] == "CIPO" and "BBB" in record["dataset_info"]["tickers"]
                and record["training_status"] == "completed" and record["performance_metrics"]["f1_score"] >= 40
                and datetime.fromisoformat(record["timestamp"]) >= since)

    order = expected(written, keep, lambda r: r["performance_metrics"]["accuracy"], reverse=False)
    filters = RunFilter(model="CIPO", ticker="bbb", status="completed", minimum={"f1": 40}, days=200)
    pages = [query_runs(store, filters, sort="accuracy", descending=False, offset=offset, limit=40)
             for offset in range(0, len(order) + 40, 40)]
    assert [row["run_id"] for page in pages for row in page.rows] == order
    assert {page.total for page in pages} == {len(order)} and len(order) >= 50
    assert pages[-1].rows == []


def test_the_leaderboard_matches_the_records(synthetic):
    root, written = synthetic
    board = {row.group: row for row in leaderboard(RecordStore(root))}
    assert sorted(board) == TICKERS
    for ticker in TICKERS:
        done = [r for r in written.values() if r["training_status"] == "completed"
                and ticker in r["dataset_info"]["tickers"]]
        assert board[ticker].best["sharpe"].value == max(r["trading_metrics"]["strategy"]["sharpe"] for r in done)
        assert board[ticker].best["max_drawdown_pct"].value == max(
            r["trading_metrics"]["strategy"]["max_drawdown_pct"] for r in done)
        best_f1 = written[board[ticker].best["f1_score"].run_id]
        assert best_f1["performance_metrics"]["f1_score"] == max(r["performance_metrics"]["f1_score"] for r in done)


def test_export_of_everything_has_one_row_per_record_in_order(synthetic, tmp_path):
    root, written = synthetic
    out = tmp_path / "all.csv"
    assert export_csv(RecordStore(root), out, sort="sharpe") == COUNT
    lines = out.read_text().splitlines()[1:]
    order = expected(written, lambda r: True, lambda r: r["trading_metrics"]["strategy"]["sharpe"], reverse=True)
    assert [line.split(",", 1)[0] for line in lines] == order

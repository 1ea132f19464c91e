"""A run in full from its record: the fold table, the description, and the equity rebuilt from its kept
predictions; an older record or a damaged predictions file loses only the chart."""

from tradepulse.config import PREDICTIONS_FILE
from tradepulse.ui.state.run_report import RunReport, describe

from .helpers import train


def test_a_walk_forward_run_shows_its_folds_and_an_equity_that_matches_its_record(loaded, store):
    record = train(loaded, "CIPO").record
    report = RunReport(store)
    report.record = record
    folds = record["evaluation"]["folds"]
    assert list(report.folds["Fold"]) == [str(f["fold"]) for f in folds] + ["mean ± std"]
    assert report.folds["Accuracy"].iloc[0] == f"{folds[0]['performance_metrics']['accuracy']:.2f}%"
    assert report.folds["Sharpe"].iloc[0] == f"{folds[0]['trading_metrics']['strategy']['sharpe']:.2f}"
    strategy = record["trading_metrics"]["strategy"]
    # The chart is rebuilt from the kept predictions with the run's own cost: it ends where the record does.
    assert abs(100 * (report.curves["strategy_equity"].iloc[-1] - 1) - strategy["total_return_pct"]) < 1e-4
    assert len(report.fold_starts) == len(folds)
    assert "buy-and-hold: single ticker" in describe(record) or "equal-weight" in describe(record)


def test_an_older_record_or_a_damaged_file_loses_only_the_chart(loaded, store):
    record = train(loaded, "CIPO").record
    (store.model_dir(record["run_id"]) / PREDICTIONS_FILE).write_bytes(b"not parquet")
    report = RunReport(store)
    report.record = record
    assert report.curves is None and len(report.folds) == len(record["evaluation"]["folds"]) + 1
    old = {**record, "evaluation": {"method": "holdout", "folds": [], "summary": {}}}
    report.record = old
    assert report.folds.empty and "judged on one split by an older version" in describe(old)
    assert describe(None).startswith("Select or train a run")

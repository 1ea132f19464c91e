"""Chart builders on real runs: ROC/PR from the kept predictions, thinning, plain-text titles."""

import numpy as np
import pandas as pd
import pytest
from bokeh.models import PlainText
from sklearn.metrics import roc_auc_score

from tradepulse.reports.charts import confusion_chart, fold_chart, importance_chart, pr_chart, roc_chart, trend_chart
from tradepulse.reports.curve_charts import equity_charts, learning_chart
from tradepulse.reports.predictions import MAX_POINTS, load_predictions, pr_curves, roc_curves, thin_indices
from tradepulse.reports.run_section import equity_of

PAYLOAD = "<script>alert(1)</script>"


def lines(chart) -> list:
    return [r for r in chart.renderers if type(r.glyph).__name__ == "Line"]


def test_binary_roc_is_the_positive_class_and_its_area_is_the_records_auc(runs):
    [record] = runs.load(runs.seeds[0])
    table = load_predictions(runs.store, record)
    [roc] = roc_curves(record, table)
    [pr] = pr_curves(record, table)
    assert roc.label == "up" and pr.label == "up"
    assert roc.area * 100 == pytest.approx(record["performance_metrics"]["roc_auc"], abs=1e-3)
    assert roc.x[0] == 0 and roc.x[-1] == 1 and np.all(np.diff(roc.x) >= 0)
    chart = roc_chart([("", roc)])
    assert isinstance(chart.title.text, PlainText) and len(lines(chart)) == 2  # the curve and the diagonal


def test_multi_class_curves_are_one_against_the_rest_per_class(runs):
    [record] = runs.load(runs.table)
    table = load_predictions(runs.store, record)
    curves = roc_curves(record, table)
    assert [c.label for c in curves] == ["Buy", "Hold", "Sell"]
    for index, curve in enumerate(curves):
        assert curve.area == pytest.approx(roc_auc_score(table["y_true"] == index, table[f"p_{index}"]))
    assert len(pr_curves(record, table)) == 3
    counts = np.asarray(record["confusion_matrix"])
    chart = confusion_chart(record)
    assert sorted(chart.renderers[0].data_source.data["count"]) == sorted(counts.ravel())
    assert list(chart.x_range.factors) == ["Buy", "Hold", "Sell"]


def test_a_run_without_predictions_draws_no_curve(runs):
    [record] = runs.load(runs.seeds[0])
    assert roc_curves(record, None) == [] and roc_chart([]) is None and pr_chart([]) is None
    assert load_predictions(runs.store, {**record, "run_id": None}) is None


def test_long_curves_are_thinned_with_their_ends_kept():
    assert len(thin_indices(100)) == 100
    kept = thin_indices(123_457)
    assert len(kept) <= MAX_POINTS and kept[0] == 0 and kept[-1] == 123_456
    times = pd.date_range("2020-01-01", periods=50_000, freq="h")
    curves = pd.DataFrame({"time": times, **{c: np.linspace(1, 2, len(times)) for c in
                           ("strategy_equity", "buy_and_hold_equity", "strategy_drawdown_pct",
                            "buy_and_hold_drawdown_pct")}})
    equity, drawdown = equity_charts([("", curves)])
    assert all(len(r.data_source.data["time"]) <= MAX_POINTS for r in lines(equity) + lines(drawdown))


def test_equity_and_learning_curves_overlay_runs(runs):
    records = runs.load(*runs.seeds[:2])
    equity, drawdown = equity_charts([(r["run_id"], equity_of(runs.store, r)[0]) for r in records])
    assert len(lines(equity)) == 3 and len(lines(drawdown)) == 3  # two strategies, one shared buy-and-hold
    names = [r.data_source.data["name"][0] for r in lines(equity)]
    assert names[1] == "Buy & hold" and names[0].startswith(records[0]["run_id"])
    learning = learning_chart([(r["run_id"], r["history"]) for r in records])
    assert len(lines(learning)) == 4  # loss and val_loss of each run's refit
    assert learning_chart([("", [])]) is None


def test_fold_chart_puts_runs_side_by_side(runs):
    records = runs.load(*runs.seeds[:2])
    chart = fold_chart([(r["run_id"], r) for r in records], "performance_metrics.f1_score", "F1 %")
    data = chart.renderers[0].data_source.data
    assert list(data["x"]) == [(f"Fold {f}", r["run_id"]) for f in (1, 2) for r in records]
    assert list(data["value"]) == [r["evaluation"]["folds"][f]["performance_metrics"]["f1_score"]
                                   for f in (0, 1) for r in records]
    assert fold_chart([("", {})], "performance_metrics.f1_score", "F1 %") is None


def test_feature_importance_is_drawn_when_the_record_has_it():
    record = {"feature_importance": {"method": "permutation", "metric": "f1_score", "features": [
        {"feature": "ret_1", "importance": 0.02, "std": 0.01}, {"feature": PAYLOAD, "importance": 0.05, "std": 0.0},
        {"feature": "broken", "importance": None}]}}
    chart = importance_chart(record)
    assert list(chart.y_range.factors) == ["ret_1", PAYLOAD]  # least important at the bottom, broken left out
    assert isinstance(chart.title.text, PlainText) and importance_chart({}) is None


def test_trend_chart_draws_a_line_per_model():
    rows = [("2026-01-02T10:00", "CIPO_1", "CIPO", 50.0), ("2026-01-01T10:00", "CIPO_0", "CIPO", 48.0),
            ("2026-01-03T10:00", "ADM_1", "ADM", 52.0), ("not a time", "ADM_2", "ADM", 1.0)]
    chart = trend_chart(rows, "F1 %")
    models = {r.data_source.data["model"][0]: list(r.data_source.data["value"]) for r in lines(chart)}
    assert models == {"ADM": [52.0], "CIPO": [48.0, 50.0]}
    assert trend_chart([], "F1 %") is None

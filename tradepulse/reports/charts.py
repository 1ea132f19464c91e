"""Bokeh chart builders shared by the GUI and the HTML report: confusion matrix, ROC and precision-recall,
per-fold metrics, feature importance and a metric's trend over time.

Each builder returns a new figure (or None when the record has nothing to draw). User text (run ids, class
and feature names, metric labels) reaches the chart only as canvas text, PlainText titles and hover fields,
never as HTML.
"""

import numpy as np
import pandas as pd
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, PlainText, Title
from bokeh.palettes import Category10_10
from bokeh.plotting import figure
from bokeh.transform import linear_cmap

from tradepulse.reports.fields import part
from tradepulse.reports.predictions import Curve, names_and_positive, thin_indices

TOOLS = "pan,wheel_zoom,box_zoom,reset,save"
MAX_FEATURES = 30  # the most important ones: a longer bar chart is unreadable


def color(index: int) -> str:
    return Category10_10[index % len(Category10_10)]


def titled_figure(words: str, x_label: str = "", y_label: str = "", **options) -> figure:
    """A figure whose title and axis labels show exactly as written (no HTML, no TeX)."""
    options = {"height": 300, "sizing_mode": "stretch_width", "tools": TOOLS, **options}
    chart = figure(title=Title(text=PlainText(text=words)), **options)
    chart.xaxis.axis_label, chart.yaxis.axis_label = PlainText(text=x_label), PlainText(text=y_label)
    chart.toolbar.logo = None  # a link to bokeh.org: the report opens offline and links nowhere
    return chart


def confusion_chart(record: dict) -> figure | None:
    """Heatmap of the pooled out-of-sample confusion matrix: actual class by row, predicted by column."""
    matrix, (names, _) = record.get("confusion_matrix"), names_and_positive(record)
    if not matrix or len(matrix) != len(names):
        return None
    counts = np.asarray(matrix, dtype=int)
    actual, predicted = np.meshgrid(names, names, indexing="ij")
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * 100
    source = ColumnDataSource({"actual": actual.ravel(), "predicted": predicted.ravel(), "count": counts.ravel(),
                               "share": share.ravel(), "text": counts.ravel().astype(str),
                               # Light text on the dark cells of the palette, dark text on the light ones.
                               "ink": np.where(counts.ravel() > counts.max() / 2, "white", "#222")})
    chart = titled_figure("Confusion matrix (out of sample)", "predicted", "actual", x_range=names,
                          y_range=list(reversed(names)), height=280, width=340, sizing_mode="fixed",
                          tools="save")
    chart.rect("predicted", "actual", 1, 1, source=source, line_color="white",
               fill_color=linear_cmap("count", "Blues256", high=0, low=max(int(counts.max()), 1)))
    chart.text("predicted", "actual", text="text", source=source, text_align="center", text_baseline="middle",
               text_color="ink")
    chart.add_tools(HoverTool(tooltips=[("actual", "@actual"), ("predicted", "@predicted"), ("rows", "@count"),
                                        ("share of actual", "@share{0.0}%")]))
    chart.grid.visible = False
    return chart


def _curve_chart(words: str, x_label: str, y_label: str, area: str, curves: list[tuple[str, Curve]],
                 diagonal: bool) -> figure | None:
    if not curves:
        return None
    chart = titled_figure(words, x_label, y_label, x_range=(0, 1), y_range=(0, 1.02))
    if diagonal:
        chart.line([0, 1], [0, 1], color="#999", line_dash="dotted")
    for index, (run, curve) in enumerate(curves):
        name = f"{run} {curve.label}".strip()
        source = ColumnDataSource({"x": curve.x, "y": curve.y, "name": [name] * len(curve.x)})
        chart.line("x", "y", source=source, color=color(index), line_width=2,
                   legend_label=f"{name} ({area} {curve.area:.3f})")
    chart.add_tools(HoverTool(tooltips=[("", "@name"), (x_label, "@x{0.000}"), (y_label, "@y{0.000}")]))
    chart.legend.location, chart.legend.click_policy = "bottom_right", "hide"
    return chart


def roc_chart(curves: list[tuple[str, Curve]]) -> figure | None:
    """ROC curves, each given as (run label, Curve) (label "" for a single run); None when there are none."""
    return _curve_chart("ROC curve (out of sample)", "false positive rate", "true positive rate", "AUC", curves,
                        diagonal=True)


def pr_chart(curves: list[tuple[str, Curve]]) -> figure | None:
    """Precision-recall curves as (run label, Curve); the area shown is the average precision."""
    return _curve_chart("Precision-recall curve (out of sample)", "recall", "precision", "AP", curves,
                        diagonal=False)


def fold_chart(runs: list[tuple[str, dict]], key: str, label: str) -> figure | None:
    """Each fold's value of metric `key` (a dotted path inside a fold, e.g. "performance_metrics.f1_score"
    or "trading_metrics.strategy.sharpe"), one bar per run side by side; None when no fold has it."""
    rows = [(f"Fold {fold.get('fold')}", run, part(fold, key)) for run, record in runs
            for fold in (part(record, "evaluation.folds") or []) if isinstance(fold, dict)]
    rows = [(fold, run, float(v)) for fold, run, v in rows if isinstance(v, (int, float))]
    if not rows:
        return None
    folds = sorted({fold for fold, _, _ in rows}, key=lambda f: int(f.split()[-1]) if f[-1].isdigit() else 0)
    names = [run for run, _ in runs]
    factors = [(fold, run) for fold in folds for run in names]
    values = {(fold, run): v for fold, run, v in rows}
    source = ColumnDataSource({"x": factors, "value": [values.get(f, np.nan) for f in factors],
                               "run": [run for _, run in factors], "fold": [fold for fold, _ in factors],
                               "color": [color(names.index(run)) for _, run in factors]})
    chart = titled_figure(f"{label} per fold", "", label, x_range=FactorRange(*factors), height=260)
    bars = {"legend_field": "run"} if len(names) > 1 else {}
    chart.vbar(x="x", top="value", width=0.8, source=source, fill_color="color", line_color="color", **bars)
    chart.add_tools(HoverTool(tooltips=[("run", "@run"), ("fold", "@fold"), (label, "@value{0.00}")]))
    chart.xaxis.major_label_text_font_size = "0px"  # the runs are told apart by colour and legend
    chart.xgrid.visible = False
    if bars:
        chart.legend.label_text_font_size, chart.legend.location = "10px", "top_left"
    return chart


def importance_chart(record: dict) -> figure | None:
    """Permutation importance (record["feature_importance"]) as horizontal bars with ± std; None if absent."""
    found = record.get("feature_importance") or {}
    rows = [f for f in found.get("features") or [] if isinstance(f, dict)
            and isinstance(f.get("importance"), (int, float))]
    if not rows:
        return None
    rows = sorted(rows, key=lambda f: f["importance"], reverse=True)[:MAX_FEATURES][::-1]
    names = [str(f.get("feature")) for f in rows]
    importance = np.array([float(f["importance"]) for f in rows])
    std = np.array([float(f["std"]) if isinstance(f.get("std"), (int, float)) else 0.0 for f in rows])
    source = ColumnDataSource({"feature": names, "importance": importance, "std": std,
                               "low": importance - std, "high": importance + std})
    metric = str(found.get("metric") or "score")
    chart = titled_figure(f"Feature importance ({found.get('method') or 'permutation'}, drop in {metric})",
                          f"drop in {metric}", "", y_range=names, height=max(180, 22 * len(names) + 80))
    chart.hbar(y="feature", right="importance", height=0.7, source=source, color=color(0))
    chart.segment("low", "feature", "high", "feature", source=source, color="#333")
    chart.add_tools(HoverTool(tooltips=[("feature", "@feature"), ("importance", "@importance{0.0000}"),
                                        ("std", "@std{0.0000}")]))
    return chart


def trend_chart(rows, label: str) -> figure | None:
    """A metric over time: rows of (time, run_id, model, value), one line per model; None without rows."""
    table = pd.DataFrame(list(rows), columns=["time", "run_id", "model", "value"])
    table["time"] = pd.to_datetime(table["time"], errors="coerce")
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    table = table.dropna(subset=["time", "value"]).sort_values("time")
    if table.empty:
        return None
    chart = titled_figure(f"{label} over time", "time", label, x_axis_type="datetime")
    for index, (model, line) in enumerate(table.groupby("model", sort=True)):
        line = line.iloc[thin_indices(len(line))]
        source = ColumnDataSource({"time": line["time"].to_numpy(), "value": line["value"].to_numpy(),
                                   "run_id": line["run_id"].astype(str).to_numpy(),
                                   "model": line["model"].astype(str).to_numpy()})
        chart.line("time", "value", source=source, color=color(index), line_width=2, legend_label=str(model))
        chart.scatter("time", "value", source=source, color=color(index), size=6)
    chart.add_tools(HoverTool(tooltips=[("run", "@run_id"), ("model", "@model"), ("time", "@time{%F %H:%M}"),
                                        (label, "@value{0.00}")], formatters={"@time": "datetime"}))
    chart.legend.location, chart.legend.click_policy = "top_left", "hide"
    return chart

"""Bokeh builders for curves over epochs and time: learning curves (per network member, overlaid across
runs) and out-of-sample equity and drawdown of the strategy against buy-and-hold."""

import numpy as np
import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, Span
from bokeh.plotting import figure

from tradepulse.reports.charts import color, titled_figure
from tradepulse.reports.predictions import thin_indices

HOLD_COLOR = "#c77c02"


def latest_fit(history) -> list[dict]:
    """The epochs of a run's latest fit (the refit, or the fold now training): each fold starts afresh."""
    rows = [h if isinstance(h, dict) else vars(h) for h in history or []]
    last = rows[-1].get("stage", "") if rows else ""
    return [row for row in rows if row.get("stage", "") == last]


def _nan(value) -> float:
    return float("nan") if value is None else float(value)


def learning_chart(runs: list[tuple[str, list]], title: str = "Learning curve (the saved model's fit)") \
        -> figure | None:
    """loss (solid) and val_loss (dashed) per epoch of each run's latest fit, a pair of lines per network
    member; runs as (label, history) ("" for a single run). None when no run has a history."""
    chart = titled_figure(title, "epoch", "loss")
    drawn = 0
    for run_index, (run, history) in enumerate(runs):
        rows = latest_fit(history)
        members = list(dict.fromkeys(str(r.get("member")) for r in rows))
        for member_index, member in enumerate(members):
            mine = [r for r in rows if str(r.get("member")) == member]
            name = f"{run} {member}".strip() if len(members) > 1 or not run else run
            source = ColumnDataSource({"epoch": [r.get("epoch") for r in mine],
                                       "loss": [_nan(r.get("loss")) for r in mine],
                                       "val_loss": [_nan(r.get("val_loss")) for r in mine],
                                       "name": [name] * len(mine)})
            hue = color(drawn)
            chart.line("epoch", "loss", source=source, color=hue, line_width=2, legend_label=f"{name} loss")
            chart.scatter("epoch", "loss", source=source, color=hue, size=4)
            chart.line("epoch", "val_loss", source=source, color=hue, line_width=2, line_dash="dashed",
                       legend_label=f"{name} val_loss")
            drawn += 1
    if not drawn:
        return None
    chart.xaxis.ticker.min_interval = 1  # epochs are whole numbers
    chart.add_tools(HoverTool(tooltips=[("", "@name"), ("epoch", "@epoch"), ("loss", "@loss{0.0000}"),
                                        ("val_loss", "@val_loss{0.0000}")]))
    chart.legend.click_policy, chart.legend.label_text_font_size = "hide", "11px"
    return chart


def _source(curves: pd.DataFrame, column: str, name: str) -> ColumnDataSource:
    keep = thin_indices(len(curves))
    return ColumnDataSource({"time": curves["time"].to_numpy()[keep], "value": curves[column].to_numpy()[keep],
                             "name": [name] * len(keep)})


def _same_hold(runs: list[tuple[str, pd.DataFrame]]) -> bool:
    first = runs[0][1]
    return all(len(c) == len(first) and np.array_equal(c["time"].to_numpy(), first["time"].to_numpy())
               and np.allclose(c["buy_and_hold_equity"], first["buy_and_hold_equity"]) for _, c in runs[1:])


def equity_charts(runs: list[tuple[str, pd.DataFrame]], fold_starts=()) -> tuple[figure, figure] | None:
    """Equity (start 1) and, under it on the same time axis, drawdown %: each run's strategy after costs and
    buy-and-hold (drawn once when every run has the same). runs: (label, evaluation.curves' frame); fold_starts:
    dashed lines where test blocks begin. None without curves."""
    runs = [(label, curves) for label, curves in runs if curves is not None and len(curves)]
    if not runs:
        return None
    equity = titled_figure("Out-of-sample equity: strategy vs buy-and-hold", "", "equity (start 1)",
                           x_axis_type="datetime", height=260)
    drawdown = titled_figure("Drawdown", "", "drawdown %", x_axis_type="datetime", height=160,
                             x_range=equity.x_range)
    single, one_hold = len(runs) == 1, _same_hold(runs)
    for index, (label, curves) in enumerate(runs):
        lines = [("strategy", "Strategy (after costs)", color(index) if not single else "#0b3d5c", "solid")]
        if index == 0 or not one_hold:
            hold_color = HOLD_COLOR if single or one_hold else color(index)
            lines.append(("buy_and_hold", "Buy & hold", hold_color, "solid" if single or one_hold else "dashed"))
        for side, words, hue, dash in lines:
            name = words if single or (side == "buy_and_hold" and one_hold) else f"{label} {words.lower()}"
            equity.line("time", "value", source=_source(curves, f"{side}_equity", name), color=hue, line_width=2,
                        line_dash=dash, legend_label=name)
            drawdown.line("time", "value", source=_source(curves, f"{side}_drawdown_pct", name), color=hue,
                          line_width=1.5, line_dash=dash)
    for start in fold_starts:
        equity.add_layout(Span(location=pd.Timestamp(start), dimension="height", line_dash="dashed",
                               line_color="#777"))
    for chart, unit in ((equity, "{0.000}"), (drawdown, "{0.00}%")):
        chart.add_tools(HoverTool(tooltips=[("", "@name"), ("date", "@time{%F}"), ("value", f"@value{unit}")],
                                  formatters={"@time": "datetime"}))
    equity.legend.location, equity.legend.click_policy = "top_left", "hide"
    return equity, drawdown

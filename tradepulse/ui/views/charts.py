"""Bokeh charts: the learning curve and the signals on the close price."""

import pandas as pd
from bokeh.models import BoxAnnotation, ColumnDataSource, HoverTool
from bokeh.plotting import figure

from tradepulse.ui.views.safe import plot_title

CURVE_FIELDS = ("step", "member", "epoch", "loss", "val_loss")


def latest_fit(history) -> list[dict]:
    """The epochs of the run's latest fit (the refit, or the fold now training): folds start afresh."""
    rows = [h if isinstance(h, dict) else vars(h) for h in history]
    last = rows[-1].get("stage", "") if rows else ""
    return [row for row in rows if row.get("stage", "") == last]


def curve_data(history) -> dict:
    """Columns for the learning curve from EpochResult snapshots or record history dicts."""
    rows = [h if isinstance(h, dict) else vars(h) for h in history]
    return {
        "step": list(range(1, len(rows) + 1)),
        "member": [r["member"] for r in rows],
        "epoch": [r["epoch"] for r in rows],
        "loss": [r["loss"] for r in rows],
        "val_loss": [r["val_loss"] if r["val_loss"] is not None else float("nan") for r in rows],
    }


def learning_curve(source: ColumnDataSource, title: str = "Learning curve") -> figure:
    plot = figure(title=title, height=260, sizing_mode="stretch_width", x_axis_label="epoch (all members)",
                  y_axis_label="loss", tools="pan,wheel_zoom,reset,save")
    plot.line("step", "loss", source=source, legend_label="loss", line_width=2)
    plot.scatter("step", "loss", source=source, size=5)
    plot.line("step", "val_loss", source=source, legend_label="val_loss", line_width=2, color="orange")
    plot.scatter("step", "val_loss", source=source, size=5, color="orange")
    plot.add_tools(HoverTool(tooltips=[("model", "@member"), ("epoch", "@epoch"), ("loss", "@loss{0.0000}"),
                                       ("val_loss", "@val_loss{0.0000}")]))
    plot.xaxis.ticker.min_interval = 1  # epochs are whole numbers
    plot.legend.location = "top_right"
    return plot


def signals_chart(prediction: pd.DataFrame, ticker: str | None) -> figure:
    """One ticker's close price with the Buy and Sell markers of a market prediction table."""
    if ticker is not None:
        prediction = prediction[prediction["ticker"] == ticker]
    plot = figure(title=plot_title(f"Signals on close{f' ({ticker})' if ticker else ''}"), height=300,
                  sizing_mode="stretch_width", x_axis_type="datetime", tools="pan,wheel_zoom,box_zoom,reset,save")
    if "sample" in prediction and (prediction["sample"] == "in-sample").any():
        # Bars the saved model trained on: their signals are no evidence of skill.
        seen_until = prediction.loc[prediction["sample"] == "in-sample", "time"].max()
        plot.add_layout(BoxAnnotation(right=seen_until, fill_color="#888888", fill_alpha=0.12))
    plot.line(prediction["time"], prediction["close"], line_width=1.5, legend_label="close")
    for signal, color, marker in (("Buy", "green", "triangle"), ("Sell", "red", "inverted_triangle")):
        picked = prediction[prediction["signal"] == signal]
        plot.scatter(picked["time"], picked["close"], marker=marker, size=9, color=color, legend_label=signal)
    plot.legend.location = "top_left"
    return plot

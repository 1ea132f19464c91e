"""Predict's chart: one ticker's close as a line with its Buy and Sell markers. It opens on the most recent
year (years of daily markers at once blur into a solid band), with an overview whose range tool pans."""

import pandas as pd
from bokeh.layouts import column
from bokeh.models import (BoxAnnotation, CDSView, ColumnDataSource, CustomJS, GroupFilter, HoverTool, Legend,
                          LegendItem, Range1d, RangeTool)
from bokeh.plotting import figure

from tradepulse.ui.views.safe import plot_title

WINDOW = pd.Timedelta(days=365)
SHOWN = ("time", "close", "p_up", "signal")
MARKERS = (("Buy", "green", "triangle"), ("Sell", "red", "inverted_triangle"))
# Fit the price axis to the bars in view whenever the window moves.
FIT_PRICES = """
const t = source.data.time, c = source.data.close;
let low = Infinity, high = -Infinity;
for (let i = 0; i < t.length; i++) {
  if (t[i] >= x.start && t[i] <= x.end && Number.isFinite(c[i])) {
    low = Math.min(low, c[i]);
    high = Math.max(high, c[i]);
  }
}
if (low < high) { const pad = 0.05 * (high - low); y.start = low - pad; y.end = high + pad; }
"""


def _price_range(rows: pd.DataFrame, start) -> Range1d:
    close = rows.loc[rows["time"] >= start, "close"].dropna()
    low, high = (close.min(), close.max()) if len(close) else (0.0, 1.0)
    pad = 0.05 * (high - low) or 1.0
    return Range1d(low - pad, high + pad)


def _shade_in_sample(rows: pd.DataFrame, *plots) -> None:
    if "sample" in rows and (rows["sample"] == "in-sample").any():
        # Bars the saved model trained on: their signals are no evidence of skill.
        seen_until = rows.loc[rows["sample"] == "in-sample", "time"].max()
        for plot in plots:
            plot.add_layout(BoxAnnotation(right=seen_until, fill_color="#888888", fill_alpha=0.12))


def signals_chart(prediction: pd.DataFrame, ticker: str | None):
    """The chart and, under it, the overview of the whole period with the shown window marked."""
    rows = prediction if ticker is None else prediction[prediction["ticker"] == ticker]
    source = ColumnDataSource({name: rows[name].to_numpy() for name in SHOWN})
    first, last = rows["time"].min(), rows["time"].max()
    start = max(first, last - WINDOW)
    main = figure(height=320, sizing_mode="stretch_width", x_axis_type="datetime", x_range=Range1d(start, last),
                  y_range=_price_range(rows, start), y_axis_label="close",
                  tools="xpan,xwheel_zoom,box_zoom,reset,save", active_scroll="xwheel_zoom")
    line = main.line("time", "close", source=source, line_width=1.5, color="#0b3d5c", name="close")
    items = [LegendItem(label="close", renderers=[line])]
    for signal, color, marker in MARKERS:
        view = CDSView(filter=GroupFilter(column_name="signal", group=signal))
        markers = main.scatter("time", "close", source=source, view=view, marker=marker, size=9, color=color,
                               name=signal)
        items.append(LegendItem(label=signal, renderers=[markers]))
    main.add_layout(Legend(items=items, orientation="horizontal", click_policy="hide"), "above")
    main.add_layout(plot_title(f"Signals on close{f' ({ticker})' if ticker else ''}"), "above")  # over the legend
    main.add_tools(HoverTool(renderers=[line], mode="vline", formatters={"@time": "datetime"}, tooltips=[
        ("date", "@time{%F}"), ("close", "@close{0.00}"), ("P(up)", "@p_up{0.000}"), ("signal", "@signal")]))
    fit_prices = CustomJS(args={"source": source, "x": main.x_range, "y": main.y_range}, code=FIT_PRICES)
    main.x_range.js_on_change("start", fit_prices)
    main.x_range.js_on_change("end", fit_prices)

    overview = figure(height=90, sizing_mode="stretch_width", x_axis_type="datetime", y_axis_type=None,
                      x_range=Range1d(first, last), tools="", toolbar_location=None)
    overview.line("time", "close", source=source, color="#0b3d5c", name="overview")
    overview.add_tools(RangeTool(x_range=main.x_range))
    _shade_in_sample(rows, main, overview)
    return column(main, overview, sizing_mode="stretch_width")

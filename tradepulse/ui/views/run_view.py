"""One run in full: how it was judged, the fold table, and the out-of-sample equity of the strategy
against buy-and-hold with fold boundaries, the drawdown under it; in full (the history), also the readable
record and its confusion matrix, ROC, precision-recall and feature-importance charts."""

import panel as pn
import param
from bokeh.models import ColumnDataSource, HoverTool, Span
from bokeh.plotting import figure

from tradepulse.reports.charts import confusion_chart, importance_chart, pr_chart, roc_chart
from tradepulse.ui.state.run_report import RunReport, describe
from tradepulse.ui.views import safe

CURVE_COLUMNS = ("time", "strategy_equity", "buy_and_hold_equity", "strategy_drawdown_pct",
                 "buy_and_hold_drawdown_pct")
SERIES = (("strategy", "#0b3d5c", "Strategy (after costs)"), ("buy_and_hold", "#c77c02", "Buy & hold"))


def equity_charts(source: ColumnDataSource) -> tuple[figure, figure]:
    equity = figure(height=260, sizing_mode="stretch_width", x_axis_type="datetime", y_axis_label="equity (start 1)",
                    tools="pan,wheel_zoom,box_zoom,reset,save")
    equity.add_layout(safe.plot_title("Out-of-sample equity: strategy vs buy-and-hold"), "above")
    drawdown = figure(height=160, sizing_mode="stretch_width", x_axis_type="datetime", x_range=equity.x_range,
                      y_axis_label="drawdown %", tools="pan,wheel_zoom,box_zoom,reset,save")
    for side, color, label in SERIES:
        equity.line("time", f"{side}_equity", source=source, color=color, line_width=2, legend_label=label)
        drawdown.line("time", f"{side}_drawdown_pct", source=source, color=color, line_width=1.5)
    equity.add_tools(HoverTool(tooltips=[("date", "@time{%F}"), ("strategy", "@strategy_equity{0.000}"),
                                         ("buy & hold", "@buy_and_hold_equity{0.000}")],
                               formatters={"@time": "datetime"}, mode="vline"))
    equity.legend.location, equity.legend.click_policy = "top_left", "hide"
    return equity, drawdown


class RunReportView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=RunReport)
    full = param.Boolean(False, doc="Also the readable record and the classification charts")

    def __init__(self, **params):
        super().__init__(**params)
        self._source = ColumnDataSource({column: [] for column in CURVE_COLUMNS})
        self._equity, self._drawdown = equity_charts(self._source)
        self._spans: list[Span] = []
        self.state.param.watch(self._show_curves, ["curves", "fold_starts"])

    def _show_curves(self, *_):
        # On the document's next tick: a table's selection handler runs without the document lock, and a
        # change to a Bokeh model there raises.
        pn.state.execute(self._draw_curves, schedule=True)

    def _draw_curves(self):
        curves = self.state.curves
        self._source.data = {c: [] for c in CURVE_COLUMNS} if curves is None else \
            {c: curves[c].to_numpy() for c in CURVE_COLUMNS}
        for span in self._spans:  # fold boundaries of the previous run
            span.visible = False
        self._spans = [Span(location=start, dimension="height", line_dash="dashed", line_color="#777")
                       for start in self.state.fold_starts]
        for span in self._spans:
            self._equity.add_layout(span)

    def _charts(self) -> pn.FlexBox:
        s = self.state

        def chart(build, *values):  # nothing at all while the chart has nothing to draw
            return pn.bind(lambda *shown: None if (drawn := build(*shown)) is None else pn.pane.Bokeh(drawn),
                           *values)

        return pn.FlexBox(
            chart(lambda r: confusion_chart(r) if r else None, s.param.record),
            chart(lambda curves: roc_chart([("", c) for c in curves]), s.param.roc),
            chart(lambda curves: pr_chart([("", c) for c in curves]), s.param.pr),
            chart(lambda r: importance_chart(r) if r else None, s.param.record),
        )

    def _record(self) -> pn.Column:
        return pn.Column(safe.table(self.state.param.fields, sizing_mode="stretch_width",
                                    layout="fit_data_stretch", groupby=["Section"]),
                         self._charts(), sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        has_curves = s.param.curves.rx.pipe(lambda c: c is not None)
        return pn.Column(
            "### Run details",
            safe.text("{}", s.param.record.rx.pipe(describe)),
            *([self._record()] if self.full else []),
            safe.table(s.param.folds, sizing_mode="stretch_width", layout="fit_data_stretch",
                       visible=s.param.folds.rx.pipe(lambda f: len(f) > 0)),
            pn.Column(pn.pane.Bokeh(self._equity, sizing_mode="stretch_width"),
                      pn.pane.Bokeh(self._drawdown, sizing_mode="stretch_width"),
                      visible=has_curves, sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

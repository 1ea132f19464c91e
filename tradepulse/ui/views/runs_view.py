"""The run history (Saved Data): filters, one page of runs at a time, and below it the chosen run in full,
the comparison of the ticked runs, the best runs per ticker and a metric's trend."""

import panel as pn
import param
from bokeh.models import NumberFormatter

from tradepulse.ui.state.runs import NO_MATCH, SavedRunsState
from tradepulse.ui.views.charts import LearningCurve
from tradepulse.ui.views.compare_view import CompareView
from tradepulse.ui.views.downloads import download
from tradepulse.ui.views.insights_view import BestRunsView, TrendView
from tradepulse.ui.views.run_view import RunReportView
from tradepulse.ui.views.safe import MultiChoice, table, text, title

# 49.49% as the performance table writes it (Tabulator's own formatter; it escapes text it cannot parse).
PERCENT = {"type": "money", "symbol": "%", "symbolAfter": True, "precision": 2, "thousand": False}
FORMATTERS = {**{title(c): PERCENT for c in ("accuracy", "f1", "roc_auc", "return", "buy-and-hold", "max drawdown")},
              "sharpe": NumberFormatter(format="0.00"), "seconds": NumberFormatter(format="0.0")}
# Within a 1,366-pixel laptop screen beside the sidebar; the dataset column takes what is left.
WIDTHS = {"run_id": 160, "time": 118, "model": 62, "ticker": 70, "status": 78, "accuracy": 70, "f1": 58,
          "sharpe": 56, "return": 64, "seconds": 62}
WRAPPED = [":host .tabulator { font-size: 12px; }",
           ":host .tabulator-row .tabulator-cell { white-space: normal; overflow-wrap: anywhere; padding: 4px; }"]
NO_RUN = "Select a run to see its details."
RUN_TAB, COMPARE_TAB = 0, 1


class SavedRunsView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=SavedRunsState)

    def __init__(self, **params):
        super().__init__(**params)
        self._curve = LearningCurve("Selected run's learning curve (its saved model)")
        # Paged by the index (a page at a time); sorting is the Sort by control's, for the whole history.
        self._table = table(self.state.param.table, selectable="toggle", sizing_mode="stretch_width",
                            layout="fit_columns", formatters=FORMATTERS, widths=WIDTHS, stylesheets=WRAPPED,
                            configuration={"columnDefaults": {"headerSort": False}}, max_height=560)
        self._table.param.watch(self._ticked, "selection")
        self.state.param.watch(self._untick, "table")
        self.state.param.watch(self._show_curve, "record")
        self._details = pn.Tabs(dynamic=True, sizing_mode="stretch_width")

    def _ticked(self, event):
        ids = self.state.table["run_id"].tolist()
        chosen = [ids[i] for i in event.new if i < len(ids)]
        added = [ids[i] for i in event.new if i not in (event.old or []) and i < len(ids)]
        self.state.choose(chosen, added[-1] if added else None)
        if added:
            self._details.active = RUN_TAB

    def _untick(self, _):
        # Ticks are row positions: on a new page they would tick other runs.
        if self._table.selection:
            self._table.selection = []

    def _show_curve(self, event):
        self._curve.show((event.new or {}).get("history") or [])

    def _open(self, run_id: str):
        """A run chosen elsewhere (the best runs table) opens in the run panel."""
        self.state.selected = run_id
        self._details.active = RUN_TAB

    def _compare(self, _):
        self.state.compare.compare(self.state.chosen)
        self._details.active = COMPARE_TAB

    def _filters(self) -> pn.FlexBox:
        s, w = self.state, pn.widgets
        # A FlexBox wraps the filters onto more lines on a narrow screen instead of running off its edge.
        return pn.FlexBox(
            w.Select.from_param(s.param.model, width=110), w.TextInput.from_param(s.param.ticker, width=100),
            w.TextInput.from_param(s.param.dataset, width=130), w.Select.from_param(s.param.status, width=110),
            w.FloatInput.from_param(s.param.days, width=100), w.DatePicker.from_param(s.param.since, width=130),
            w.DatePicker.from_param(s.param.until, width=130),
            w.Select.from_param(s.param.metric, width=170), w.FloatInput.from_param(s.param.minimum, width=100),
            w.Select.from_param(s.param.sort, width=170), w.Checkbox.from_param(s.param.descending, align="end"),
            MultiChoice.from_param(s.param.extra_columns, width=280), align_items="end", sizing_mode="stretch_width",
        )

    def _pager(self) -> pn.Row:
        s = self.state
        where = pn.bind(lambda page, total, *_: f"Page {page} of {s.pages} · {total} run(s)",
                        s.param.page, s.param.total, s.param.page_size)
        return pn.Row(pn.widgets.Button.from_param(s.param.previous, disabled=s.param.page.rx() <= 1),
                      text("{}", where, align="center"), pn.widgets.Button.from_param(s.param.next),
                      pn.widgets.Button.from_param(s.param.refresh))

    def _actions(self) -> pn.FlexBox:
        s, exports = self.state, self.state.exports
        compare = pn.widgets.Button(label="Compare ticked runs", button_type="primary",
                                    disabled=s.param.chosen.rx.len() < 2)
        compare.on_click(self._compare)
        export = pn.widgets.Button(label="Export CSV", disabled=exports.param.busy)
        export.on_click(lambda _: exports.export(s.filters, s.sort, s.descending))
        no_run = s.param.selected.rx.is_(None)
        return pn.FlexBox(compare, pn.widgets.Button.from_param(s.param.pin, disabled=no_run),
                          pn.widgets.Button.from_param(s.param.delete, button_type="danger", disabled=no_run),
                          pn.widgets.IntInput.from_param(s.param.keep_newest, width=160),
                          pn.widgets.Button.from_param(s.param.cleanup, button_type="danger"),
                          export, download(exports, "csv_file", "csv_name", "Download CSV"),
                          align_items="end", sizing_mode="stretch_width")

    def _run_panel(self) -> pn.Column:
        s, exports = self.state, self.state.exports
        build = pn.widgets.Button(label="Build report of this run", disabled=exports.param.busy)
        build.on_click(lambda _: exports.report([s.selected]) if s.selected else None)
        return pn.Column(
            pn.pane.Markdown(f"*{NO_RUN}*", visible=s.param.record.rx.pipe(lambda r: not r)),
            pn.Column(pn.Row(build, download(exports, "report_file", "report_name", "Download report")),
                      pn.pane.Bokeh(self._curve.figure, sizing_mode="stretch_width"),
                      RunReportView(state=s.report, full=True),
                      visible=s.param.record.rx.pipe(bool), sizing_mode="stretch_width"),
            sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        confirm_box = pn.Row(text("{}", s.param.pending),
                             pn.widgets.Button.from_param(s.param.confirm, button_type="danger"),
                             pn.widgets.Button.from_param(s.param.abort), visible=s.param.pending.rx.bool())
        skipped = text("**Skipped files:** {}", s.param.skipped.rx.pipe("; ".join), visible=s.param.skipped.rx.bool())
        self._details.extend([("Run", self._run_panel()), ("Compare", CompareView(state=s.compare, exports=s.exports)),
                              ("Best per ticker", BestRunsView(state=s.best, open_run=self._open)),
                              ("Trends", TrendView(state=s.trends))])
        return pn.Column(
            "### Run history",
            table(s.param.summary, formatters={"best F1": PERCENT}, sizing_mode="stretch_width"),
            self._filters(), self._pager(), self._actions(), confirm_box,
            text("{}", s.param.message), text("{}", s.exports.param.message), skipped,
            pn.pane.Markdown(f"*{NO_MATCH}*", visible=s.param.total.rx() == 0),
            self._table, self._details,
            sizing_mode="stretch_width",
        )

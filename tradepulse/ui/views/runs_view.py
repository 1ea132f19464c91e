"""View Saved Data: every run on disk, a summary per model, one run in full, delete and clean up."""

import panel as pn
import param
from bokeh.models import NumberFormatter

from tradepulse.config import MODEL_TYPES
from tradepulse.ui.state.runs import SavedRunsState
from tradepulse.ui.views.charts import LearningCurve
from tradepulse.ui.views.run_view import RunReportView
from tradepulse.ui.views.safe import table, text

PAGE_SIZE = 20
# 49.49% as the performance table writes it (Tabulator's own formatter; it escapes text it cannot parse).
PERCENT = {"type": "money", "symbol": "%", "symbolAfter": True, "precision": 2, "thousand": False}
FORMATTERS = {"accuracy": PERCENT, "f1": PERCENT, "seconds": NumberFormatter(format="0.0")}
# Within a 1,366-pixel laptop screen: the main columns keep their widths and the hyperparameters (last) take
# what is left, cut short on one line (the selected run's record below has them all).
WIDTHS = {"run_id": 174, "time": 126, "model": 70, "status": 82, "accuracy": 92, "f1": 52, "dataset": 96,
          "seconds": 80}
WRAPPED = [":host .tabulator { font-size: 12px; }",
           ":host .tabulator-row .tabulator-cell { white-space: normal; overflow-wrap: anywhere; padding: 4px; }",
           ':host .tabulator-row .tabulator-cell[tabulator-field="hyperparameters"] { white-space: nowrap; }']
NO_RUN = "Select a run to see its details."


class SavedRunsView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=SavedRunsState)

    def __init__(self, **params):
        super().__init__(**params)
        self._curve = LearningCurve("Selected run's learning curve (its saved model)")
        # Remote pagination: only one page of rows travels to the browser, so thousands of runs stay fast.
        self._table = table(
            self.state.param.table, pagination="remote", page_size=PAGE_SIZE, selectable=1,
            sizing_mode="stretch_width", layout="fit_columns", formatters=FORMATTERS, widths=WIDTHS,
            stylesheets=WRAPPED,
            header_filters={"model": {"type": "list", "values": list(MODEL_TYPES), "clearable": True},
                            "status": {"type": "input", "func": "like"}},
        )
        self._table.param.watch(self._selected, "selection")
        self.state.param.watch(self._show_curve, "record")

    def _selected(self, event):
        chosen = self._table.selected_dataframe
        self.state.selected = str(chosen["run_id"].iloc[0]) if len(chosen) else None

    def _show_curve(self, event):
        self._curve.show((event.new or {}).get("history") or [])

    def __panel__(self):
        s = self.state
        confirm_box = pn.Row(
            text("{}", s.param.pending),
            pn.widgets.Button.from_param(s.param.confirm, button_type="danger"),
            pn.widgets.Button.from_param(s.param.abort),
            visible=s.param.pending.rx.bool(),
        )
        skipped = text("**Skipped files:** {}", s.param.skipped.rx.pipe("; ".join), visible=s.param.skipped.rx.bool())
        chosen = s.param.record.rx.pipe(bool)
        return pn.Column(
            "### Saved runs",
            table(s.param.summary, formatters={"best F1": PERCENT}, sizing_mode="stretch_width"),
            pn.Row(pn.widgets.Button.from_param(s.param.refresh),
                   pn.widgets.Button.from_param(s.param.delete, button_type="danger",
                                                disabled=s.param.selected.rx.is_(None)),
                   pn.widgets.IntInput.from_param(s.param.keep_newest, width=160),
                   pn.widgets.Button.from_param(s.param.cleanup, button_type="danger")),
            confirm_box,
            text("{}", s.param.message),
            skipped,
            self._table,
            pn.pane.Markdown(f"*{NO_RUN}*", visible=s.param.record.rx.pipe(lambda r: not r)),
            pn.Column(
                pn.Row(pn.Column(pn.pane.JSON(s.param.record, depth=2, sizing_mode="stretch_width"),
                                 height=400, scroll=True, sizing_mode="stretch_width"),  # a long record scrolls
                       pn.pane.Bokeh(self._curve.figure, sizing_mode="stretch_width")),
                RunReportView(state=s.report),
                visible=chosen, sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

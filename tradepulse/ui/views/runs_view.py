"""View Saved Data: every run on disk, a summary per model, one run in full, delete and clean up."""

import panel as pn
import param
from bokeh.models import ColumnDataSource

from tradepulse.config import MODEL_TYPES
from tradepulse.ui.state.runs import SavedRunsState
from tradepulse.ui.views.charts import CURVE_FIELDS, curve_data, latest_fit, learning_curve
from tradepulse.ui.views.run_view import RunReportView
from tradepulse.ui.views.safe import table, text

PAGE_SIZE = 20


class SavedRunsView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=SavedRunsState)

    def __init__(self, **params):
        super().__init__(**params)
        self._curve = ColumnDataSource({field: [] for field in CURVE_FIELDS})
        # Remote pagination: only one page of rows travels to the browser, so thousands of runs stay fast.
        self._table = table(
            self.state.param.table, pagination="remote", page_size=PAGE_SIZE, selectable=1,
            sizing_mode="stretch_width", layout="fit_data_stretch",
            header_filters={"model": {"type": "list", "values": list(MODEL_TYPES), "clearable": True},
                            "status": {"type": "input", "func": "like"}},
        )
        self._table.param.watch(self._selected, "selection")
        self.state.param.watch(self._show_curve, "record")

    def _selected(self, event):
        chosen = self._table.selected_dataframe
        self.state.selected = str(chosen["run_id"].iloc[0]) if len(chosen) else None

    def _show_curve(self, event):
        self._curve.data = curve_data(latest_fit((event.new or {}).get("history") or []))

    def __panel__(self):
        s = self.state
        confirm_box = pn.Row(
            text("{}", s.param.pending),
            pn.widgets.Button.from_param(s.param.confirm, button_type="danger"),
            pn.widgets.Button.from_param(s.param.abort),
            visible=s.param.pending.rx.bool(),
        )
        skipped = text("**Skipped files:** {}", s.param.skipped.rx.pipe("; ".join), visible=s.param.skipped.rx.bool())
        return pn.Column(
            "### Saved runs",
            table(s.param.summary, sizing_mode="stretch_width"),
            pn.Row(pn.widgets.Button.from_param(s.param.refresh),
                   pn.widgets.Button.from_param(s.param.delete, button_type="danger",
                                                disabled=s.param.selected.rx.is_(None)),
                   pn.widgets.IntInput.from_param(s.param.keep_newest, width=160),
                   pn.widgets.Button.from_param(s.param.cleanup, button_type="danger")),
            confirm_box,
            text("{}", s.param.message),
            skipped,
            self._table,
            pn.Row(pn.pane.JSON(s.param.record, depth=2, sizing_mode="stretch_width", height=400),
                   pn.pane.Bokeh(learning_curve(self._curve, "Selected run's learning curve (its saved model)"),
                                 sizing_mode="stretch_width")),
            RunReportView(state=s.report),
            sizing_mode="stretch_width",
        )

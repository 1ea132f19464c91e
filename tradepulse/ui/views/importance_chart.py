"""A run's permutation importance as a bar chart: how much worse the out-of-sample log loss gets when one
input's values are shuffled, most important at the top, with the spread over shuffles as whiskers."""

import panel as pn
import param
from bokeh.models import ColumnDataSource, FactorRange, HoverTool
from bokeh.plotting import figure

from tradepulse.ui.views import safe

FIELDS = ("feature", "importance", "low", "high")


def importance_data(record: dict | None) -> dict:
    """Columns for the chart from a record's feature_importance (empty without one); the most important last,
    so that it is drawn at the top."""
    found = list(reversed(((record or {}).get("feature_importance") or {}).get("features") or []))
    return {"feature": [str(f["feature"]) for f in found], "importance": [f["importance"] for f in found],
            "low": [f["importance"] - f["std"] for f in found], "high": [f["importance"] + f["std"] for f in found]}


class ImportanceChart(pn.viewable.Viewer):
    record = param.Dict(default=None, allow_None=True, allow_refs=True, doc="The run shown (a record)")

    def __init__(self, **params):
        super().__init__(**params)
        self._source = ColumnDataSource({field: [] for field in FIELDS})
        # Feature names can come from a user's columns: Bokeh draws axis labels and hover values as text.
        self._figure = figure(height=320, sizing_mode="stretch_width", y_range=FactorRange(),
                              x_axis_label="increase in log loss when shuffled", tools="save")
        self._figure.add_layout(safe.plot_title("Feature importance (permutation, out of sample)"), "above")
        self._figure.hbar(y="feature", right="importance", height=0.7, source=self._source, color="#0b3d5c")
        self._figure.segment(x0="low", x1="high", y0="feature", y1="feature", source=self._source, color="#777")
        self._figure.add_tools(HoverTool(tooltips=[("feature", "@feature"), ("importance", "@importance{0.0000}")]))
        self._show()

    @param.depends("record", watch=True)
    def _show(self):
        data = importance_data(self.record)
        self._figure.y_range.factors = data["feature"]
        self._source.data = data

    def __panel__(self):
        return pn.pane.Bokeh(self._figure, sizing_mode="stretch_width",
                             visible=self.param.record.rx.pipe(lambda r: bool(importance_data(r)["feature"])))

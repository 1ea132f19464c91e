"""Best runs per ticker (a click opens the run) and a metric's trend over time."""

import panel as pn
import param

from tradepulse.reports.charts import trend_chart
from tradepulse.ui.state.leaderboard import BestRuns
from tradepulse.ui.state.trends import TrendState
from tradepulse.ui.views.safe import table, text


class BestRunsView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=BestRuns)
    open_run = param.Callable(doc="Shows a run in the run panel, given its id")

    def __panel__(self):
        self.state.shown = True  # built when its tab is first opened
        board = table(self.state.param.table, sizing_mode="stretch_width", layout="fit_data_stretch",
                      groupby=["Ticker or dataset"], max_height=600)
        board.on_click(lambda event: self.open_run(self.state.table["Run"].iloc[event.row]))
        return pn.Column("Completed runs only; one click on a row opens its run.", board,
                         sizing_mode="stretch_width")


class TrendView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=TrendState)

    def _chart(self, rows, metric):
        chart = trend_chart(rows, metric)
        return pn.pane.Bokeh(chart, sizing_mode="stretch_width") if chart is not None else None

    def __panel__(self):
        s, w = self.state, pn.widgets
        return pn.Column(
            pn.Row(w.Select.from_param(s.param.metric, width=200), w.CheckButtonGroup.from_param(s.param.models),
                   w.TextInput.from_param(s.param.ticker, width=120),
                   w.Button.from_param(s.param.show, button_type="primary", align="end")),
            text("{}", s.param.message),
            pn.bind(self._chart, s.param.rows, s.param.metric),
            sizing_mode="stretch_width",
        )



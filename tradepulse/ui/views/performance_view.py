"""The performance table with Reset Performance."""

import panel as pn
import param

from tradepulse.ui.state.performance import LEGEND, PerformanceBoard
from tradepulse.ui.views.safe import table, text


class PerformanceView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PerformanceBoard)

    def __panel__(self):
        board = self.state
        rows = table(pn.bind(lambda _: board.table, board.param.rows), sizing_mode="stretch_width",
                     layout="fit_data_stretch")
        return pn.Column(
            "### Performance (out of sample)",
            rows,
            pn.pane.Markdown(LEGEND),
            pn.Row(pn.widgets.Button.from_param(board.param.reset_performance, button_type="default"),
                   text("{}", board.param.message)),
            sizing_mode="stretch_width",
        )

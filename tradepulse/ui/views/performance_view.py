"""The performance table with Reset Performance."""

import panel as pn
import param

from tradepulse.ui.state.performance import PerformanceBoard


class PerformanceView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PerformanceBoard)

    def __panel__(self):
        board = self.state
        table = pn.widgets.Tabulator(pn.bind(lambda _: board.table, board.param.rows), disabled=True,
                                     show_index=False, sizing_mode="stretch_width", layout="fit_data_stretch")
        return pn.Column(
            "### Performance (test split)",
            table,
            pn.Row(pn.widgets.Button.from_param(board.param.reset_performance, button_type="default"),
                   pn.pane.Markdown(board.param.message)),
            sizing_mode="stretch_width",
        )

"""The performance table with Reset Performance."""

import pandas as pd
import panel as pn
import param

from tradepulse.ui.state.performance import LEGEND, PerformanceBoard
from tradepulse.ui.views.safe import text, text_table

JUDGED = ("Data", "Validation", "Test period")  # shown as the lines of one cell, to save width
# Fourteen columns within a 1,366-pixel laptop screen: they share the width and their text wraps.
WRAPPED = [":host table { width: 100%; font-size: 12px; border-collapse: collapse; }",
           ":host th { font-size: 11px; padding: 4px 3px; text-align: left; vertical-align: bottom; "
           "border-bottom: 2px solid #ccc; }",
           # Names and figures stay whole ("30.29%", "LogisticRegression"); what the run was judged on and the
           # status wrap at their spaces.
           ":host td { white-space: nowrap; padding: 4px 3px; border-bottom: 1px solid #e5e5e5; }",
           ":host td:nth-child(2), :host td:last-child { white-space: normal; }",
           ":host td:nth-child(2) { min-width: 110px; overflow-wrap: anywhere; }"]


def shown(board: pd.DataFrame) -> pd.DataFrame:
    # One N/A for a model never trained; blanks while it trains.
    lines = board[list(JUDGED)].assign(**{"Test period": board["Test period"].str.replace(" → ", " →\n")})
    judged = lines.apply(lambda row: "\n".join(dict.fromkeys(v for v in row if v)), axis=1)
    table = board.drop(columns=list(JUDGED))
    table.insert(1, "Judged on", judged if len(board) else [])
    return table


class PerformanceView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PerformanceBoard)

    def __panel__(self):
        board = self.state
        rows = text_table(pn.bind(lambda _: shown(board.table), board.param.rows), sizing_mode="stretch_width",
                          stylesheets=WRAPPED)
        return pn.Column(
            "### Performance (out of sample)",
            rows,
            pn.pane.Markdown(LEGEND),
            pn.Row(pn.widgets.Button.from_param(board.param.reset_performance, button_type="default"),
                   text("{}", board.param.message)),
            sizing_mode="stretch_width",
        )

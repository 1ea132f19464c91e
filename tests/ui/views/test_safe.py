"""The builders that show users' text: an HTML table whose titles and cells stay text."""

import pandas as pd
import panel as pn

from tradepulse.ui.views.safe import text_table

PAYLOAD = "<img src=x onerror=\"alert(1)\">"


def test_text_table_escapes_titles_and_cells_and_keeps_line_breaks():
    frame = pd.DataFrame({PAYLOAD + "title": [PAYLOAD + "cell\nnext line", 1.5]})
    shown = text_table(frame).object
    assert "<img" not in shown
    assert "<th>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;title</th>" in shown
    assert "<td>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;cell<br>next line</td>" in shown
    assert "<td>1.5</td>" in shown


def test_text_table_follows_a_bound_frame():
    rows = pn.widgets.IntInput(value=1)
    table = text_table(pn.bind(lambda n: pd.DataFrame({"n": range(n)}), rows))
    table.get_root()  # a rendered pane follows its reference
    rows.value = 3
    assert table.object.count("<tr>") == 4  # the header and three rows

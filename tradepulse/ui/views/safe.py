"""Builders that show text from users' files and records as text, never as HTML.

What the widgets do with such text (Panel 1.9.4, Bokeh 3.9.2, tried in headless Chromium):
- Markdown, Alert and Str panes and notifications insert it as HTML; Markdown also runs its <script>s.
- MultiChoice (Choices.js) renders its option labels as HTML.
- Tabulator renders column titles as HTML, in the header and again in the header's tooltip.
Safe as they are: text_table() below (it escapes every title and cell), Tabulator's default cell formatter for text (Bokeh's StringFormatter), Select options,
the JSON pane, Bokeh hover values (@field) and Bokeh's canvas text; but Bokeh reads $$...$$ in a plain
string title as TeX.
"""

import html
import re

import pandas as pd
import panel as pn
from bokeh.models import PlainText, Title
from param.parameterized import resolve_ref

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character


def plain(value) -> str:
    """str(value) with each ASCII punctuation character as a numeric character reference.

    HTML and Markdown both show such a reference as the character itself and never read it as markup
    (CommonMark treats entity references as literal text)."""
    return _PUNCTUATION.sub(lambda match: f"&#{ord(match.group())};", str(value))


def _derived(function, *values):
    """function(*values), kept up to date when a value is a parameter, widget, rx or bound function."""
    if any(resolve_ref(value) for value in values):
        return pn.bind(function, *values)
    return function(*values)


def text(template: str, *values, pane=pn.pane.Markdown, **params):
    """A Markdown pane (or Alert) of our own `template`, whose {} slots show `values` as plain text."""
    return pane(_derived(lambda *shown: template.format(*map(plain, shown)), *values), **params)


def title(column) -> str:
    """The name a column has in a table() (for keys such as `formatters=`)."""
    return html.escape(str(column))


def _titled_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=title)


def table(value, **params) -> pn.widgets.Tabulator:
    """A read-only Tabulator without the index, whose column titles show as text.

    The frame's column names are HTML-escaped (the title is the name): a `titles=` mapping would be
    updated separately from a new frame and leave its new columns raw for one render. Text cells keep
    Panel's default formatter, which writes text."""
    return pn.widgets.Tabulator(_derived(_titled_as_text, value), disabled=True, show_index=False, **params)


def _cell(value) -> str:
    return html.escape(str(value)).replace("\n", "<br>")  # a line break in the text stays one


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{_cell(column)}</th>" for column in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in frame.itertuples(False))
    return f'<table class="text-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def text_table(value, **params) -> pn.pane.HTML:
    """A small read-only table drawn as one HTML table whose titles and cells are escaped: far lighter for a
    page than a Tabulator, for tables that need no sorting, selection or paging."""
    return pn.pane.HTML(_derived(_html_table, value), **params)


class MultiChoice(pn.widgets.MultiChoice):
    """MultiChoice whose option labels are sent HTML-escaped; the chosen values are unchanged."""

    @property
    def labels(self):
        return [html.escape(label) for label in super().labels]


def notify_error(message: str, duration: int) -> None:
    if pn.state.notifications is not None:
        pn.state.notifications.error(html.escape(message), duration=duration)


def plot_title(words: str) -> Title:
    """A Bokeh title shown exactly as written."""
    return Title(text=PlainText(text=words))

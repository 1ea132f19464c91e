"""The report's HTML: every piece of text HTML-escaped here, Bokeh's JavaScript and CSS inlined."""

import re
from html import escape

import pandas as pd
from bokeh.embed import components
from bokeh.embed.bundle import bundle_for_objs_and_resources
from bokeh.resources import INLINE

# Files the bundle links instead of inlining: a stylesheet by URL, a script by (relative) path.
LINKED_FILE = re.compile(r'<link\b[^>]*\bhref="[^"]*"[^>]*>\s*|<script\b[^>]*\bsrc="[^"]*"[^>]*>\s*</script>\s*')

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1200px;
       color: #1d2a33; padding: 0 16px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ccd; }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; }
th, td { border: 1px solid #d5dbe0; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f5; }
td.best { background: #e3f4e6; font-weight: 600; }
.warning { background: #fff4e0; border-left: 4px solid #c77c02; padding: 6px 10px; margin: 6px 0; }
.note { color: #555; font-size: 0.9em; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } .charts > div { flex: 1 1 480px; min-width: 320px; }
details { margin: 12px 0; } summary { cursor: pointer; font-weight: 600; font-size: 1.1em; }
"""


def text(value) -> str:
    return escape("" if value is None else str(value))


def paragraph(value, css: str = "") -> str:
    return f'<p class="{css}">{text(value)}</p>' if css else f"<p>{text(value)}</p>"


def heading(value, level: int = 2) -> str:
    return f"<h{level}>{text(value)}</h{level}>"


def bullet_list(items, css: str = "") -> str:
    if not items:
        return ""
    return f'<ul class="{css}">' + "".join(f"<li>{text(item)}</li>" for item in items) + "</ul>"


def table(frame: pd.DataFrame, marked: set[tuple[int, int]] = frozenset()) -> str:
    """An HTML table of `frame` (header from its columns, no index); cells (row, column) in `marked` get
    class "best"."""
    if frame is None or frame.empty:
        return ""
    head = "".join(f"<th>{text(column)}</th>" for column in frame.columns)
    body = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = "".join(f'<td class="best">{text(v)}</td>' if (i, j) in marked else f"<td>{text(v)}</td>"
                        for j, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class Page:
    """Sections of HTML in order; charts are collected and embedded together (one Bokeh document)."""

    def __init__(self, title: str):
        self.title = title
        self._parts: list = []  # HTML strings, or lists of figures to place in a row
        self._charts: list = []

    def add(self, html: str) -> None:
        if html:
            self._parts.append(html)

    def charts(self, *figures) -> None:
        """Figures side by side (None entries are skipped: a run without that chart)."""
        found = [f for f in figures if f is not None]
        if found:
            self._parts.append(found)
            self._charts.extend(found)

    def render(self) -> str:
        script, divs = components(self._charts) if self._charts else ("", [])
        divs, body = list(divs), []
        for part in self._parts:
            if isinstance(part, str):
                body.append(part)
            else:
                body.append('<div class="charts">' + "".join(f"<div>{divs.pop(0)}</div>" for _ in part) + "</div>")
        # Only the BokehJS bundles these charts need (not widgets, tables, WebGL or MathJax): a third the size.
        resources = "".join(bundle_for_objs_and_resources(self._charts, INLINE)) if self._charts else ""
        # In a process that has drawn Panel widgets, Bokeh's bundle also links their files (Panel #3590): the
        # report draws none of them, and must open offline, from anywhere.
        resources = LINKED_FILE.sub("", resources)
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{text(self.title)}</title>\n<style>{STYLE}</style>\n{resources}\n</head>\n<body>\n"
                + "\n".join(body) + f"\n{script}\n</body>\n</html>\n")

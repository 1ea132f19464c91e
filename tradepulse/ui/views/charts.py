"""The learning curve: loss and val_loss per epoch of the latest fit, a pair of lines per member."""

from functools import partial

import panel as pn
from bokeh.models import ColumnDataSource, HoverTool, Legend, LegendItem

from tradepulse.config import MODEL_TYPES

CURVE_FIELDS = ("member", "epoch", "loss", "val_loss")
# One colour per model type; each of an Ensemble's members gets its own pair of lines.
MEMBER_COLORS = dict(zip([m for m in MODEL_TYPES if m != "Ensemble"],
                         ("#0b3d5c", "#c77c02", "#2a9d5c", "#8e44ad", "#b03a2e", "#5d6d7e", "#d4ac0d")))


def curve_data(rows: list[dict]) -> dict:
    """Columns for one member's lines from EpochResult snapshots or record history dicts."""
    return {
        "member": [r["member"] for r in rows],
        "epoch": [r["epoch"] for r in rows],
        "loss": [r["loss"] for r in rows],
        "val_loss": [r["val_loss"] if r["val_loss"] is not None else float("nan") for r in rows],
    }


class LearningCurve:
    """A figure whose legend sits beside the plot (never over the lines) and hides a series on a click."""

    def __init__(self, title: str):
        from bokeh.plotting import figure  # imported with the first chart: the Train tab opens without one

        self.figure = figure(title=title, height=280, sizing_mode="stretch_width", x_axis_label="epoch",
                             y_axis_label="loss", tools="pan,wheel_zoom,reset,save")
        self.figure.xaxis.ticker.min_interval = 1  # epochs are whole numbers
        self._sources, self._items = {}, {}
        for member, color in MEMBER_COLORS.items():
            source = ColumnDataSource({field: [] for field in CURVE_FIELDS})
            loss = self.figure.line("epoch", "loss", source=source, color=color, line_width=2, name=f"{member} loss")
            dots = self.figure.scatter("epoch", "loss", source=source, color=color, size=5)
            val = self.figure.line("epoch", "val_loss", source=source, color=color, line_width=2,
                                   line_dash="dashed", name=f"{member} val_loss")
            self._sources[member] = source
            self._items[member] = (LegendItem(label=f"{member} loss", renderers=[loss, dots], visible=False),
                                   LegendItem(label=f"{member} val_loss", renderers=[val], visible=False))
        # Beside the plot, never over the lines; compact, to leave a half-width chart room.
        self.figure.add_layout(Legend(items=[item for pair in self._items.values() for item in pair],
                                      click_policy="hide", label_text_font_size="11px", glyph_width=16,
                                      spacing=0, padding=4, margin=4), "right")
        self.figure.add_tools(HoverTool(tooltips=[("model", "@member"), ("epoch", "@epoch"),
                                                  ("loss", "@loss{0.0000}"), ("val_loss", "@val_loss{0.0000}")]))

    def show(self, history) -> None:
        """Draw the latest fit of a run's history (live snapshots or a record's list), on the document's next
        tick: a button's handler (Train clears the curve) runs without the document lock, and a change to a
        Bokeh model there raises."""
        pn.state.execute(partial(self._draw, history), schedule=True)

    def _draw(self, history) -> None:
        from tradepulse.reports.curve_charts import latest_fit

        rows = latest_fit(history)
        for member, source in self._sources.items():
            mine = [row for row in rows if row.get("member") == member]
            source.data = curve_data(mine)
            for item in self._items[member]:
                item.visible = bool(mine)  # a legend names only the lines drawn

"""Data: upload files or use the sample, pick the datasets and target, preview, Data Status."""

import panel as pn
import param
from bokeh.models import NumberFormatter

from tradepulse.data import SUPPORTED_SUFFIXES
from tradepulse.ui.state.data import DataState
from tradepulse.ui.views.lazy import rebuilt
from tradepulse.ui.views.safe import MultiChoice, notify_error, table, text, title

PREVIEW_ROWS = 100
# Small type, tight cells, two decimals and wrapped titles: a typical OHLCV file's seven columns fit the
# sidebar (wider tables scroll).
PREVIEW_STYLE = [":host .tabulator { font-size: 11px; }",
                 ":host .tabulator-row .tabulator-cell, :host .tabulator-col-content { padding: 3px 2px; }"]
PREVIEW_OPTIONS = {"columnDefaults": {"headerWordWrap": True, "headerSort": False}}


def _preview_formatters(frame) -> dict:
    numbers = {"f": "0.00", "i": "0", "u": "0"}  # no thousands separators: they widen every column
    return {title(column): NumberFormatter(format=numbers[frame[column].dtype.kind]) for column in frame.columns
            if frame[column].dtype.kind in numbers}


class DataView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=DataState)

    def __init__(self, **params):
        super().__init__(**params)
        self._upload = pn.widgets.FileInput(accept=",".join(SUPPORTED_SUFFIXES), multiple=True,
                                            sizing_mode="stretch_width")
        self._upload.param.watch(self._uploaded, "value")
        self._sample = pn.widgets.Button(label="Use sample data", button_type="default")
        self._sample.on_click(lambda _: self.state.use_sample())
        self.state.param.watch(self._notify, "problem")

    def _uploaded(self, event):
        if not event.new:
            return
        contents = event.new if isinstance(event.new, list) else [event.new]
        names = self._upload.filename if isinstance(self._upload.filename, list) else [self._upload.filename]
        self.state.add_files(dict(zip(names, contents)))

    def _notify(self, event):
        if event.new:
            notify_error(event.new, duration=8000)

    @staticmethod
    def _datasets(datasets):
        if not datasets:
            return pn.pane.Markdown("*No datasets yet: upload CSV, Parquet, Feather, Excel or JSON files.*")
        return text("\n".join("- {}" for _ in datasets), *(d.description for d in datasets))

    def _preview(self, *_):
        chosen = self.state.chosen()
        if not chosen:
            return None
        rows = chosen[0].table.head(PREVIEW_ROWS)
        return table(rows, height=260, sizing_mode="stretch_width", pagination=None, layout="fit_data_fill",
                     formatters=_preview_formatters(rows), configuration=PREVIEW_OPTIONS, stylesheets=PREVIEW_STYLE)

    def __panel__(self):
        status = text("**Data Status:** {}", self.state.param.status)
        problem = text("{}", self.state.param.problem, pane=pn.pane.Alert, alert_type="danger",
                       visible=self.state.param.problem.rx.bool())
        return pn.Column(
            "### Data",
            self._upload,
            self._sample,
            problem,
            status,
            rebuilt(self._datasets, self.state.param.datasets),
            MultiChoice.from_param(self.state.param.selected, sizing_mode="stretch_width"),
            pn.widgets.Button.from_param(self.state.param.remove_selected, button_type="light",
                                         disabled=self.state.param.selected.rx.pipe(lambda s: not s)),
            pn.Column(text("{}", self.state.param.pending_removal),
                      pn.widgets.Button.from_param(self.state.param.confirm_removal, button_type="danger"),
                      visible=self.state.param.pending_removal.rx.bool()),
            pn.widgets.Select.from_param(self.state.param.target, sizing_mode="stretch_width"),
            pn.widgets.Checkbox.from_param(self.state.param.adjusted_prices),
            rebuilt(self._preview, self.state.param.selected, self.state.param.datasets),
            sizing_mode="stretch_width",
        )

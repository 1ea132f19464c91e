"""Predict: run the selected model type on a loaded dataset; signals table, CSV download, chart."""

import io

import panel as pn
import param

from tradepulse.csv_export import safe_csv
from tradepulse.data import MARKET
from tradepulse.ui.state.prediction import PredictionState
from tradepulse.ui.views.charts import signals_chart
from tradepulse.ui.views.safe import table, text


class PredictView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PredictionState)

    def _csv(self):
        # Spreadsheet-safe: a ticker or label such as =HYPERLINK(...) arrives as text, not as a formula.
        return io.StringIO(safe_csv(self.state.result.table)) if self.state.result else io.StringIO()

    @param.depends("state.result")
    def _results(self):
        result = self.state.result
        if result is None:
            return pn.pane.Markdown("*No predictions yet.*")
        download = pn.widgets.FileDownload(callback=self._csv, filename=f"signals_{result.run_id}.csv",
                                           label="Download CSV", button_type="success")
        # Newest rows first: the latest bars are the ones a trader acts on (the CSV stays chronological).
        newest_first = result.table.iloc[::-1].reset_index(drop=True)
        parts = [download, table(newest_first, pagination="remote", page_size=15, sizing_mode="stretch_width")]
        if result.kind == MARKET:
            tickers = sorted(result.table["ticker"].unique()) if "ticker" in result.table else [None]
            choice = pn.widgets.Select(options=tickers, value=tickers[0], label="Ticker", width=200)
            parts.append(choice)
            parts.append(pn.pane.Bokeh(pn.bind(signals_chart, result.table, choice), sizing_mode="stretch_width"))
            if "sample" in result.table:
                parts.append(pn.pane.Markdown("Shaded: bars the model trained on (*in-sample* in the table); "
                                              "only the bars after them are out-of-sample."))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        disabled = pn.bind(lambda *_: not s.can_predict, s.param.model_available, s.param.dataset, s.param.running)
        return pn.Column(
            "### Predict",
            text("Uses the latest trained **{}** run.", s.training.param.model_type),
            pn.widgets.Select.from_param(s.param.dataset, width=400),
            pn.widgets.Button.from_param(s.param.predict, button_type="primary", disabled=disabled),
            text("{}", s.param.message),
            self._results,
            sizing_mode="stretch_width",
        )

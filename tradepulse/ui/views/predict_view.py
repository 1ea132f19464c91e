"""Predict: run the selected model type on a loaded dataset; signals table, CSV download, chart."""

import io

import panel as pn
import param

from tradepulse.data import MARKET
from tradepulse.ui.state.prediction import PredictionState
from tradepulse.ui.views.charts import signals_chart


class PredictView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PredictionState)

    def _csv(self):
        return io.StringIO(self.state.result.table.to_csv(index=False)) if self.state.result else io.StringIO()

    @param.depends("state.result")
    def _results(self):
        result = self.state.result
        if result is None:
            return pn.pane.Markdown("*No predictions yet.*")
        download = pn.widgets.FileDownload(callback=self._csv, filename=f"signals_{result.run_id}.csv",
                                           label="Download CSV", button_type="success")
        # Newest rows first: the latest bars are the ones a trader acts on (the CSV stays chronological).
        newest_first = result.table.iloc[::-1].reset_index(drop=True)
        parts = [download, pn.widgets.Tabulator(newest_first, disabled=True, pagination="remote", page_size=15,
                                                show_index=False, sizing_mode="stretch_width")]
        if result.kind == MARKET:
            tickers = sorted(result.table["ticker"].unique()) if "ticker" in result.table else [None]
            choice = pn.widgets.Select(options=tickers, value=tickers[0], label="Ticker", width=200)
            parts.append(choice)
            parts.append(pn.pane.Bokeh(pn.bind(signals_chart, result.table, choice), sizing_mode="stretch_width"))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        disabled = pn.bind(lambda *_: not s.can_predict, s.param.model_available, s.param.dataset, s.param.running)
        return pn.Column(
            "### Predict",
            pn.pane.Markdown(pn.bind(lambda m: f"Uses the latest trained **{m}** run.", s.training.param.model_type)),
            pn.widgets.Select.from_param(s.param.dataset, width=400),
            pn.widgets.Button.from_param(s.param.predict, button_type="primary", disabled=disabled),
            pn.pane.Markdown(s.param.message),
            self._results,
            sizing_mode="stretch_width",
        )

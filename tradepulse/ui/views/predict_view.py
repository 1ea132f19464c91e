"""Predict: the chosen run of the selected model type on a loaded dataset; signals table beside its
Buy / Hold / Sell rule, CSV download, chart."""

import io

import panel as pn
import param

from tradepulse.csv_export import safe_csv
from tradepulse.data import MARKET
from tradepulse.predict import BUY_FROM, SELL_UP_TO
from tradepulse.ui.state.prediction import PredictionState
from tradepulse.ui.views.safe import table, text
from tradepulse.ui.views.signals_chart import signals_chart

RULE_WIDTH = 260


class PredictView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=PredictionState)

    def __init__(self, **params):
        super().__init__(**params)
        self.state.refresh_runs()  # pins made in Saved Data since the session began

    def _csv(self):
        # Spreadsheet-safe: a ticker or label such as =HYPERLINK(...) arrives as text, not as a formula. The
        # rule's cut-offs travel as columns, so the file says how its signals were made.
        shown = self.state.table()
        return io.StringIO(safe_csv(shown)) if shown is not None else io.StringIO()

    def _rule(self) -> pn.Column:
        s = self.state
        return pn.Column(
            "**Signal rule**",
            text("{}", pn.bind(lambda *_: s.rule, s.param.threshold, s.param.band)),
            pn.widgets.FloatInput.from_param(s.param.threshold, format="0.00", sizing_mode="stretch_width"),
            pn.widgets.FloatInput.from_param(s.param.band, format="0.00", sizing_mode="stretch_width"),
            width=RULE_WIDTH,
        )

    def _shown(self, result, function, *args):
        """function(result's table under the current rule, *args), redone when the rule changes. The result
        is fixed: a later result builds its own views."""
        s = self.state
        return pn.bind(lambda *values: function(s.ruled(result), *values[2:]), s.param.threshold, s.param.band,
                       *args)

    @staticmethod
    def _newest_first(shown):
        # The latest bars are the ones a trader acts on (the CSV stays chronological); the rule is beside.
        return shown.drop(columns=[BUY_FROM, SELL_UP_TO], errors="ignore").iloc[::-1].reset_index(drop=True)

    @param.depends("state.result")
    def _results(self):
        result = self.state.result
        if result is None:
            return pn.pane.Markdown("*No predictions yet.*")
        download = pn.widgets.FileDownload(callback=self._csv, filename=f"signals_{result.run_id}.csv",
                                           label="Download CSV", button_type="success")
        signals = table(self._shown(result, self._newest_first), pagination="remote", page_size=15,
                        sizing_mode="stretch_width")
        if result.kind != MARKET:
            return pn.Column(download, signals, sizing_mode="stretch_width")
        parts = [download, pn.Row(signals, self._rule(), sizing_mode="stretch_width")]
        tickers = sorted(result.table["ticker"].unique()) if "ticker" in result.table else [None]
        # One ticker needs no chooser.
        choice = pn.widgets.Select(options=tickers, value=tickers[0], label="Ticker", width=200,
                                   visible=len(tickers) > 1)
        parts += [choice, pn.pane.Bokeh(self._shown(result, signals_chart, choice),
                                        sizing_mode="stretch_width")]
        if "sample" in result.table:
            parts.append(pn.pane.Markdown("Shaded: bars the model trained on (*in-sample* in the table); "
                                          "only the bars after them are out-of-sample. Drag or resize the "
                                          "window in the strip under the chart to see other dates."))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        disabled = pn.bind(lambda *_: not s.can_predict, s.param.model_available, s.param.dataset, s.param.running)
        return pn.Column(
            "### Predict",
            text("Predicts with a **{}** run: the one pinned with *Use for Predict* in Saved Data, else the "
                 "newest, or the one you choose.", s.training.param.model_type),
            pn.Row(pn.widgets.Select.from_param(s.param.run, width=400),
                   pn.widgets.Button.from_param(s.param.refresh, align="end")),
            pn.widgets.Select.from_param(s.param.dataset, width=400),
            pn.widgets.Button.from_param(s.param.predict, button_type="primary", disabled=disabled),
            text("{}", s.param.message),
            self._results,
            sizing_mode="stretch_width",
        )

"""Compare: the ticked runs side by side (only what differs unless asked), warnings, seed groups, and their
learning curves, equity curves and per-fold metrics overlaid."""

import panel as pn
import param

from tradepulse.reports.charts import fold_chart
from tradepulse.reports.curve_charts import equity_charts, learning_chart
from tradepulse.reports.run_section import equity_of
from tradepulse.ui.state.compare import CompareState
from tradepulse.ui.state.exports import Exports
from tradepulse.ui.views.downloads import download
from tradepulse.ui.views.safe import table, text

FOLD_METRICS = (("performance_metrics.f1_score", "F1"), ("trading_metrics.strategy.sharpe", "Sharpe"))
HINT = "Tick 2 to 6 runs in the table above, then press Compare ticked runs."


class CompareView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=CompareState)
    exports = param.ClassSelector(class_=Exports)

    def _charts(self, records: list[dict]) -> pn.FlexBox:
        runs = [(r["run_id"], r) for r in records]
        equities = [(run_id, found[0]) for run_id, r in runs if (found := equity_of(self.state.store, r))]
        charts = [learning_chart([(run_id, r.get("history") or []) for run_id, r in runs]),
                  *((equity_charts(equities) or ()) if equities else ()),
                  *(fold_chart(runs, key, label) for key, label in FOLD_METRICS)]
        return pn.FlexBox(*(pn.pane.Bokeh(c, width=560) for c in charts if c is not None),
                          sizing_mode="stretch_width")

    def __panel__(self):
        s = self.state
        build = pn.widgets.Button(label="Build report of these runs", disabled=self.exports.param.busy)
        build.on_click(lambda _: self.exports.report(s.run_ids))
        compared = s.param.comparison.rx.pipe(lambda c: c is not None)
        warnings = s.param.comparison.rx.pipe(lambda c: "; ".join(c.warnings) if c else "")
        return pn.Column(
            pn.pane.Markdown(f"*{HINT}*", visible=compared.rx.not_()),
            text("{}", s.param.message),
            pn.Column(
                pn.Row(pn.widgets.Checkbox.from_param(s.param.only_differences), build,
                       download(self.exports, "report_file", "report_name", "Download report")),
                text("⚠ Not comparable: {}", warnings, pane=pn.pane.Alert, alert_type="warning",
                     visible=warnings.rx.bool()),
                table(s.param.table, sizing_mode="stretch_width", layout="fit_data_stretch", max_height=600),
                text("Same settings and data, other seeds: mean ± std", visible=s.param.seeds.rx.len() > 0),
                table(s.param.seeds, sizing_mode="stretch_width", visible=s.param.seeds.rx.len() > 0),
                pn.bind(self._charts, s.param.records),
                visible=compared, sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

"""The evaluation report: one self-contained HTML file (Bokeh's JavaScript inlined, no network) for one run
or a comparison of up to six."""

from datetime import datetime
from pathlib import Path

import pandas as pd

from tradepulse.errors import TradePulseError
from tradepulse.reports import markup
from tradepulse.reports.charts import fold_chart, pr_chart, roc_chart
from tradepulse.reports.compare import Comparison, check_run_count, compare_runs
from tradepulse.reports.curve_charts import equity_charts, learning_chart
from tradepulse.reports.predictions import load_predictions, pr_curves, roc_curves
from tradepulse.reports.run_section import add_run, equity_of
from tradepulse.storage import RecordStore, write_bytes_atomic

FOLD_METRICS = (("performance_metrics.accuracy", "Accuracy %"), ("performance_metrics.f1_score", "F1 %"),
                ("trading_metrics.strategy.sharpe", "Sharpe"))
INTRO = ("Every figure is out of sample: measured on test blocks the model did not train on "
         "(see each run's validation method and folds).")


def _differences(page: markup.Page, comparison: Comparison) -> None:
    page.add(markup.heading("What differs"))
    frame = comparison.table(only_differences=True)
    if frame.empty:
        page.add(markup.paragraph("The runs differ in no setting, data or metric."))
        return
    marked = {(i, 2 + run) for i, row in enumerate(comparison.differing()) for run in row.best}
    page.add(markup.table(frame, marked))
    page.add(markup.paragraph("★ marks the best value of a metric row. Identifiers, timestamps, durations and "
                              "paths are not counted as differences.", "note"))


def _seed_groups(page: markup.Page, comparison: Comparison) -> None:
    if not comparison.seed_groups:
        return
    page.add(markup.heading("Repeated runs (differ only in seed)"))
    for group in comparison.seed_groups:
        seeds = ", ".join(str(s) for s in group.seeds)
        page.add(markup.paragraph(f"{len(group.run_ids)} runs: {', '.join(group.run_ids)} (seeds {seeds})"))
        rows = [(m.field.label, m.text, m.count) for m in group.metrics]
        page.add(markup.table(pd.DataFrame(rows, columns=["Metric", "mean ± std", "runs"])))


def _overlaid(page: markup.Page, store: RecordStore, records: list[dict]) -> None:
    runs = [(str(r.get("run_id")), r) for r in records]
    page.add(markup.heading("Side by side"))
    page.charts(learning_chart([(run, r.get("history") or []) for run, r in runs],
                               "Learning curves (each run's saved model)"))
    curves = [(run, equity_of(store, r)) for run, r in runs]
    for chart in equity_charts([(run, found[0]) for run, found in curves if found]) or ():
        page.charts(chart)
    page.charts(*(fold_chart(runs, key, label) for key, label in FOLD_METRICS))
    tables = [(run, r, load_predictions(store, r)) for run, r in runs]
    page.charts(roc_chart([(run, c) for run, r, t in tables for c in roc_curves(r, t)]),
                pr_chart([(run, c) for run, r, t in tables for c in pr_curves(r, t)]))


def build_report(store: RecordStore, run_ids: list[str]) -> str:
    """The report's HTML for 1 to 6 runs of `store`; StorageError for an unknown run id."""
    check_run_count(run_ids, low=1)
    records = [store.load(run_id) for run_id in run_ids]
    single = len(records) == 1
    title = f"TradePulse evaluation report: {', '.join(run_ids)}"
    page = markup.Page(title)
    page.add(markup.heading(title, 1))
    page.add(markup.paragraph(f"Written {datetime.now():%Y-%m-%d %H:%M}. {INTRO}", "note"))
    if single:
        add_run(page, store, records[0])
        return page.render()
    comparison = compare_runs(records)
    if comparison.warnings:
        page.add(markup.heading("Not directly comparable"))
        page.add("".join(markup.paragraph(w, "warning") for w in comparison.warnings))
    _differences(page, comparison)
    _seed_groups(page, comparison)
    _overlaid(page, store, records)
    for record in records:
        page.add(f"<details open><summary>{markup.text(record.get('run_id'))}</summary>")
        add_run(page, store, record, with_curves=False)
        page.add("</details>")
    return page.render()


def write_report(store: RecordStore, run_ids: list[str], output) -> Path:
    """Build the report and write it to `output` atomically; TradePulseError when its folder is missing."""
    output = Path(output).expanduser()
    if not output.parent.is_dir():
        raise TradePulseError(f"no folder {output.parent} to write the report into")
    if output.is_dir():
        raise TradePulseError(f"{output} is a folder; give a file name such as report.html")
    return write_bytes_atomic(output, build_report(store, run_ids).encode("utf-8"), what="report")

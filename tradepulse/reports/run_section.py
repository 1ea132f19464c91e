"""One run's part of the report: summary, metrics, hyperparameters, notes, fold table and its charts."""

import logging

import pandas as pd

from tradepulse.errors import StorageError
from tradepulse.evaluation.curves import run_curves
from tradepulse.reports import markup
from tradepulse.reports.charts import confusion_chart, importance_chart, pr_chart, roc_chart
from tradepulse.reports.curve_charts import equity_charts, learning_chart
from tradepulse.reports.fields import DATA, EVALUATION, HYPERPARAMETERS, METRIC_PARTS, RUN, fields_of, value
from tradepulse.reports.formatting import format_value
from tradepulse.reports.predictions import load_predictions, pr_curves, roc_curves
from tradepulse.storage import RecordStore
from tradepulse.ui.state.run_report import fold_table

logger = logging.getLogger(__name__)
SIDES = {"classification": (METRIC_PARTS[0][0], METRIC_PARTS[1][0]),
         "trading": (METRIC_PARTS[2][0], METRIC_PARTS[3][0])}


def field_table(record: dict, sections: tuple[str, ...], header: str = "Field") -> pd.DataFrame:
    rows = [(f.label, format_value(f.key, value(record, f.key))) for f in fields_of([record])
            if f.section in sections]
    return pd.DataFrame(rows, columns=[header, "Value"])


def metric_table(record: dict, kind: str) -> pd.DataFrame:
    """Metric | Model | Baseline (classification) or Metric | Strategy | Buy & hold (trading)."""
    left, right = SIDES[kind]
    names = dict.fromkeys(f.key.rsplit(".", 1)[1] for f in fields_of([record]) if f.key.startswith((left, right))
                          and f.key.count(".") == left.count(".") + 1)
    columns = ["Metric", *(who for path, who in METRIC_PARTS if path in (left, right))]
    rows = [(name, *(format_value(f"{path}.{name}", value(record, f"{path}.{name}")) for path in (left, right)))
            for name in names]
    return pd.DataFrame(rows, columns=columns)


def equity_of(store: RecordStore, record: dict):
    """(curves, fold starts) of a market run, or None (tables, older runs, a damaged predictions file)."""
    try:
        return run_curves(store, record)
    except (OSError, ValueError, KeyError, StorageError) as exc:
        logger.warning("cannot rebuild the equity curve of run %s: %s", record.get("run_id"), exc)
        return None


def folds_of(record: dict) -> pd.DataFrame:
    """The GUI's fold table; empty for a record whose folds are damaged (the rest of the report still shows)."""
    try:
        return fold_table(record)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        logger.warning("cannot show the folds of run %s: %s", record.get("run_id"), exc)
        return pd.DataFrame()


def add_run(page: markup.Page, store: RecordStore, record: dict, with_curves: bool = True) -> None:
    """Everything the report shows about one run; with_curves False leaves out the learning and equity
    charts (a comparison draws them overlaid)."""
    page.add(markup.heading("Summary", 3))
    page.add(markup.table(field_table(record, (RUN, DATA, EVALUATION))))
    if record.get("error"):
        page.add(markup.paragraph(f"Error: {record['error']}", "warning"))
    page.add(markup.heading("Metrics (out of sample)", 3))
    page.add(markup.table(metric_table(record, "classification")))
    page.add(markup.table(metric_table(record, "trading")))
    page.add(markup.heading("Hyperparameters", 3))
    page.add(markup.table(field_table(record, (HYPERPARAMETERS,), "Hyperparameter")))
    notes = (record.get("dataset_info") or {}).get("notes")
    if isinstance(notes, list) and notes:
        page.add(markup.heading("Notes", 3))
        page.add(markup.bullet_list(notes, "note"))
    folds = folds_of(record)
    if len(folds):
        page.add(markup.heading("Folds", 3))
        page.add(markup.table(folds))
    predictions = load_predictions(store, record)
    page.charts(confusion_chart(record), importance_chart(record))
    page.charts(roc_chart([("", c) for c in roc_curves(record, predictions)]),
                pr_chart([("", c) for c in pr_curves(record, predictions)]))
    if with_curves:
        page.charts(learning_chart([("", record.get("history") or [])]))
        found = equity_of(store, record)
        if found:
            for chart in equity_charts([("", found[0])], found[1]):
                page.charts(chart)  # stacked: the drawdown shares the equity's time axis

"""One run in full: how it was judged, its fold table and, for market data, its out-of-sample equity."""

import logging

import pandas as pd
import param

from tradepulse.evaluation.curves import run_curves
from tradepulse.reports.fields import FIXED_FIELDS, hyperparameter_fields, metric_fields, part, value
from tradepulse.reports.formatting import format_value
from tradepulse.reports.predictions import Curve, load_predictions, pr_curves, roc_curves
from tradepulse.storage import RecordStore

logger = logging.getLogger(__name__)
FOLD_COLUMNS = ("Fold", "Train", "Test", "Test rows", "Accuracy", "Baseline accuracy", "F1", "Baseline F1",
                "Sharpe", "Return", "Buy & hold return")
_METRICS = (("Accuracy", "performance_metrics", "accuracy"), ("Baseline accuracy", "baseline_metrics", "accuracy"),
            ("F1", "performance_metrics", "f1_score"), ("Baseline F1", "baseline_metrics", "f1_score"))
_TRADING = (("Sharpe", "strategy", "sharpe"), ("Return", "strategy", "total_return_pct"),
            ("Buy & hold return", "buy_and_hold", "total_return_pct"))
_SUMMARY_KEYS = {"Accuracy": "accuracy", "F1": "f1_score", "Sharpe": "strategy.sharpe",
                 "Return": "strategy.total_return_pct", "Buy & hold return": "buy_and_hold.total_return_pct"}


def _span(window: dict | None) -> str:
    window = window or {}
    if not window.get("start"):
        return f"{window.get('rows', '')} rows"
    return f"{str(window['start'])[:10]} → {str(window['end'])[:10]}"


PLAIN_COLUMNS = ("Sharpe",)  # every other metric column is a percentage


def _number(value, column: str) -> str:
    """Percentages as the performance table writes them (49.49%); Sharpe as a plain number."""
    if value is None:
        return ""
    return f"{value:.2f}" if column in PLAIN_COLUMNS else f"{value:.2f}%"


def fold_table(record: dict | None) -> pd.DataFrame:
    """A row per fold (its windows and metrics), then the mean ± std across folds."""
    evaluation = (record or {}).get("evaluation") or {}
    rows = []
    for fold in evaluation.get("folds") or []:
        row = {"Fold": str(fold.get("fold")), "Train": _span(fold.get("train")), "Test": _span(fold.get("test")),
               "Test rows": str((fold.get("test") or {}).get("rows", ""))}
        row.update({column: _number((fold.get(part) or {}).get(key), column) for column, part, key in _METRICS})
        trading = fold.get("trading_metrics") or {}
        row.update({column: _number((trading.get(side) or {}).get(key), column) for column, side, key in _TRADING})
        rows.append(row)
    summary = evaluation.get("summary") or {}
    if rows and summary:
        spread = {column: f"{_number(summary[key]['mean'], column)} ± {summary[key]['std']:.2f}"
                  for column, key in _SUMMARY_KEYS.items() if key in summary}
        rows.append({"Fold": "mean ± std", **spread})
    return pd.DataFrame(rows, columns=list(FOLD_COLUMNS)).fillna("")


def describe(record: dict | None) -> str:
    if not record:
        return "Select or train a run to see how it was judged."
    evaluation = record.get("evaluation") or {}
    folds = len(evaluation.get("folds") or [])
    if not folds:
        return f"Run {record.get('run_id')}: no fold results (judged on one split by an older version)."
    text = f"Run {record.get('run_id')}: {evaluation.get('method')}, {folds} fold(s), out-of-sample"
    if evaluation.get("refit"):
        text += "; the saved model was refitted on all the history"
    positive = evaluation.get("positive_class")
    text += f"; precision, recall and F1 are about class {positive}" if positive is not None else ""
    settings = (record.get("trading_metrics") or {}).get("settings") or {}
    if settings.get("definitions", 1) >= 2:
        text += (f". Trading after {settings['cost_bps']:g} bps per side, {settings['periods_per_year']} bars a year; "
                 f"buy-and-hold: {settings.get('book')}")
    return text


# Parts of a record the comparison leaves out (they never differ meaningfully) but a reader wants to see.
_NOTES = (("Run", "Error", "error"), ("Data", "Classes", "classes"), ("Data", "Notes", "dataset_info.notes"))
RECORD_COLUMNS = ["Section", "Field", "Value"]


def readable(record: dict | None) -> pd.DataFrame:
    """The record as Section | Field | Value rows; a field the record lacks shows a blank."""
    if not record:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    fields = [*FIXED_FIELDS, *hyperparameter_fields([record]), *metric_fields([record])]
    rows = [(f.section, f.label, format_value(f.key, value(record, f.key))) for f in fields]
    rows += [(section, label, format_value("", part(record, path))) for section, label, path in _NOTES]
    return pd.DataFrame(rows, columns=RECORD_COLUMNS)


class RunReport(param.Parameterized):
    record = param.Dict(default=None, allow_None=True, doc="The run shown")
    folds = param.DataFrame(default=fold_table(None), doc="Each fold's windows and metrics")
    curves = param.DataFrame(default=None, allow_None=True, doc="Out-of-sample equity and drawdown")
    fold_starts = param.List(default=[], doc="Where each fold's test block starts, for the chart")
    fields = param.DataFrame(default=readable(None), doc="The record, readable")
    roc = param.List(default=[], item_type=Curve, doc="ROC curves from the kept out-of-sample predictions")
    pr = param.List(default=[], item_type=Curve, doc="Precision-recall curves from the same predictions")

    def __init__(self, store: RecordStore, **params):
        super().__init__(**params)
        self.store = store

    @param.depends("record", watch=True)
    def _derive(self):
        self.folds = fold_table(self.record)
        self.fields = readable(self.record)
        predictions = load_predictions(self.store, self.record) if self.record else None
        found = predictions is not None and not predictions.empty
        self.roc, self.pr = (roc_curves(self.record, predictions), pr_curves(self.record, predictions)) \
            if found else ([], [])
        try:  # the chart is a view of kept predictions: a damaged file loses the chart, not the page
            found = run_curves(self.store, self.record) if self.record else None
        except (OSError, ValueError, KeyError) as exc:
            logger.warning("cannot rebuild the equity curve of run %s: %s", self.record.get("run_id"), exc)
            found = None
        self.curves, self.fold_starts = found if found else (None, [])

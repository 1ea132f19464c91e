"""Record parts from fold outcomes: each fold's windows and metrics, the metrics of the pooled out-of-sample
predictions, mean ± std across folds, and the out-of-sample predictions as a table."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradepulse.evaluation.metrics import baseline_predictions, classification_metrics, confusion
from tradepulse.evaluation.runner import FoldOutcome
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.evaluation.splits import Timeline
from tradepulse.evaluation.trading import trading_metrics


@dataclass(frozen=True, eq=False)
class Scoring:
    """What scoring needs to know about the run's data, per frame row where it is an array."""

    n_classes: int
    positive: int | None  # the class precision, recall and F1 are about (None: macro averages)
    settings: EvaluationSettings
    timeline: Timeline | None
    tickers: np.ndarray | None
    next_returns: np.ndarray | None  # market data only
    up: int | None  # market data: the index of class "up"
    periods: int | None  # bars per year, market data only

    def metrics(self, labels, proba, train_labels) -> tuple[dict, dict]:
        """The model's metrics and its baseline's (the fold's training majority class) on the same rows."""
        model = classification_metrics(labels, proba.argmax(axis=1), proba, self.n_classes, self.positive)
        base_pred, base_proba = baseline_predictions(train_labels, len(labels), self.n_classes)
        return model, classification_metrics(labels, base_pred, base_proba, self.n_classes, self.positive)

    def trading(self, rows, proba) -> dict | None:
        if self.next_returns is None or not len(rows):
            return None
        return rounded(trading_metrics(self.timeline.times[rows], None if self.tickers is None else self.tickers[rows],
                               self.next_returns[rows], proba[:, self.up], threshold=self.settings.threshold,
                               cost_bps=self.settings.cost_bps, periods=self.periods))

    def window(self, rows) -> dict:
        """A fold part's extent: first and last timestamp where the data has time, and its row count."""
        if self.timeline is None or not len(rows):
            return {"start": None, "end": None, "rows": int(len(rows))}
        times = self.timeline.times[rows]
        return {"start": _iso(times.min()), "end": _iso(times.max()), "rows": int(len(rows))}


def rounded(value, digits: int = 6):
    """Floats to `digits` decimals, in nested dicts too: the record stays small and readable (a record is
    parsed whole on every cold listing)."""
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    return round(value, digits) if isinstance(value, float) else value


def _iso(moment) -> str:
    return pd.Timestamp(moment).isoformat()


def fold_record(scoring: Scoring, outcome: FoldOutcome) -> dict:
    fold = outcome.fold
    model, baseline = scoring.metrics(outcome.labels, outcome.proba, outcome.train_labels)
    return {
        "fold": fold.number,
        "train": scoring.window(np.concatenate([fold.fit, fold.validation])),
        "test": scoring.window(outcome.rows),
        "performance_metrics": model,
        "baseline_metrics": baseline,
        "trading_metrics": scoring.trading(outcome.rows, outcome.proba),
    }


def pooled_record(scoring: Scoring, outcomes: list[FoldOutcome]) -> dict:
    """Headline metrics on the out-of-sample predictions of every fold together."""
    rows = np.concatenate([o.rows for o in outcomes])
    labels = np.concatenate([o.labels for o in outcomes])
    proba = np.concatenate([o.proba for o in outcomes])
    model = classification_metrics(labels, proba.argmax(axis=1), proba, scoring.n_classes, scoring.positive)
    baselines = [baseline_predictions(o.train_labels, len(o.rows), scoring.n_classes) for o in outcomes]
    base_pred, base_proba = (np.concatenate(parts) for parts in zip(*baselines))
    return {
        "performance_metrics": model,
        "baseline_metrics": classification_metrics(labels, base_pred, base_proba, scoring.n_classes,
                                                   scoring.positive),
        "confusion_matrix": confusion(labels, proba.argmax(axis=1), scoring.n_classes),
        "trading_metrics": scoring.trading(rows, proba),
    }


def _flat_metrics(fold: dict) -> dict:
    values = dict(fold["performance_metrics"])
    for side in ("strategy", "buy_and_hold"):
        values.update({f"{side}.{k}": v for k, v in ((fold["trading_metrics"] or {}).get(side) or {}).items()})
    return values


def summary(folds: list[dict]) -> dict:
    """Mean and (population) standard deviation of each metric across the folds that define it."""
    flat = [_flat_metrics(fold) for fold in folds]
    result = {}
    for name in dict.fromkeys(key for values in flat for key in values):
        numbers = [v[name] for v in flat if isinstance(v.get(name), (int, float))]
        if numbers:
            result[name] = rounded({"mean": float(np.mean(numbers)), "std": float(np.std(numbers))})
    return result


def predictions_table(scoring: Scoring, outcomes: list[FoldOutcome]) -> pd.DataFrame:
    """The pooled out-of-sample predictions: fold, time, ticker, true class, probabilities, next return."""
    rows = np.concatenate([o.rows for o in outcomes])
    table = pd.DataFrame({"fold": np.concatenate([np.full(len(o.rows), o.fold.number) for o in outcomes]),
                          "row": rows})
    if scoring.timeline is not None:
        table["time"] = scoring.timeline.times[rows]
    if scoring.tickers is not None:
        table["ticker"] = scoring.tickers[rows]
    table["y_true"] = np.concatenate([o.labels for o in outcomes])
    proba = np.concatenate([o.proba for o in outcomes])
    for index in range(scoring.n_classes):
        table[f"p_{index}"] = proba[:, index].astype(np.float32)
    if scoring.next_returns is not None:
        table["next_return"] = scoring.next_returns[rows]
    return table

"""A run's kept out-of-sample predictions, and the ROC and precision-recall curves drawn from them."""

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradepulse.config import PREDICTIONS_FILE
from tradepulse.errors import StorageError
from tradepulse.evaluation.settings import class_names
from tradepulse.storage import RecordStore

logger = logging.getLogger(__name__)
MAX_POINTS = 2000  # per line: long curves are thinned so that reports stay small


@dataclass(frozen=True)
class Curve:
    label: str  # the class the curve is about ("up", or a class name for one-vs-rest)
    x: np.ndarray  # ROC: false positive rate; PR: recall
    y: np.ndarray  # ROC: true positive rate; PR: precision
    area: float  # ROC: AUC; PR: average precision


def thin_indices(length: int, limit: int = MAX_POINTS) -> np.ndarray:
    """At most `limit` evenly spread positions of a series of `length`, its first and last included."""
    if length <= limit:
        return np.arange(length)
    return np.unique(np.linspace(0, length - 1, limit).round().astype(int))


def load_predictions(store: RecordStore, record: dict) -> pd.DataFrame | None:
    """The run's oos_predictions table; None when the run kept none or it cannot be read (logged)."""
    run_id = record.get("run_id")
    if not run_id:
        return None
    try:
        path = store.model_dir(run_id) / PREDICTIONS_FILE
        return pd.read_parquet(path) if path.is_file() else None
    except (OSError, ValueError, StorageError) as exc:  # a damaged file loses its charts, not the report
        logger.warning("cannot read the predictions of run %s: %s", run_id, exc)
        return None


def names_and_positive(record: dict) -> tuple[list[str], int | None]:
    """The class names as the record shows them, and the positive class's index (binary targets)."""
    classes = record.get("classes") or []
    market = (record.get("dataset_info") or {}).get("kind") == "market"
    names = class_names(classes, market) if classes else []
    if len(names) != 2:
        return names, None
    chosen = (record.get("evaluation") or {}).get("positive_class")
    return names, names.index(str(chosen)) if str(chosen) in names else 1


def _targets(record: dict, table: pd.DataFrame) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(class name, is-that-class, its probability) for the positive class, or each class one-vs-rest."""
    names, positive = names_and_positive(record)
    columns = [c for c in table.columns if c.startswith("p_")]
    if not names or len(columns) != len(names) or "y_true" not in table:
        return []
    truth = table["y_true"].to_numpy()
    chosen = [positive] if positive is not None else range(len(names))
    return [(names[i], truth == i, table[f"p_{i}"].to_numpy(dtype=float)) for i in chosen
            if 0 < (truth == i).sum() < len(truth)]  # a curve needs both outcomes


def _thinned(label, x, y, area) -> Curve:
    keep = thin_indices(len(x))
    return Curve(label, np.asarray(x)[keep], np.asarray(y)[keep], float(area))


def roc_curves(record: dict, table: pd.DataFrame | None) -> list[Curve]:
    """ROC of the positive class (binary) or of each class against the rest; [] without predictions."""
    from sklearn.metrics import auc, roc_curve

    curves = []
    for label, truth, score in _targets(record, table) if table is not None else []:
        fpr, tpr, _ = roc_curve(truth, score)
        curves.append(_thinned(label, fpr, tpr, auc(fpr, tpr)))
    return curves


def pr_curves(record: dict, table: pd.DataFrame | None) -> list[Curve]:
    """Precision-recall of the positive class or of each class against the rest; area: average precision."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    curves = []
    for label, truth, score in _targets(record, table) if table is not None else []:
        precision, recall, _ = precision_recall_curve(truth, score)
        curves.append(_thinned(label, recall, precision, average_precision_score(truth, score)))
    return curves

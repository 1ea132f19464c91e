"""Classification metrics on held-out predictions, and the same for a majority-class baseline.

The counting metrics (accuracy, precision, recall, F1, balanced accuracy, MCC) come from one confusion
matrix, with scikit-learn's formulas and zero_division=0, so they equal its functions' results exactly
(tests/evaluation check it): each of those functions re-validates its input, about 1 ms a call, and a
5-fold run asks for 12 metric sets. Log loss and ROC-AUC are scikit-learn's own. scikit-learn is imported
inside the functions: it is only needed once a run is evaluated, and keeping it off the import path
saves most of a second before the page appears.
"""

import numpy as np

METRIC_NAMES = ("accuracy", "precision", "recall", "f1_score", "roc_auc", "balanced_accuracy", "mcc", "log_loss")
PERCENT_METRICS = ("accuracy", "precision", "recall", "f1_score", "roc_auc", "balanced_accuracy")


def _percent(value: float) -> float:
    return round(100.0 * float(value), 4)


def _normalised(proba: np.ndarray) -> np.ndarray:
    # float32 rows sum to 1 only within 1e-7; log loss checks the sum more strictly than that.
    proba = np.clip(np.asarray(proba, dtype=np.float64), 0.0, 1.0)
    return proba / proba.sum(axis=1, keepdims=True)


def _counts(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """The confusion matrix: rows are true classes, columns predicted ones, every class included."""
    cells = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(cells, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Per class, 0 where the denominator is 0 (scikit-learn's zero_division=0)."""
    return np.divide(numerator, denominator, out=np.zeros(len(numerator)), where=denominator != 0)


def _mcc(counts: np.ndarray) -> float:
    """Matthews correlation as scikit-learn computes it from the confusion matrix; 0 when undefined."""
    t_sum, p_sum = counts.sum(axis=1, dtype=np.float64), counts.sum(axis=0, dtype=np.float64)
    n_correct, n_samples = np.trace(counts, dtype=np.float64), p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp_ytyt = (n_samples**2 - np.dot(p_sum, p_sum)) * (n_samples**2 - np.dot(t_sum, t_sum))
    return 0.0 if cov_ypyp_ytyt == 0 else float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


def classification_metrics(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None, n_classes: int,
                           positive: int | None = None) -> dict:
    """Accuracy, precision, recall, F1 (binary on class `positive`, default 1; macro over the labels present
    in y_true or y_pred for multi-class), ROC-AUC, balanced accuracy in percent; MCC and log loss as is."""
    from sklearn.metrics import log_loss, roc_auc_score

    binary = n_classes == 2
    positive = 1 if positive is None else positive
    counts = _counts(y_true, y_pred, n_classes)
    hits, predicted, actual = np.diag(counts), counts.sum(axis=0), counts.sum(axis=1)
    precision, recall = _divide(hits, predicted), _divide(hits, actual)
    f1 = _divide(2.0 * hits, actual + predicted)
    averaged = [positive] if binary else np.flatnonzero(actual + predicted)
    metrics = {
        "accuracy": _percent(np.trace(counts) / len(y_true)),
        "precision": _percent(np.nanmean(precision[averaged])),
        "recall": _percent(np.nanmean(recall[averaged])),
        "f1_score": _percent(np.nanmean(f1[averaged])),
        "roc_auc": None,
        # Mean recall over the classes present in y_true.
        "balanced_accuracy": _percent(np.nanmean(recall[np.flatnonzero(actual)])),
        "mcc": round(_mcc(counts), 6),  # one label in all: 0/0, which scikit-learn scores 0 too
        "log_loss": None,
    }
    if proba is not None:
        proba = _normalised(proba)
        metrics["log_loss"] = round(float(log_loss(y_true, proba, labels=list(range(n_classes)))), 6)
        # ROC-AUC is undefined when the scored rows hold a single class.
        if binary and len(np.unique(y_true)) > 1:
            metrics["roc_auc"] = _percent(roc_auc_score(y_true == positive, proba[:, positive]))
        elif len(np.unique(y_true)) == n_classes > 2:
            metrics["roc_auc"] = _percent(roc_auc_score(y_true, proba, multi_class="ovr",
                                                        labels=list(range(n_classes))))
    return metrics


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> list[list[int]]:
    return _counts(y_true, y_pred, n_classes).tolist()


def baseline_predictions(y_train: np.ndarray, n_rows: int, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Always the training rows' majority class, with their class frequencies as probabilities."""
    priors = np.bincount(y_train, minlength=n_classes) / len(y_train)
    return np.full(n_rows, int(np.argmax(priors))), np.tile(priors, (n_rows, 1))


def baseline_metrics(y_train: np.ndarray, y_true: np.ndarray, n_classes: int, positive: int | None = None) -> dict:
    """The metrics of always predicting the training rows' majority class."""
    y_pred, proba = baseline_predictions(y_train, len(y_true), n_classes)
    return classification_metrics(y_true, y_pred, proba, n_classes, positive)

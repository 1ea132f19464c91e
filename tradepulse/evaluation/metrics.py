"""Classification metrics on held-out predictions, and the same for a majority-class baseline.

scikit-learn is imported inside the functions: it is only needed once a run is evaluated, and keeping
it off the import path saves most of a second before the page appears.
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


def classification_metrics(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None, n_classes: int,
                           positive: int | None = None) -> dict:
    """Accuracy, precision, recall, F1 (binary on class `positive`, default 1; macro over the labels present
    in y_true or y_pred for multi-class), ROC-AUC, balanced accuracy in percent; MCC and log loss as is."""
    from sklearn.metrics import (accuracy_score, log_loss, matthews_corrcoef, precision_recall_fscore_support,
                                 recall_score, roc_auc_score)

    binary = n_classes == 2
    positive = 1 if positive is None else positive
    precision, recall, f1, _ = precision_recall_fscore_support(
        y_true, y_pred, average="binary" if binary else "macro", pos_label=positive, zero_division=0)
    metrics = {
        "accuracy": _percent(accuracy_score(y_true, y_pred)),
        "precision": _percent(precision),
        "recall": _percent(recall),
        "f1_score": _percent(f1),
        "roc_auc": None,
        # Mean recall over the classes present in y_true (balanced_accuracy_score warns on others in y_pred).
        "balanced_accuracy": _percent(recall_score(y_true, y_pred, labels=np.unique(y_true), average="macro",
                                                   zero_division=0)),
        # One label in all: MCC is 0/0, which scikit-learn itself scores 0 (it warns on this input first).
        "mcc": round(float(matthews_corrcoef(y_true, y_pred)), 6) if len(np.union1d(y_true, y_pred)) > 1 else 0.0,
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
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred, labels=list(range(n_classes))).tolist()


def baseline_predictions(y_train: np.ndarray, n_rows: int, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Always the training rows' majority class, with their class frequencies as probabilities."""
    priors = np.bincount(y_train, minlength=n_classes) / len(y_train)
    return np.full(n_rows, int(np.argmax(priors))), np.tile(priors, (n_rows, 1))


def baseline_metrics(y_train: np.ndarray, y_true: np.ndarray, n_classes: int, positive: int | None = None) -> dict:
    """The metrics of always predicting the training rows' majority class."""
    y_pred, proba = baseline_predictions(y_train, len(y_true), n_classes)
    return classification_metrics(y_true, y_pred, proba, n_classes, positive)

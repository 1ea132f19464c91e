"""Metrics on held-out predictions: classification, a majority-class baseline and trading results.

scikit-learn is imported inside the functions: it is only needed once a run is evaluated, and keeping
it off the import path saves most of a second before the page appears.
"""

import numpy as np
import pandas as pd

METRIC_NAMES = ("accuracy", "precision", "recall", "f1_score")


def _percent(value: float) -> float:
    return round(100.0 * float(value), 4)


def classification_metrics(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None,
                           n_classes: int) -> dict:
    """Accuracy, precision, recall, F1 (binary on class 1, macro for multi-class) and ROC-AUC, in percent."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support, roc_auc_score

    labels = list(range(n_classes))
    average = "binary" if n_classes == 2 else "macro"
    precision, recall, f1, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=None if average == "binary" else labels, average=average, zero_division=0)
    metrics = {
        "accuracy": _percent(accuracy_score(y_true, y_pred)),
        "precision": _percent(precision),
        "recall": _percent(recall),
        "f1_score": _percent(f1),
        "roc_auc": None,
    }
    # ROC-AUC is undefined when the test split holds a single class.
    if proba is not None and len(np.unique(y_true)) > 1:
        if n_classes == 2:
            metrics["roc_auc"] = _percent(roc_auc_score(y_true, proba[:, 1]))
        elif len(np.unique(y_true)) == n_classes:
            metrics["roc_auc"] = _percent(roc_auc_score(y_true, proba, multi_class="ovr", labels=labels))
    return metrics


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> list[list[int]]:
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred, labels=list(range(n_classes))).tolist()


def baseline_metrics(y_train: np.ndarray, y_true: np.ndarray, n_classes: int) -> dict:
    """The same metrics for always predicting the training split's majority class."""
    from sklearn.dummy import DummyClassifier

    dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(y_train), 1)), y_train)
    y_pred = dummy.predict(np.zeros((len(y_true), 1)))
    return classification_metrics(y_true, y_pred, None, n_classes)


def trading_metrics(times: pd.Series | None, next_returns: np.ndarray, long_signal: np.ndarray) -> dict:
    """A long/flat strategy (long when the model predicts up) against buy-and-hold over the test rows.

    Returns per bar are averaged across tickers at each time (an equal-weight book), then compounded.
    """
    frame = pd.DataFrame({"hold": next_returns, "strategy": np.where(long_signal, next_returns, 0.0)})
    if times is not None:
        frame = frame.groupby(np.asarray(times), sort=True).mean()
    equity = (1 + frame["strategy"]).cumprod()
    drawdown = equity / equity.cummax() - 1
    per_bar = frame["strategy"]
    sharpe = float(per_bar.mean() / per_bar.std()) if per_bar.std() > 0 else None
    return {
        "strategy_return_pct": _percent(equity.iloc[-1] - 1),
        "buy_hold_return_pct": _percent((1 + frame["hold"]).prod() - 1),
        "max_drawdown_pct": _percent(drawdown.min()),
        "exposure_pct": _percent(np.mean(long_signal)),
        "sharpe_per_bar": None if sharpe is None else round(sharpe, 4),
        "bars": int(len(frame)),
    }

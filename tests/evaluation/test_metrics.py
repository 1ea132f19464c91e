import numpy as np
import pytest

from sklearn.metrics import (accuracy_score, confusion_matrix, log_loss, matthews_corrcoef,
                             precision_recall_fscore_support, recall_score)

from tradepulse.evaluation.metrics import baseline_metrics, classification_metrics, confusion


def test_binary_metrics_are_percentages_on_the_up_class():
    y_true = np.array([1, 1, 1, 0, 0, 0, 0, 1])
    y_pred = np.array([1, 1, 0, 0, 0, 1, 0, 1])
    proba = np.column_stack([1 - y_pred * 0.8, y_pred * 0.8])
    metrics = classification_metrics(y_true, y_pred, proba, 2)
    assert metrics["accuracy"] == 75.0
    assert metrics["precision"] == 75.0  # 3 of 4 up calls right
    assert metrics["recall"] == 75.0  # 3 of 4 ups found
    assert metrics["f1_score"] == 75.0
    assert metrics["roc_auc"] == 75.0


def test_multiclass_metrics_are_macro_averaged_and_auc_needs_every_class():
    y_true = np.array([0, 1, 2, 2])
    y_pred = np.array([0, 2, 2, 2])
    metrics = classification_metrics(y_true, y_pred, np.eye(3)[y_pred], 3)
    assert metrics["recall"] == pytest.approx(100 * (1 + 0 + 1) / 3, abs=1e-3)
    assert metrics["roc_auc"] is not None
    assert classification_metrics(np.array([0, 0]), np.array([0, 1]), np.eye(3)[[0, 1]], 3)["roc_auc"] is None


def test_baseline_predicts_the_training_majority_class():
    metrics = baseline_metrics(np.array([0, 0, 0, 1]), np.array([0, 1, 0, 1]), 2)
    assert metrics["accuracy"] == 50.0 and metrics["f1_score"] == 0.0


def test_confusion_matrix_keeps_absent_classes():
    assert confusion(np.array([0, 0]), np.array([0, 1]), 3) == [[1, 1, 0], [0, 0, 0], [0, 0, 0]]


def test_macro_averages_count_only_the_classes_present():
    # Perfect predictions on rows that lack class 2 of three: 100, not 66.67 (an absent class is no zero).
    y = np.array([0, 1, 0, 1])
    metrics = classification_metrics(y, y, np.eye(3)[y], 3)
    assert metrics["precision"] == metrics["recall"] == metrics["f1_score"] == 100.0


def test_binary_metrics_follow_the_chosen_positive_class():
    y_true = np.array([0, 0, 0, 1])
    y_pred = np.array([0, 0, 1, 1])
    on_one = classification_metrics(y_true, y_pred, None, 2)
    on_zero = classification_metrics(y_true, y_pred, None, 2, positive=0)
    assert on_one["precision"] == 50.0 and on_one["recall"] == 100.0
    assert on_zero["precision"] == 100.0 and on_zero["recall"] == pytest.approx(100 * 2 / 3, abs=1e-3)


def test_balanced_accuracy_mcc_and_log_loss_match_scikit_learn():
    y_true = np.array([0, 0, 0, 0, 1, 1])
    exact = np.array([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.8, 0.2], [0.4, 0.6], [0.55, 0.45]])
    y_pred = exact.argmax(axis=1)
    metrics = classification_metrics(y_true, y_pred, exact.astype(np.float32), 2)  # as networks give them
    assert metrics["balanced_accuracy"] == pytest.approx(100 * (3 / 4 + 1 / 2) / 2, abs=1e-3)
    assert metrics["mcc"] == pytest.approx(matthews_corrcoef(y_true, y_pred), abs=1e-6)
    assert metrics["log_loss"] == pytest.approx(log_loss(y_true, exact), abs=1e-5)


def test_a_single_label_scores_without_warnings():
    metrics = classification_metrics(np.zeros(3, int), np.zeros(3, int), np.tile([0.8, 0.2], (3, 1)), 2)
    assert metrics["mcc"] == 0.0 and metrics["roc_auc"] is None and metrics["accuracy"] == 100.0


def test_baseline_gives_the_training_class_frequencies_as_probabilities():
    metrics = baseline_metrics(np.array([0, 0, 0, 1]), np.array([0, 1]), 2)
    assert metrics["roc_auc"] == 50.0  # constant scores rank nothing
    assert metrics["log_loss"] == pytest.approx(-(np.log(0.75) + np.log(0.25)) / 2, abs=1e-5)


def _cases(seed: int = 0, count: int = 300):
    """Random labels and predictions: 2-5 classes, some absent from the truth, the predictions or both."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        n_classes, n_rows = int(rng.integers(2, 6)), int(rng.integers(2, 300))
        y_true = rng.choice(rng.choice(n_classes, int(rng.integers(1, n_classes + 1)), replace=False), n_rows)
        y_pred = [rng.integers(0, n_classes, n_rows), np.where(rng.random(n_rows) < 0.7, y_true, 0),
                  np.full(n_rows, rng.integers(0, n_classes))][index % 3]
        yield y_true, y_pred, n_classes, (None if n_classes > 2 else [None, 0, 1][index % 3])


def test_counting_metrics_equal_scikit_learn_exactly():
    # The counting metrics come from one confusion matrix; scikit-learn's functions are the reference.
    for y_true, y_pred, n_classes, positive in _cases():
        metrics = classification_metrics(y_true, y_pred, None, n_classes, positive)
        binary = n_classes == 2
        average = "binary" if binary else "macro"
        pos_label = 1 if positive is None else positive
        precision, recall, f1, _ = precision_recall_fscore_support(y_true, y_pred, average=average,
                                                                   pos_label=pos_label, zero_division=0)
        balanced = recall_score(y_true, y_pred, labels=np.unique(y_true), average="macro", zero_division=0)
        mcc = matthews_corrcoef(y_true, y_pred) if len(np.union1d(y_true, y_pred)) > 1 else 0.0
        assert metrics == {
            "accuracy": round(100 * accuracy_score(y_true, y_pred), 4), "precision": round(100 * precision, 4),
            "recall": round(100 * recall, 4), "f1_score": round(100 * f1, 4), "roc_auc": None,
            "balanced_accuracy": round(100 * balanced, 4), "mcc": round(mcc, 6), "log_loss": None}
        assert confusion(y_true, y_pred, n_classes) == confusion_matrix(y_true, y_pred,
                                                                        labels=list(range(n_classes))).tolist()

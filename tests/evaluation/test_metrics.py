import numpy as np
import pytest

from tradepulse.performance import baseline_metrics, classification_metrics, confusion, trading_metrics


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


def test_long_flat_strategy_against_buy_and_hold():
    returns = np.array([0.10, -0.05, 0.02])
    result = trading_metrics(None, returns, np.array([True, False, True]))
    assert result["strategy_return_pct"] == pytest.approx(100 * (1.10 * 1.02 - 1))
    assert result["buy_hold_return_pct"] == pytest.approx(100 * (1.10 * 0.95 * 1.02 - 1))
    assert result["exposure_pct"] == pytest.approx(100 * 2 / 3)


def test_tickers_at_the_same_time_are_averaged_into_one_bar():
    times = np.array(["t1", "t1", "t2", "t2"])
    result = trading_metrics(times, np.array([0.1, -0.1, 0.2, 0.0]), np.array([True, True, True, False]))
    # t1: mean(0.1, -0.1) = 0; t2: mean(0.2, 0) = 0.1
    assert result["bars"] == 2 and result["strategy_return_pct"] == pytest.approx(10.0)
    assert result["max_drawdown_pct"] == 0.0

"""Permutation importance: the column a model reads comes first, columns it ignores score zero."""

import numpy as np

from tradepulse.evaluation.importance import TOP, permutation_importance


class ReadsColumnOne:
    """P(class 1) rises with column 1; rows before the first `history` rows of the span are unscored."""

    def __init__(self, history=0):
        self.history = history

    def predict_proba(self, X, groups, usable):
        p = 1 / (1 + np.exp(-4 * X[:, 1]))
        proba = np.column_stack([1 - p, p])
        proba[:self.history] = np.nan
        return proba


def test_the_column_the_model_reads_is_the_most_important_and_the_others_score_zero():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 25))
    y = (X[:, 1] > 0).astype(int)
    rows = np.arange(100, 300)
    found = permutation_importance(ReadsColumnOne(), X, np.zeros(300), np.ones(300, bool), rows, y[rows],
                                   [f"f{i}" for i in range(25)], seed=1, context=10)
    assert found["method"] == "permutation" and found["metric"] == "log_loss"
    assert len(found["features"]) == TOP == 20
    top, *rest = found["features"]
    assert top["feature"] == "f1" and top["importance"] > 0.5 and top["std"] >= 0
    assert all(f["importance"] == 0 and f["std"] == 0 for f in rest)


def test_only_the_span_the_rows_need_is_predicted_and_unscored_rows_are_left_out():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 3))
    y = (X[:, 1] > 0).astype(int)
    rows = np.arange(200, 300)
    model = ReadsColumnOne(history=30)  # the first 30 rows of whatever span it is given are unscored
    found = permutation_importance(model, X, np.zeros(300), np.ones(300, bool), rows, y[rows], ["a", "b", "c"],
                                   seed=1, context=20)
    assert found["features"][0]["feature"] == "b"  # scored on rows 210-299: the span starts at row 180

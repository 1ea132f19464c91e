"""Gradient boosting stops early on the run's own validation rows, not on a split of its training rows."""

import numpy as np

from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.models.reference import GradientBoosting


def fit(y_val_flipped: bool):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 3)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    if y_val_flipped:
        y[500:] = 1 - y[500:]  # the validation rows say the opposite of the training rows
    model = GradientBoosting(Hyperparameters(iterations=400, boosting_learning_rate=0.1))
    model.fit(X, y, np.zeros(600, dtype=int), np.ones(600, dtype=bool), np.arange(500), np.arange(500, 600), 2)
    return model


def test_boosting_stops_when_the_validation_rows_stop_improving():
    agreeing, contrary = fit(False), fit(True)
    assert contrary.estimator_.n_iter_ <= 20 < agreeing.estimator_.n_iter_  # 10 rounds of patience, then stop
    assert len(contrary.history_) == 1 < len(agreeing.history_) <= 20  # steps of 20 rounds: it ended in the first

"""Ensemble: its member types (ADM, CIPO and BICIPO unless the hyperparameters name others) trained on the
same data and combined by weighted soft voting."""

import itertools
import math
from pathlib import Path

import numpy as np
from sklearn.metrics import log_loss

from tradepulse.data.chart_images import BAR_COLUMNS, chart_bars
from tradepulse.models.base import Model, model_class
from tradepulse.models.hyperparameters import DEFAULT_ENSEMBLE_MEMBERS

MAX_GRID = 5000  # weight combinations tried at most when weights are fitted on the validation split


def _grid_steps(members: int) -> int:
    """The finest of 0.05, 0.1, 0.2... steps whose simplex grid stays within MAX_GRID combinations."""
    return next(s for s in (20, 10, 5, 4, 2, 1) if math.comb(s + members - 1, members - 1) <= MAX_GRID)


def fit_weights(member_probas: list[np.ndarray], y: np.ndarray, n_classes: int) -> tuple[float, ...]:
    """The weights on a simplex grid that minimise validation log-loss."""
    steps = _grid_steps(len(member_probas))
    best, best_loss = None, np.inf
    for head in itertools.product(range(steps + 1), repeat=len(member_probas) - 1):
        if sum(head) > steps:
            continue
        weights = tuple(k / steps for k in (*head, steps - sum(head)))
        blended = sum(w * p for w, p in zip(weights, member_probas))
        loss = log_loss(y, np.clip(blended, 1e-7, 1), labels=list(range(n_classes)))
        if loss < best_loss:
            best, best_loss = weights, loss
    return best


class Ensemble(Model):
    name = "Ensemble"
    member_count = len(DEFAULT_ENSEMBLE_MEMBERS)

    def __init__(self, hyperparameters):
        super().__init__(hyperparameters)
        self.member_types = [model_class(name) for name in hyperparameters.ensemble_members]
        self.member_count = len(self.member_types)
        # X holds the scaled features, then the raw bars when a member draws charts (ChartCNN).
        self.uses_bars = any(member.uses_bars for member in self.member_types)
        self.uses_features = not all(member.uses_bars for member in self.member_types)

    def model_inputs(self, frame, features):
        return np.hstack(([features] if self.uses_features else []) + ([chart_bars(frame)] if self.uses_bars else []))

    def input_names(self, feature_names):
        return (list(feature_names) if self.uses_features else []) + (list(BAR_COLUMNS) if self.uses_bars else [])

    def _member_X(self, member_type, X):
        bars = len(BAR_COLUMNS) if self.uses_bars else 0
        if member_type.uses_bars:
            return X[:, X.shape[1] - bars:]
        return np.asarray(X[:, :X.shape[1] - bars], dtype=np.float32)  # exact: the features were float32

    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None):
        hp = self.hyperparameters
        self.members_ = []
        for index, member_type in enumerate(self.member_types):
            if on_member:
                on_member(index, member_type.name)
            member = member_type(hp).fit(self._member_X(member_type, X), y, groups, usable, train_rows, val_rows,
                                         n_classes, callbacks)
            self.members_.append(member)
        self.history_ = [entry for member in self.members_ for entry in member.history_]
        if hp.fit_ensemble_weights:
            probas = [p[val_rows] for p in self._member_probas(X, groups, usable)]
            scored = ~np.isnan(sum(probas)).any(axis=1)
            self.weights_ = fit_weights([p[scored] for p in probas], y[val_rows][scored], n_classes)
        else:
            total = sum(hp.ensemble_weights)
            self.weights_ = tuple(w / total for w in hp.ensemble_weights)
        return self

    def _member_probas(self, X, groups, usable):
        return [m.predict_proba(self._member_X(type(m), X), groups, usable) for m in self.members_]

    def predict_distribution(self, X, groups, usable):
        # NaN from a member (ADM before its first full window) stays NaN: every member must vote.
        blended = sum(w * p for w, p in zip(self.weights_, self._member_probas(X, groups, usable)))
        return blended, None

    def save(self, folder: Path) -> dict:
        members = {}
        for member in self.members_:
            (Path(folder) / member.name).mkdir()
            members[member.name] = member.save(Path(folder) / member.name)
        return {"weights": list(self.weights_), "members": members}

    @classmethod
    def load(cls, folder, hyperparameters, settings):
        model = cls(hyperparameters)
        model.members_ = [kind.load(Path(folder) / kind.name, hyperparameters, settings["members"][kind.name])
                          for kind in model.member_types]
        model.weights_ = tuple(settings["weights"])
        return model


MODEL = Ensemble

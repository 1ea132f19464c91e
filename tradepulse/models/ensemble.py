"""Ensemble: ADM, CIPO and BICIPO combined by weighted soft voting."""

import itertools
from pathlib import Path

import numpy as np
from sklearn.metrics import log_loss

from tradepulse.models.base import Model, model_class

MEMBERS = ("ADM", "CIPO", "BICIPO")
WEIGHT_STEP = 0.05  # grid resolution when weights are fitted on the validation split


def fit_weights(member_probas: list[np.ndarray], y: np.ndarray, n_classes: int) -> tuple[float, ...]:
    """The weights on a simplex grid that minimise validation log-loss."""
    steps = round(1 / WEIGHT_STEP)
    best, best_loss = None, np.inf
    for a, b in itertools.product(range(steps + 1), repeat=2):
        if a + b > steps:
            continue
        weights = (a / steps, b / steps, (steps - a - b) / steps)
        blended = sum(w * p for w, p in zip(weights, member_probas))
        loss = log_loss(y, np.clip(blended, 1e-7, 1), labels=list(range(n_classes)))
        if loss < best_loss:
            best, best_loss = weights, loss
    return best


class Ensemble(Model):
    name = "Ensemble"
    member_count = len(MEMBERS)

    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None):
        hp = self.hyperparameters
        self.members_ = []
        for index, name in enumerate(MEMBERS):
            if on_member:
                on_member(index, name)
            member = model_class(name)(hp)
            self.members_.append(member.fit(X, y, groups, usable, train_rows, val_rows, n_classes, callbacks))
        self.history_ = [entry for member in self.members_ for entry in member.history_]
        if hp.fit_ensemble_weights:
            probas = [m.predict_proba(X, groups, usable)[val_rows] for m in self.members_]
            scored = ~np.isnan(sum(probas)).any(axis=1)
            self.weights_ = fit_weights([p[scored] for p in probas], y[val_rows][scored], n_classes)
        else:
            total = sum(hp.ensemble_weights)
            self.weights_ = tuple(w / total for w in hp.ensemble_weights)
        return self

    def predict_distribution(self, X, groups, usable):
        # NaN from a member (ADM before its first full window) stays NaN: every member must vote.
        blended = sum(w * m.predict_proba(X, groups, usable) for w, m in zip(self.weights_, self.members_))
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
        model.members_ = [
            model_class(name).load(Path(folder) / name, hyperparameters, settings["members"][name])
            for name in MEMBERS
        ]
        model.weights_ = tuple(settings["weights"])
        return model


MODEL = Ensemble

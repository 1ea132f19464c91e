"""Reference models from scikit-learn on the current row's features: logistic regression, a random forest and
histogram gradient boosting. Forests and boosting grow in steps (warm_start) so a run shows progress and
cancels within a step; they are saved with skops, never pickle."""

from abc import abstractmethod

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_sample_weight
from threadpoolctl import threadpool_limits

from tradepulse.errors import DataError
from tradepulse.models.base import Model
from tradepulse.models.skops_files import load_estimator, save_estimator
from tradepulse.models.steps import StepReport, schedule

PATIENCE_ROUNDS = 10  # boosting rounds without a better validation loss before boosting stops
MAX_BINS = 255  # boosting's own bin count


class ReferenceModel(Model):
    estimator_class: type

    @abstractmethod
    def estimator(self):
        """The untrained scikit-learn classifier (warm_start where it can grow in steps)."""

    def learn_encoding(self, X):
        """Learn any transform of the features from the training rows (none by default)."""

    def encode(self, X):
        return X

    def sizes(self) -> list[int]:
        """The estimator's size after each step; one step by default."""
        return [1]

    def grow(self, estimator, size: int, X, y, weights, X_val, y_val):
        estimator.fit(X, y, sample_weight=weights)

    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None):
        if not len(train_rows) or not len(val_rows):
            raise DataError(f"too few rows for {self.name}: {len(train_rows)} training and {len(val_rows)} "
                            "validation rows")
        if on_member:
            on_member(0, self.name)
        self.n_classes_ = n_classes
        X_fit, y_fit, X_val, y_val = X[train_rows], y[train_rows], X[val_rows], y[val_rows]
        self.learn_encoding(X_fit)
        balanced = self.hyperparameters.class_weight == "balanced"
        weights = compute_sample_weight("balanced", y_fit) if balanced else None
        estimator, sizes = self.estimator(), self.sizes()
        report, self.history_ = StepReport(callbacks, len(sizes)), []
        # One OpenMP thread: many short warm-started fits and scorings pay the thread team's start-up and
        # spin-waits each time (up to 30 times slower than one whole fit on this machine's 2 busy cores).
        with threadpool_limits(limits=1, user_api="openmp"):
            for step, size in enumerate(sizes):
                report.begin(step)
                self.grow(estimator, size, self.encode(X_fit), y_fit, weights, self.encode(X_val), y_val)
                self.estimator_ = estimator
                losses = [log_loss(labels, self.scores(rows), labels=range(n_classes))
                          for rows, labels in ((X_fit, y_fit), (X_val, y_val))]
                self.history_.append({"member": self.name, "epoch": step + 1, "loss": losses[0],
                                      "val_loss": losses[1]})
                report.end(step, *losses)
                if self.stopped(estimator, size):
                    break
        report.finish()
        return self

    def stopped(self, estimator, size: int) -> bool:
        return False

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Probabilities over all n_classes (a class the training rows lacked gets 0)."""
        proba = np.zeros((len(X), self.n_classes_), dtype=np.float32)
        if len(X):
            proba[:, self.estimator_.classes_] = self.estimator_.predict_proba(self.encode(X))
        return proba

    def predict_distribution(self, X, groups, usable):
        proba = np.full((len(X), self.n_classes_), np.nan, dtype=np.float32)
        rows = np.flatnonzero(usable)
        proba[rows] = self.scores(X[rows])
        return proba, None

    def save(self, folder):
        save_estimator(self.estimator_, folder)
        return {"n_classes": self.n_classes_, **self.encoding_settings()}

    def encoding_settings(self) -> dict:
        return {}

    def restore_encoding(self, settings: dict):
        pass

    @classmethod
    def load(cls, folder, hyperparameters, settings):
        model = cls(hyperparameters)
        model.estimator_ = load_estimator(folder, cls.estimator_class)
        model.n_classes_ = int(settings["n_classes"])
        model.restore_encoding(settings)
        return model


class LogisticRegression(ReferenceModel):
    name, estimator_class = "LogisticRegression", SkLogisticRegression

    def estimator(self):
        return SkLogisticRegression(C=self.hyperparameters.c, max_iter=1000)


class RandomForest(ReferenceModel):
    name, estimator_class = "RandomForest", RandomForestClassifier

    def estimator(self):
        hp = self.hyperparameters
        return RandomForestClassifier(n_estimators=1, max_depth=hp.max_depth or None, warm_start=True,
                                      min_samples_leaf=hp.min_samples_leaf, random_state=hp.seed, n_jobs=1)

    def sizes(self):
        return schedule(self.hyperparameters.trees)

    def grow(self, estimator, size, X, y, weights, X_val, y_val):
        estimator.set_params(n_estimators=size).fit(X, y, sample_weight=weights)


class GradientBoosting(ReferenceModel):
    name, estimator_class = "GradientBoosting", HistGradientBoostingClassifier

    def estimator(self):
        hp = self.hyperparameters
        return HistGradientBoostingClassifier(
            learning_rate=hp.boosting_learning_rate, max_iter=1, max_leaf_nodes=hp.max_leaf_nodes,
            early_stopping=hp.early_stopping, scoring="loss", n_iter_no_change=PATIENCE_ROUNDS,
            warm_start=True, random_state=hp.seed)

    def sizes(self):
        return schedule(self.hyperparameters.iterations)

    # Binned once here, unweighted, at the training rows' quantiles, as boosting bins: scikit-learn would
    # otherwise bin again on every warm-started step, with weighted quantiles when class weights are on
    # (about a second per step on 300 rows). Given at most MAX_BINS values per column it keeps them as bins.
    def learn_encoding(self, X):
        cuts = np.linspace(0, 1, MAX_BINS + 1)[1:-1]
        self.edges_ = [np.unique(np.quantile(column, cuts)) for column in X.T]

    def encode(self, X):
        codes = [np.searchsorted(edges, column) for edges, column in zip(self.edges_, X.T)]
        return np.column_stack(codes).astype(np.float32) if codes else X

    def encoding_settings(self):
        return {"bin_edges": [edges.tolist() for edges in self.edges_]}

    def restore_encoding(self, settings):
        self.edges_ = [np.asarray(edges, dtype=np.float64) for edges in settings["bin_edges"]]

    def grow(self, estimator, size, X, y, weights, X_val, y_val):
        # Early stopping watches the run's own validation rows, not a split of the training rows.
        validation = {"X_val": X_val, "y_val": y_val} if self.hyperparameters.early_stopping else {}
        estimator.set_params(max_iter=size).fit(X, y, sample_weight=weights, **validation)

    def stopped(self, estimator, size):
        return estimator.n_iter_ < size  # early stopping ended it before this step's rounds


MODELS = {model.name: model for model in (LogisticRegression, RandomForest, GradientBoosting)}

"""The model contract and the registry of model types by name.

Importing this module does not import TensorFlow: the implementations load on first use.
"""

import importlib
from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np

from tradepulse.errors import TradePulseError
from tradepulse.models.hyperparameters import Hyperparameters

DESCRIPTIONS = {
    "ADM": "Adaptive Dynamic Model: stacked LSTM/GRU layers over a lookback window of recent rows.",
    "CIPO": "Feed-forward network on the current row's features: Dense layers with dropout.",
    "BICIPO": "Bayesian CIPO: Monte-Carlo dropout at prediction time, with each prediction's uncertainty.",
    "ChartCNN": "Convolutional network on candlestick images of the last lookback bars (market data).",
    "LogisticRegression": "scikit-learn logistic regression on the current row's features: a linear reference.",
    "RandomForest": "scikit-learn random forest on the current row's features.",
    "GradientBoosting": "scikit-learn histogram gradient boosting, early-stopped on the validation rows.",
    "Ensemble": "Its member types (ADM, CIPO and BICIPO by default) trained on the same data, combined by "
                "weighted soft voting.",
}
_MODULES = {"ADM": "adm", "CIPO": "cipo", "BICIPO": "bicipo", "ChartCNN": "chart_cnn",
            "LogisticRegression": "reference", "RandomForest": "reference", "GradientBoosting": "reference",
            "Ensemble": "ensemble"}


class Model(ABC):
    """A classifier over the rows of a prepared frame.

    Inputs are the scaled feature matrix X (rows in chronological order), each row's group
    (ticker) and a mask of usable rows. Predictions come back for every row: rows a model
    cannot score (too early for a lookback window) hold NaN probabilities.
    """

    name: str
    member_count = 1  # networks trained one after another (progress is shared among them)
    uses_bars = False  # True: X is the frame's raw OHLCV bars (see model_inputs), not the scaled features

    def __init__(self, hyperparameters: Hyperparameters):
        self.hyperparameters = hyperparameters

    def model_inputs(self, frame, features: np.ndarray) -> np.ndarray:
        """The matrix fit() and predict_distribution() take as X, one row per frame row: by default the
        scaled features. The hook lets a type read other columns of the frame (ChartCNN: its raw bars)."""
        return features

    def input_names(self, feature_names: list[str]) -> list[str]:
        """The names of model_inputs' columns (what permutation importance reports)."""
        return list(feature_names)

    @abstractmethod
    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None) -> "Model":
        """Train on train_rows, validate on val_rows; return self.

        callbacks are Keras callbacks; on_member(index, name) is told when each member network starts.
        """

    @abstractmethod
    def predict_distribution(self, X, groups, usable) -> tuple[np.ndarray, np.ndarray | None]:
        """Class probabilities [n_rows, n_classes] (NaN where unscored) and per-row uncertainty or None."""

    def predict_proba(self, X, groups, usable) -> np.ndarray:
        return self.predict_distribution(X, groups, usable)[0]

    @abstractmethod
    def save(self, folder: Path) -> dict:
        """Write the trained model into folder; return JSON-safe settings that load() needs back."""

    @classmethod
    @abstractmethod
    def load(cls, folder: Path, hyperparameters: Hyperparameters, settings: dict) -> "Model":
        """Rebuild a trained model saved by save()."""


def model_class(name: str) -> type[Model]:
    """The implementation registered under name (imports TensorFlow on first call)."""
    if name not in _MODULES:
        raise TradePulseError(f"unknown model type {name!r}; choose one of {', '.join(_MODULES)}")
    module = importlib.import_module(f"tradepulse.models.{_MODULES[name]}")
    return getattr(module, "MODELS", {}).get(name) or module.MODEL

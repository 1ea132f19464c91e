"""Shared settings for the tests of the scikit-learn types and ChartCNN: small enough to train in seconds."""

import dataclasses

from tests.conftest import TINY

NEW_TYPES = ("LogisticRegression", "RandomForest", "GradientBoosting", "ChartCNN")
QUICK = dataclasses.replace(TINY, trees=20, iterations=40, image_size=32, hidden_layers=2)
# An Ensemble of a network, a forest and the chart network: every kind of member and input at once.
MIXED = dataclasses.replace(QUICK, ensemble_members=("CIPO", "RandomForest", "ChartCNN"), ensemble_weights=(1, 1, 2))

"""The form offers each model type its own settings, an Ensemble its members', and example charts for ChartCNN."""

import numpy as np
import pytest

from tradepulse.data import ADJUSTED
from tradepulse.errors import TradePulseError
from tradepulse.sample_data import synthetic_bars, synthetic_feature_table
from tradepulse.ui.state.chart_examples import chart_examples
from tradepulse.ui.state.form import basic_for

NETWORK = {"epochs", "learning_rate", "batch_size", "hidden_layers"}


@pytest.mark.parametrize("model_type, expected", [
    ("CIPO", NETWORK), ("ChartCNN", NETWORK), ("LogisticRegression", {"c"}),
    ("RandomForest", {"trees", "max_depth", "min_samples_leaf"}),
    ("GradientBoosting", {"boosting_learning_rate", "iterations", "max_leaf_nodes"})])
def test_each_type_shows_its_own_main_settings(model_type, expected):
    assert set(basic_for(model_type)) == expected


def test_an_ensemble_shows_its_members_settings_and_weights(state):
    state.form.ensemble_members = ["RandomForest", "ChartCNN"]
    assert set(basic_for("Ensemble", state.form.ensemble_members)) == NETWORK | {"trees", "max_depth",
                                                                                 "min_samples_leaf"}
    state.form.weight_randomforest, state.form.weight_chartcnn = 0.25, 0.75
    hp = state.form.to_hyperparameters()
    assert hp.ensemble_members == ("ChartCNN", "RandomForest") and hp.ensemble_weights == (0.75, 0.25)


def test_chart_examples_show_what_chartcnn_sees_with_labels():
    examples = chart_examples((("bars.csv", synthetic_bars(tickers=("AAA", "BBB"), bars=80)),), 10, 32, ADJUSTED)
    assert len(examples) == 12 and {e.ticker for e in examples} == {"AAA", "BBB"}
    assert all(e.image.shape == (32, 32) and 0 <= e.image.min() and e.image.max() <= 1 for e in examples)
    assert {e.label for e in examples} <= {"next: up", "next: down", "next: unknown"}
    assert not np.array_equal(examples[0].image, examples[1].image)


def test_chart_examples_refuse_a_feature_table():
    with pytest.raises(TradePulseError, match="market"):
        chart_examples((("t.csv", synthetic_feature_table(rows=60)),), 10, 32, ADJUSTED)

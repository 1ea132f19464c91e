"""Which settings each model type reads, and an Ensemble that chooses its members (old records still load)."""

import numpy as np
import pytest

from tradepulse.errors import TradePulseError
from tradepulse.models.base import model_class
from tradepulse.models.ensemble import fit_weights
from tradepulse.models.hyperparameters import Hyperparameters, applies

NETWORK_ONLY = ("epochs", "batch_size", "hidden_layers", "units", "dropout", "patience", "learning_rate")


@pytest.mark.parametrize("model_type", ["LogisticRegression", "RandomForest", "GradientBoosting"])
def test_network_settings_do_not_apply_to_scikit_learn_types(model_type):
    assert not any(applies(name, model_type) for name in NETWORK_ONLY)
    assert applies("seed", model_type) and applies("class_weight", model_type)


@pytest.mark.parametrize("model_type", ["ADM", "CIPO", "BICIPO", "ChartCNN"])
def test_tree_settings_do_not_apply_to_networks(model_type):
    assert not any(applies(name, model_type) for name in ("trees", "max_depth", "min_samples_leaf", "iterations",
                                                           "max_leaf_nodes", "boosting_learning_rate", "c"))
    assert all(applies(name, model_type) for name in NETWORK_ONLY)


def test_an_ensemble_reads_the_settings_of_its_members_only():
    forest_and_cipo = Hyperparameters(ensemble_members=("CIPO", "RandomForest"), ensemble_weights=(1, 1))
    kept = set(forest_and_cipo.applied("Ensemble"))
    assert {"trees", "epochs", "ensemble_members", "ensemble_weights"} <= kept
    assert not {"lookback", "mc_samples", "iterations", "image_size"} & kept
    assert {"lookback", "mc_samples", "recurrent_cell"} <= set(Hyperparameters().applied("Ensemble"))


def test_an_old_record_without_members_means_adm_cipo_and_bicipo():
    old = {"epochs": 3, "ensemble_weights": [0.3, 0.3, 0.4], "fit_ensemble_weights": False}
    hp = Hyperparameters.from_dict(old)
    assert hp.ensemble_members == ("ADM", "CIPO", "BICIPO") and hp.ensemble_weights == (0.3, 0.3, 0.4)
    assert Hyperparameters.from_dict(hp.to_dict()) == hp
    assert [m.name for m in model_class("Ensemble")(hp).member_types] == ["ADM", "CIPO", "BICIPO"]


@pytest.mark.parametrize("changes, message", [
    ({"ensemble_members": ("CIPO", "RandomForest"), "ensemble_weights": (1, 1, 1)}, "ensemble_weights"),
    ({"ensemble_members": ("CIPO", "Ensemble"), "ensemble_weights": (1, 1)}, "ensemble_members"),
    ({"ensemble_members": ("CIPO", "CIPO"), "ensemble_weights": (1, 1)}, "ensemble_members"),
    ({"ensemble_members": (), "ensemble_weights": ()}, "ensemble_members"),
    ({"class_weight": "heavy"}, "class_weight"), ({"trees": 0}, "trees"), ({"image_size": 8}, "image_size"),
    ({"max_leaf_nodes": 1}, "max_leaf_nodes"), ({"c": 0.0}, "c"), ({"iterations": 2.5}, "iterations"),
])
def test_bad_settings_are_refused_with_their_name(changes, message):
    with pytest.raises(TradePulseError, match=message):
        Hyperparameters(**changes)


def test_fitted_weights_of_four_members_favour_the_one_that_knows():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    knows = np.eye(2)[y] * 0.9 + 0.05
    guesses = [np.full((200, 2), 0.5) for _ in range(3)]
    weights = fit_weights([guesses[0], knows, guesses[1], guesses[2]], y, 2)
    assert len(weights) == 4 and sum(weights) == pytest.approx(1) and max(weights) == weights[1] == 1.0

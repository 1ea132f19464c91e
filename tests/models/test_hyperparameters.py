import pytest

from tradepulse.errors import TradePulseError
from tradepulse.models.base import DESCRIPTIONS, model_class
from tradepulse.models.hyperparameters import Hyperparameters


@pytest.mark.parametrize("hidden_layers", [1, 10])
def test_hidden_layers_accepts_one_to_ten(hidden_layers):
    assert Hyperparameters(hidden_layers=hidden_layers).hidden_layers == hidden_layers


@pytest.mark.parametrize("changes", [
    {"hidden_layers": 0}, {"hidden_layers": 11}, {"epochs": 0}, {"learning_rate": 0.0}, {"batch_size": 2.5},
    {"dropout": 0.95}, {"lookback": 1}, {"recurrent_cell": "rnn"}, {"ensemble_weights": (0, 0, 0)},
    {"ensemble_weights": (0.5, 0.5)}, {"epochs": True},
])
def test_out_of_range_values_are_refused_with_the_name(changes):
    with pytest.raises(TradePulseError, match=next(iter(changes))):
        Hyperparameters(**changes)


def test_round_trip_through_a_record_ignores_unknown_keys():
    original = Hyperparameters(epochs=7, ensemble_weights=(1, 2, 3))
    data = {**original.to_dict(), "from_a_newer_version": 1}
    assert Hyperparameters.from_dict(data) == original


def test_every_model_type_is_registered_and_described():
    assert set(DESCRIPTIONS) == {"ADM", "CIPO", "BICIPO", "ChartCNN", "LogisticRegression", "RandomForest",
                                 "GradientBoosting", "Ensemble"}
    for name in DESCRIPTIONS:
        assert model_class(name).__name__ == name
    with pytest.raises(TradePulseError, match="unknown model type"):
        model_class("GPT")

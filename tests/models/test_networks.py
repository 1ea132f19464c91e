"""Network shapes and the model wrappers' contract, on tiny arrays."""

import keras
import numpy as np
import pytest

from tradepulse.models import keras_base
from tradepulse.models.base import model_class
from tradepulse.models.hyperparameters import Hyperparameters


def _layers(network, kind):
    return [layer for layer in network.layers if isinstance(layer, kind)]


@pytest.mark.parametrize("depth", [1, 3, 10])
def test_hidden_layers_sets_the_depth_of_each_network(depth):
    hp = Hyperparameters(hidden_layers=depth, units=4, lookback=3)
    cipo = model_class("CIPO")(hp).build_network((5,), 2)
    bicipo = model_class("BICIPO")(hp).build_network((5,), 2)
    adm = model_class("ADM")(hp).build_network((3, 5), 2)
    assert len(_layers(cipo, keras.layers.Dense)) == depth + 1  # + the softmax output
    assert len(_layers(bicipo, keras.layers.Dropout)) == depth
    assert len(_layers(adm, keras.layers.LSTM)) == depth


def test_adm_can_use_gru_cells():
    adm = model_class("ADM")(Hyperparameters(hidden_layers=2, recurrent_cell="gru")).build_network((4, 3), 3)
    assert len(_layers(adm, keras.layers.GRU)) == 2 and not _layers(adm, keras.layers.LSTM)


def test_adm_windows_stay_within_a_ticker_and_skip_rows_without_history():
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    groups = np.array([0, 0, 0, 0, 1, 1, 1, 0, 1, 1])
    usable = np.ones(10, dtype=bool)
    usable[0] = False
    windows, rows = model_class("ADM")(Hyperparameters(lookback=3)).inputs(X, groups, usable)
    # Group 0 usable rows: 1, 2, 3, 7; group 1: 4, 5, 6, 8, 9.
    assert rows.tolist() == [3, 7, 6, 8, 9]
    assert windows[1, :, 0].tolist() == [X[2, 0], X[3, 0], X[7, 0]]  # row 7's window: rows 2, 3, 7
    assert windows[2, :, 0].tolist() == [X[4, 0], X[5, 0], X[6, 0]]


def _tiny_problem(n=80, features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, features)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    return X, y, np.zeros(n, dtype=int), np.ones(n, dtype=bool)


@pytest.mark.parametrize("name", ["CIPO", "BICIPO", "ADM"])
def test_predictions_cover_every_row_and_sum_to_one(name):
    X, y, groups, usable = _tiny_problem()
    hp = Hyperparameters(epochs=1, units=4, lookback=4, mc_samples=3)
    model = model_class(name)(hp).fit(X, y, groups, usable, np.arange(50), np.arange(50, 65), 2)
    proba, uncertainty = model.predict_distribution(X, groups, usable)
    scored = ~np.isnan(proba).any(axis=1)
    assert proba.shape == (80, 2)
    assert scored.sum() == (80 - 3 if name == "ADM" else 80)  # ADM: first lookback-1 rows have no window
    np.testing.assert_allclose(proba[scored].sum(axis=1), 1, atol=1e-5)
    assert (uncertainty is not None) == (name == "BICIPO")


class _Counted:
    """A network stand-in that records how many rows each forward pass gets."""

    def __init__(self, network):
        self.network, self.layers, self.passes = network, network.layers, []

    def __call__(self, inputs, training):
        self.passes.append(len(inputs))
        return self.network(inputs, training=training)


def test_forward_passes_grow_for_narrow_networks_and_give_the_same_rows(monkeypatch):
    X, y, groups, usable = _tiny_problem()
    model = model_class("CIPO")(Hyperparameters(epochs=1, units=4)).fit(X, y, groups, usable, np.arange(50),
                                                                         np.arange(50, 65), 2)
    whole = model.forward(X)
    monkeypatch.setattr(model, "network_", _Counted(model.network_))
    monkeypatch.setattr(keras_base, "PREDICT_CHUNK", 7)
    monkeypatch.setattr(keras_base, "PREDICT_VALUES", 4 * 20)  # the widest layer holds 4 values a row
    np.testing.assert_allclose(model.forward(X), whole, rtol=0, atol=1e-6)
    assert model.network_.passes == [20, 20, 20, 20]  # 20 rows a pass, not PREDICT_CHUNK's 7


def test_bicipo_spreads_its_passes_and_repeats_itself():
    X, y, groups, usable = _tiny_problem()
    hp = Hyperparameters(epochs=1, units=8, dropout=0.5, mc_samples=10)
    model = model_class("BICIPO")(hp).fit(X, y, groups, usable, np.arange(50), np.arange(50, 65), 2)
    first, spread = model.predict_distribution(X, groups, usable)
    again, _ = model.predict_distribution(X, groups, usable)
    assert (spread > 0).all()
    np.testing.assert_array_equal(first, again)


def test_ensemble_fitted_weights_lie_on_the_simplex_and_blend_members():
    X, y, groups, usable = _tiny_problem(n=90)
    hp = Hyperparameters(epochs=1, units=4, lookback=3, mc_samples=3, fit_ensemble_weights=True)
    model = model_class("Ensemble")(hp).fit(X, y, groups, usable, np.arange(60), np.arange(60, 75), 2)
    assert len(model.weights_) == 3 and min(model.weights_) >= 0 and sum(model.weights_) == pytest.approx(1)
    members = [m.predict_proba(X, groups, usable) for m in model.members_]
    expected = sum(w * p for w, p in zip(model.weights_, members))
    np.testing.assert_allclose(model.predict_proba(X, groups, usable), expected, rtol=1e-5)

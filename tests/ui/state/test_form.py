"""The hyperparameter form refuses values outside the engine's bounds."""

import pytest

from tradepulse.models.hyperparameters import BOUNDS


@pytest.mark.parametrize("value", [0, 11, -1])
def test_hidden_layers_out_of_range_cannot_be_set(state, value):
    before = state.form.hidden_layers
    with pytest.raises(ValueError, match="hidden_layers"):
        state.form.hidden_layers = value
    assert state.form.hidden_layers == before


@pytest.mark.parametrize("value", BOUNDS["hidden_layers"])
def test_hidden_layers_at_the_bounds_reach_the_engine(state, value):
    state.form.hidden_layers = value
    assert state.form.to_hyperparameters().hidden_layers == value

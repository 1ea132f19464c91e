"""The hyperparameter form refuses values outside the engine's bounds and offers only the settings that apply."""

import pytest

from tradepulse.models.hyperparameters import BOUNDS
from tradepulse.ui.state.form import ADVANCED, advanced_for


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


@pytest.mark.parametrize("model_type, only", [
    ("CIPO", set()), ("ADM", {"lookback", "recurrent_cell"}), ("BICIPO", {"mc_samples"}),
    ("Ensemble", {"lookback", "recurrent_cell", "mc_samples", "weight_adm", "weight_cipo", "weight_bicipo",
                  "fit_ensemble_weights"})])
def test_advanced_shows_only_the_settings_the_model_type_uses(model_type, only):
    common = {"units", "dropout", "early_stopping", "patience", "seed"}
    assert set(advanced_for(model_type)) == common | only
    assert list(advanced_for(model_type)) == [name for name in ADVANCED if name in common | only]  # form order

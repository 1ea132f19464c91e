"""The Tune tab's state without a browser: the space follows the model type, and a study that cannot start
says why in the status line instead of starting."""

from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.tuning import IDLE, TuningState

from ..ui.helpers import market_csv


def test_the_search_space_follows_the_model_type_and_bad_settings_are_refused(store, feature_table):
    data = DataState()
    state = TuningState(store, data)
    state.start = True
    assert state.status == IDLE and state.message == "Cannot tune: No data loaded"

    data.add_files({"table.csv": feature_table.to_csv(index=False).encode()})
    state.metric = "sharpe"
    state.start = True
    assert state.status == IDLE and state.message.startswith("sharpe needs market data")

    assert "lookback" not in state.specs
    state.model_type = "ADM"
    assert state.specs["lookback"] == "5:60" and state.specs["recurrent_cell"] == "lstm,gru"
    data.add_files({"bars.csv": market_csv()})
    state.set_spec("hidden_layers", "0:12")
    state.start = True
    assert state.status == IDLE and state.message == "hidden_layers: hidden_layers must be between 1 and 10, got 0"
    state.resume = True  # no study named yet
    assert state.status == IDLE and state.message == "Name the study to resume"
    assert not (store.root / "studies").exists()  # nothing was written

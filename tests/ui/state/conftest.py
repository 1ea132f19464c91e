"""A session's state on its own data folder, without Panel or a browser."""

import pytest

from tradepulse.storage import RecordStore
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import call_now

from ..helpers import market_csv
from .helpers import TINY


@pytest.fixture
def store(tmp_path):
    return RecordStore(tmp_path / "data")


@pytest.fixture
def state(store):
    return ModelsPanelState(store, call_now)


@pytest.fixture
def loaded(state):
    """The state with a small market file loaded and the tiny hyperparameters set."""
    state.data.add_files({"bars.csv": market_csv()})
    assert state.data.ready, state.data.status
    state.form.param.update(**TINY)
    return state

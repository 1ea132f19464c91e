"""Why Train is off, in words beside the button: no data, nothing selected, no target, a training running."""

import pandas as pd

from ...data.shapes import csv_bytes, daily_bars
from ...support import wait_until
from ..helpers import market_csv
from .helpers import run_ended, start_training, train


def test_each_reason_train_is_off_is_said_and_none_once_it_is_on(state):
    assert not state.training.can_train
    assert state.training.why_not_train == "No data yet: upload a file or press Use sample data (sidebar)"

    state.data.add_files({"bars.csv": market_csv()})
    assert state.training.can_train and state.training.why_not_train == ""

    state.data.selected = []
    assert state.training.why_not_train == "No dataset selected: choose one under Datasets to use (sidebar)"

    titanic = pd.DataFrame({"fare": daily_bars()["Close"], "survived": [0, 1] * 80})
    state.data.add_files({"titanic.csv": csv_bytes(titanic)})
    assert state.training.why_not_train == "No target column: choose the target column in the sidebar"


def test_while_a_model_trains_train_says_so_and_a_new_job_starts_without_the_old_outcome(loaded):
    first = train(loaded, "CIPO")
    start_training(loaded, "CIPO", epochs=500, early_stopping=False)
    assert loaded.training.why_not_train == "A training is running: wait for it to end or cancel it"
    assert loaded.training.last_outcome is None and loaded.training.eta is None  # nothing of the first run
    loaded.training.param.trigger("cancel")
    wait_until(lambda: run_ended(loaded), 60, what="the cancel to land")
    assert loaded.training.last_outcome.run_id != first.run_id
    assert loaded.training.readout_line().startswith("Cancelled after ")

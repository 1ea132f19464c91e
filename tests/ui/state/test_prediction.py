"""Predict in the session: it starts on the sidebar's data, its Buy / Hold / Sell rule is adjustable and
travels in the CSV, and data without the run's features is refused in words naming the run."""

import io

import numpy as np
import pandas as pd

from tradepulse.csv_export import safe_csv
from tradepulse.sample_data import synthetic_feature_table

from ...data.shapes import csv_bytes
from ...support import wait_until
from ..helpers import market_csv
from .helpers import train


def predicted(state, dataset: str) -> str:
    state.prediction.dataset = dataset
    state.prediction.param.trigger("predict")
    wait_until(lambda: not state.prediction.running, 30, what="the prediction")
    return state.prediction.message


def test_predict_on_follows_the_data_chosen_in_the_sidebar(state):
    state.data.add_files({"a.csv": market_csv(seed=1)})
    state.data.add_files({"b.csv": market_csv(seed=2)})
    assert state.prediction.dataset == "b.csv"
    state.data.selected = ["a.csv"]
    assert state.prediction.dataset == "a.csv"
    state.prediction.dataset = "b.csv"  # the trader may still pick another
    assert state.prediction.dataset == "b.csv"


def test_the_signal_rule_is_adjustable_written_out_and_carried_by_the_csv(loaded):
    train(loaded, "CIPO")
    assert "scored by run" in predicted(loaded, "bars.csv")
    p_up = loaded.prediction.result.table["p_up"].to_numpy()
    assert loaded.prediction.rule == "Buy when P(up) ≥ 0.55, Sell when P(up) ≤ 0.45, Hold in between " \
                                     "(threshold 0.50 ± band 0.05)"

    loaded.prediction.param.update(threshold=float(np.nanmedian(p_up)), band=0.0)
    shown = loaded.prediction.table()
    scored = shown[shown["status"] == "ok"]
    assert set(scored["signal"]) == {"Buy", "Sell"}  # no Hold band left; half of the bars on each side
    assert (scored.loc[scored["p_up"] >= loaded.prediction.threshold, "signal"] == "Buy").all()
    csv = pd.read_csv(io.StringIO(safe_csv(shown)))
    assert (csv["buy_if_p_up_at_least"] == round(loaded.prediction.threshold, 6)).all()
    assert (csv["sell_if_p_up_at_most"] == round(loaded.prediction.threshold, 6)).all()
    assert csv["signal"].fillna("").tolist() == shown["signal"].tolist()


def test_data_without_the_runs_features_is_refused_naming_the_run_its_data_and_the_columns(loaded):
    market_run = train(loaded, "CIPO").run_id
    loaded.data.add_files({"features.csv": csv_bytes(synthetic_feature_table())})
    message = predicted(loaded, "features.csv")
    assert message.startswith(f"Prediction failed: run {market_run} (CIPO, trained on bars.csv: market data) "
                              "cannot use this data: market data needs columns")
    assert "close" in message

    loaded.data.target = "target"
    table_run = train(loaded, "CIPO").run_id
    message = predicted(loaded, "bars.csv")
    assert message == (f"Prediction failed: run {table_run} (CIPO, trained on features.csv: table data, "
                       "target target) needs the column(s) momentum, value, noise, sector; this data has none "
                       "of them")

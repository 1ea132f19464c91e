import numpy as np
import pandas as pd
import pytest

from tests.conftest import TINY
from tradepulse.errors import TradePulseError
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.predict import IN_SAMPLE, NO_HISTORY, OUT_OF_SAMPLE, predict, signals
from tradepulse.training import TrainingRequest, run_training


def trained(store, model: str, name: str, table):
    """A small run to predict with, judged on one holdout split: how it was judged does not matter here,
    and one fit costs a sixth of walk-forward's."""
    holdout = EvaluationSettings(method="holdout")
    return run_training(TrainingRequest(model, TINY, ((name, table),), evaluation=holdout), store)


def test_signals_hold_inside_the_band():
    p_up = np.array([0.9, 0.56, 0.5, 0.44, 0.1, np.nan])
    assert signals(p_up, 0.05).tolist() == ["Buy", "Buy", "Hold", "Sell", "Sell", ""]


def test_market_prediction_reports_every_row_and_the_rows_without_history(bars, store):
    run = trained(store, "ADM", "bars", bars)
    result = predict(store, bars, model_name="ADM")
    table = result.table
    assert result.run_id == run.run_id and len(table) == len(bars)
    assert {"time", "ticker", "close", "p_up", "predicted", "signal", "status"} <= set(table.columns)
    unscored = table[table["status"] == NO_HISTORY]
    # Per ticker: 20 warm-up bars for the features, then lookback-1 rows before the first full window.
    assert len(unscored) == 2 * (20 + TINY.lookback - 1)
    assert unscored["p_up"].isna().all() and (unscored["signal"] == "").all()
    scored = table[table["status"] == "ok"]
    assert scored["p_up"].between(0, 1).all() and set(scored["signal"]) <= {"Buy", "Hold", "Sell"}
    # The newest bar of each ticker, whose future is unknown, is exactly what a trader wants scored.
    assert (table.groupby("ticker").tail(1)["status"] == "ok").all()
    assert any("too little history" in note for note in result.notes)


def test_bicipo_prediction_carries_uncertainty(bars, store):
    trained(store, "BICIPO", "bars", bars)
    table = predict(store, bars, model_name="BICIPO").table
    uncertainty = table.loc[table["status"] == "ok", "uncertainty"]
    # A row whose few active units all survive every one of TINY's 4 passes has no spread: that is rare.
    assert uncertainty.notna().all() and (uncertainty > 0).mean() > 0.9


def test_feature_table_prediction_gives_class_probabilities(feature_table, store):
    trained(store, "CIPO", "t", feature_table)
    table = predict(store, feature_table.drop(columns=["target"]), model_name="CIPO").table
    np.testing.assert_allclose(table[["p_Buy", "p_Hold", "p_Sell"]].sum(axis=1), 1, atol=1e-5)
    assert set(table["predicted"]) <= {"Buy", "Hold", "Sell"}


def test_a_specific_run_is_used_when_named(bars, store):
    first = trained(store, "CIPO", "bars", bars)
    trained(store, "CIPO", "bars", bars)
    assert predict(store, bars, run_id=first.run_id).run_id == first.run_id


def test_predict_without_a_trained_model_says_so(bars, store):
    with pytest.raises(TradePulseError, match="no trained CIPO model"):
        predict(store, bars, model_name="CIPO")


def test_predict_with_a_run_that_has_no_model_says_so(bars, store):
    cancelled = store.save_new({"model_name": "CIPO", "training_status": "cancelled", "timestamp": "2024-01-01"})
    with pytest.raises(TradePulseError, match="no saved model"):
        predict(store, bars, run_id=cancelled)


def test_bars_the_saved_model_trained_on_are_marked_in_sample(bars, store):
    record = run_training(TrainingRequest("CIPO", TINY, (("bars", bars),)), store).record
    table = predict(store, bars, model_name="CIPO").table
    end = pd.Timestamp(record["evaluation"]["refit"]["train"]["end"])
    assert (table.loc[table["time"] <= end, "sample"] == IN_SAMPLE).all()
    assert (table.loc[table["time"] > end, "sample"] == OUT_OF_SAMPLE).all()
    later = bars.assign(Date=pd.to_datetime(bars["Date"]) + pd.Timedelta(days=3650))
    assert (predict(store, later, model_name="CIPO").table["sample"] == OUT_OF_SAMPLE).all()


def test_a_feature_column_missing_in_every_row_is_filled_as_in_training(feature_table, store):
    trained(store, "CIPO", "t", feature_table)
    new_rows = feature_table.drop(columns=["target"]).assign(momentum=np.nan)
    result = predict(store, new_rows, model_name="CIPO")
    assert (result.table["status"] == "ok").all() and result.table["predicted"].isin(["Buy", "Hold", "Sell"]).all()
    assert any("momentum are missing in every row" in note for note in result.notes)
    assert len(predict(store, new_rows.drop(columns=["sector"]), model_name="CIPO").table) == len(new_rows)

"""Train here, then in a fresh process list the runs and predict with the saved model, without retraining."""

import numpy as np
import pandas as pd

from tradepulse.predict import NO_HISTORY, predict
from tradepulse.training import Status, TrainingRequest, run_training

from .conftest import SMALL, run_cli, tree


def test_a_fresh_process_lists_the_run_and_predicts_with_its_saved_model(store, small_bars, tmp_path):
    outcome = run_training(TrainingRequest("CIPO", SMALL, (("bars.csv", small_bars),)), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    new_bars = small_bars.iloc[-60:].reset_index(drop=True)  # the latest bars, as a trader would pass them
    data, output = tmp_path / "new_bars.csv", tmp_path / "predictions.csv"
    new_bars.to_csv(data, index=False)
    here = predict(store, new_bars, run_id=outcome.run_id).table

    listed = run_cli("records", "list", "--data-dir", store.root)
    assert listed.returncode == 0, listed.stderr
    assert [row.split()[:2] for row in listed.stdout.splitlines()[1:]] == [[outcome.run_id, "completed"]]
    before = tree(store.root)  # `records list` may build the query index (.index/); predict must write nothing

    result = run_cli("predict", "--model", "CIPO", "--data", data, "--output", output, "--data-dir", store.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"60 rows predicted with run {outcome.run_id} -> {output}"
    assert tree(store.root) == before  # nothing trained, written or touched in the data folder

    table = pd.read_csv(output, keep_default_na=False)
    assert list(table.columns) == ["time", "ticker", "close", "p_up", "predicted", "signal", "status", "sample"]
    assert len(table) == 60 and table["ticker"].eq("AAA").all()
    assert pd.to_datetime(table["time"]).is_monotonic_increasing
    np.testing.assert_allclose(table["close"], new_bars["Close"])
    warm_up = table["status"] == NO_HISTORY  # the first 20 bars have no full feature windows
    assert warm_up.sum() == 20 and warm_up.iloc[:20].all()
    scored = table[~warm_up]
    assert (scored["status"] == "ok").all()
    p_up = scored["p_up"].astype(float)
    assert p_up.between(0, 1).all()
    np.testing.assert_allclose(p_up, here.loc[~warm_up.to_numpy(), "p_up"], rtol=1e-5)  # the same model
    assert set(scored["predicted"]) <= {"up", "down"}
    assert ((scored["predicted"] == "up") == (p_up >= 0.5)).all()
    assert set(scored["signal"]) <= {"Buy", "Sell", "Hold"}
    assert (table.loc[warm_up, ["p_up", "predicted", "signal"]] == "").all().all()

"""Records of schema 1, as the previous release wrote them, still list, show and predict, and are never
rewritten behind the user's back."""

import json

import pytest

from tests.conftest import TINY
from tradepulse.cli import main
from tradepulse.predict import predict
from tradepulse.storage import RecordStore
from tradepulse.training import TrainingRequest, run_training

V1_TRADING = {"strategy_return_pct": 1.25, "buy_hold_return_pct": -3.5, "max_drawdown_pct": -2.0,
              "exposure_pct": 40.0, "sharpe_per_bar": 0.05, "bars": 30}


@pytest.fixture
def v1_run(tmp_path, bars):
    """A real run whose record file is turned back into schema 1's shape."""
    store = RecordStore(tmp_path / "records")
    run_id = run_training(TrainingRequest("CIPO", TINY, (("bars.csv", bars),)), store).run_id
    path = store.path_of(run_id)
    record = json.loads(path.read_text())
    del record["evaluation"]
    record.update(schema_version=1, trading_metrics=V1_TRADING,
                  history=[{k: v for k, v in h.items() if k != "stage"} for h in record["history"]])
    path.write_text(json.dumps(record))
    return store, run_id, path


def test_a_schema_1_record_reads_in_the_new_shape(v1_run):
    store, run_id, path = v1_run
    before = path.read_bytes()
    [listed] = store.list().records
    assert listed["run_id"] == run_id and listed["schema_version"] == 2
    trading = store.load(run_id)["trading_metrics"]
    assert trading["strategy"] == {"total_return_pct": 1.25, "exposure_pct": 40.0, "max_drawdown_pct_v1": -2.0,
                                   "sharpe_per_bar": 0.05}
    assert trading["buy_and_hold"] == {"total_return_pct": -3.5}
    assert trading["settings"]["definitions"] == 1 and trading["settings"]["cost_bps"] == 0.0
    assert store.load(run_id)["evaluation"]["method"] == "holdout"
    assert path.read_bytes() == before  # read, never rewritten


def test_a_schema_1_record_shows_lists_and_predicts(v1_run, bars, capsys):
    store, run_id, path = v1_run
    assert main(["records", "list", "--data-dir", str(store.root)]) == 0
    assert run_id in capsys.readouterr().out
    assert main(["records", "show", run_id, "--data-dir", str(store.root)]) == 0
    assert json.loads(capsys.readouterr().out)["trading_metrics"]["buy_and_hold"]["total_return_pct"] == -3.5
    result = predict(store, bars, run_id=run_id)
    assert result.run_id == run_id and "sample" not in result.table  # schema 1 did not record its windows
    assert (result.table["status"] == "ok").sum() > 100

"""Four browser sessions (their state objects, no browser) train at the same time in one data folder."""

import pytest

from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.training import IDLE, TRAINING

from ..support import wait_until

# Each job differs from the others in model type or in every number a snapshot or record shows.
JOBS = [
    ("CIPO", dict(epochs=1, units=4, learning_rate=0.01, batch_size=16)),
    ("BICIPO", dict(epochs=2, units=6, learning_rate=0.005, batch_size=32, mc_samples=3)),
    ("ADM", dict(epochs=3, units=5, learning_rate=0.002, batch_size=24, lookback=4)),
    ("CIPO", dict(epochs=4, units=7, learning_rate=0.001, batch_size=48)),  # same type as the first, same second
]


def _session(store, bars, index, model, settings):
    state = ModelsPanelState(store)
    state.data.add_files({f"bars_{index}.csv": bars.to_csv(index=False).encode()})
    assert state.data.ready, state.data.status
    state.training.model_type = model
    state.form.param.update(early_stopping=False, hidden_layers=1, **settings)
    state.training.evaluation.folds = 2  # walk-forward: two folds and the refit, three fits per run
    snapshots = []
    state.training.param.watch(lambda event: snapshots.append(event.new), "progress")
    return state, snapshots


@pytest.mark.timeout(240)
def test_four_sessions_train_at_once_and_keep_to_their_own_runs(store, small_bars):
    sessions = [_session(store, small_bars, i, model, settings) for i, (model, settings) in enumerate(JOBS)]
    for state, _ in sessions:
        state.training.param.trigger("train")  # returns at once: the job runs in the session's thread
    assert all(state.training.status == TRAINING for state, _ in sessions)
    wait_until(lambda: all(s.training.status not in (IDLE, TRAINING) for s, _ in sessions), timeout=200,
               what="four trainings to end")

    listing = store.list()
    assert len(listing.records) == 4 and listing.skipped == []
    run_ids = set()
    for index, ((state, snapshots), (model, settings)) in enumerate(zip(sessions, JOBS)):
        outcome = state.training.last_outcome
        assert state.training.status == "completed", state.training.message
        run_ids.add(outcome.run_id)
        record = store.load(outcome.run_id)
        assert record["model_name"] == model
        assert record["training_status"] == "completed"
        assert {k: record["hyperparameters"][k] for k in settings} == settings
        assert record["dataset_info"]["dataset_names"] == [f"bars_{index}.csv"]
        assert [(h["member"], h["epoch"]) for h in record["history"]] == [
            (model, e) for _fit in range(3) for e in range(1, settings["epochs"] + 1)]
        assert all(record["performance_metrics"][m] is not None for m in ("accuracy", "f1_score"))
        assert record == outcome.record | {"schema_version": record["schema_version"]}

        # What this session's page showed: only its own model, epoch count and history.
        assert snapshots, "no progress reached the session"
        assert {s.member for s in snapshots} <= {"", model}
        assert {s.epochs for s in snapshots} <= {0, settings["epochs"]}
        assert all(s.epoch <= settings["epochs"] for s in snapshots)
        assert all(h.member == model for s in snapshots for h in s.history)
        assert snapshots[-1].phase.value == "done"
    assert len(run_ids) == 4
    # Two CIPO runs started in the same second get distinct ids, and each id is its own file.
    assert run_ids == {r["run_id"] for r in listing.records}

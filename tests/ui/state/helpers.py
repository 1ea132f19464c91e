"""Training and record builders shared by the state tests."""

from datetime import datetime, timedelta

from ...support import wait_until

# Tiny on purpose: each training takes a second or two. hidden_layers and units differ from the defaults
# so that a record carrying the defaults instead of the form's values fails the checks.
TINY = dict(epochs=2, units=8, batch_size=64, lookback=5, hidden_layers=1)
FINISHED = ("completed", "cancelled", "failed")
T0 = datetime(2024, 5, 6, 9, 0, 0)


def run_ended(state) -> bool:
    """The job is over and every follow-up has run. With call_now the follow-ups run in the worker thread
    after status changes (the runs table reloads last), so status alone does not mean done."""
    outcome = state.training.last_outcome
    if state.training.status not in FINISHED or outcome is None:
        return False
    table = state.runs.table
    return bool(((table["run_id"] == outcome.run_id) & (table["status"] == outcome.status.value)).any())


def start_training(state, model_type: str = "CIPO", **hyper) -> None:
    # The history is read before the job: read first by run_ended, it could list the run before the job's
    # follow-ups ran, and its table is then filled only by the reload that ends them.
    assert state.runs.table is not None
    state.training.model_type = model_type
    state.form.param.update(**{**TINY, **hyper})
    state.training.param.trigger("train")
    assert state.training.status == "training", state.training.message


def train(state, model_type: str = "CIPO", timeout: float = 60, **hyper):
    """Train to the end and return the TrainingOutcome."""
    start_training(state, model_type, **hyper)
    wait_until(lambda: run_ended(state), timeout,
               what=lambda: f"{model_type} training to end ({state.training.message})")
    return state.training.last_outcome


def save_run(store, model: str, minute: int, status: str = "completed", accuracy: float | None = 50.0) -> str:
    """A record as training writes one, saved at T0 + minute so that order never depends on the clock."""
    metrics = dict.fromkeys(("accuracy", "precision", "recall", "f1_score"), accuracy)
    record = {"model_name": model, "training_status": status, "performance_metrics": metrics,
              "baseline_metrics": {"f1_score": 10.0} if accuracy is not None else None,
              "hyperparameters": dict(TINY), "dataset_info": {"dataset_names": ["bars.csv"]}}
    run_id = store.save_new(record, when=T0 + timedelta(minutes=minute))
    if status == "completed":  # only a completed run leaves a saved model
        with store.open_model_dir(run_id) as folder:
            (folder / "model.keras").write_text(run_id)
    return run_id

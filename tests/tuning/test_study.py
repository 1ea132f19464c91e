"""Studies in this process: real small trials, the journal in the data folder, the best trial trained into a
run that Predict uses, pruning, cancel and resume, and the refusals."""

import threading
import time
from dataclasses import replace

import optuna
import pytest
from optuna.trial import TrialState

from tradepulse.errors import TradePulseError
from tradepulse.predict import predict
from tradepulse.storage import RecordStore
from tradepulse.tuning.events import TrialProgress, TrialStarted
from tradepulse.tuning.executors import InProcess
from tradepulse.tuning.pruning import STARTUP_TRIALS, step
from tradepulse.tuning.space import SearchSpace
from tradepulse.tuning.storage import SETTINGS
from tradepulse.tuning.study import counted, open_study, run_study, train_best

from .conftest import SPECS, Recorder, market_request, run_small_study


def test_a_sequential_study_fills_its_journal_and_its_best_trial_becomes_a_run_predict_uses(studies, bars):
    request = market_request(bars)
    study, events, ended = run_small_study(studies, request, InProcess(), trials=3)
    assert ended and studies.path("s").is_file()
    finished = events.finished()
    assert [e.number for e in finished] == [0, 1, 2]
    assert all(e.state in ("complete", "pruned") for e in finished), finished
    assert any(isinstance(e, TrialProgress) and "Fold 2/2" in e.text for e in events.events)
    reread = studies.load("s")  # what is on disk, in a fresh storage
    assert [t.state for t in reread.trials].count(TrialState.COMPLETE) >= 1
    assert all(t.intermediate_values for t in reread.trials)  # per-epoch −val_loss, reported as the steps
    best = reread.best_trial
    assert finished[-1].best_value == best.value and finished[-1].best_number == best.number

    records = RecordStore(studies.folder.parent)
    outcome = train_best(reread, records, request)
    record = records.load(outcome.run_id)
    assert record["training_status"] == "completed" and (record["study"], record["trial"]) == ("s", best.number)
    assert record["hyperparameters"]["hidden_layers"] == best.params["hidden_layers"]
    assert record["hyperparameters"]["epochs"] == 2 and record["evaluation"]["method"] == "walk-forward"
    assert (records.root / record["model_path"] / "model.keras").is_file()
    assert studies.summary("s").best_run["run_id"] == outcome.run_id
    signals = predict(records, bars, run_id=outcome.run_id)
    assert signals.run_id == outcome.run_id and len(signals.table) > 0


def test_pruning_stops_a_trial_that_trails_the_median_early(studies, bars):
    request = market_request(bars, method="holdout")
    specs = {**SPECS, "epochs": "12", "early_stopping": "false"}
    space = SearchSpace.build("CIPO", specs, request.hyperparameters)
    study = open_study(studies, "p", request, space, "f1", True, False)
    great = {step(0, epoch): -0.01 for epoch in range(1, 13)}  # validation losses no real trial reaches
    for _ in range(STARTUP_TRIALS):
        study.add_trial(optuna.trial.create_trial(state=TrialState.COMPLETE, value=90.0, intermediate_values=great))
    events = Recorder()
    with InProcess() as executor:
        executor.start(request)
        run_study(study, request, space, executor, STARTUP_TRIALS + 1, None, threading.Event(), events)
    [pruned] = events.finished()
    assert pruned.state == "pruned", pruned
    trial = studies.load("p").trials[-1]
    assert trial.state is TrialState.PRUNED and max(trial.intermediate_values) < 12  # stopped before its cap


def test_cancel_stops_the_running_trial_within_a_second_and_queues_it_again(studies, bars):
    request = market_request(bars, method="holdout")
    space = SearchSpace.build("CIPO", {**SPECS, "epochs": "1000", "early_stopping": "false"},
                              request.hyperparameters)
    study = open_study(studies, "c", request, space, "f1", True, False)
    cancel, events, ended = threading.Event(), Recorder(), []
    executor = InProcess()
    executor.start(request, on_progress=events)

    def work():
        ended.append(run_study(study, request, space, executor, 3, None, cancel, events))

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 60
    # From the second epoch on: the first one builds the graph, which no callback can interrupt.
    while not any(isinstance(e, TrialProgress) and "epoch 2/" in e.text for e in events.events):
        assert time.monotonic() < deadline, events.events
        time.sleep(0.05)
    cancelled_at = time.monotonic()
    cancel.set()
    thread.join(10)
    took = time.monotonic() - cancelled_at
    executor.close()
    assert ended == [False] and took < 1.5, took
    [started] = events.of(TrialStarted)  # no queued trial started after the cancel
    reread = studies.load("c")
    assert counted(reread) == 0  # the stopped trial does not use up the budget...
    assert studies.summary("c").counts == {"requeued": 1, "waiting": 1}
    again = reread.ask()  # ...and is the first handed out on resume
    assert space.suggest(again) == started.params


def test_resuming_reseeds_the_sampler_so_no_parameter_set_repeats(studies, bars):
    request = market_request(bars, method="holdout")
    run_small_study(studies, request, InProcess(), trials=2, name="r")
    study, events, _ = run_small_study(studies, request, InProcess(), trials=4, name="r", resume=True)
    assert [e.number for e in events.finished()] == [2, 3]  # only the missing two ran
    params = [tuple(sorted(t.params.items())) for t in studies.load("r").trials]
    assert len(params) == 4 and len(set(params)) == 4


def test_resume_refuses_another_model_or_metric_and_a_new_study_refuses_an_existing_name(studies, bars):
    request = market_request(bars, method="holdout")
    space = SearchSpace.build("CIPO", SPECS, request.hyperparameters)
    open_study(studies, "x", request, space, "f1", True, False)
    with pytest.raises(TradePulseError, match="study 'x' exists"):
        open_study(studies, "x", request, space, "f1", True, False)
    with pytest.raises(TradePulseError, match="keeps its metric: .f1., not .sharpe."):
        open_study(studies, "x", request, space, "sharpe", True, True)
    with pytest.raises(TradePulseError, match="no study named 'y'"):
        open_study(studies, "y", request, space, "f1", True, True)
    with pytest.raises(TradePulseError, match="invalid study name"):
        studies.path("../escape")


def test_resume_refuses_other_data_or_validation_and_takes_the_same_data_again(studies, bars):
    request = market_request(bars, method="holdout")
    space = SearchSpace.build("CIPO", SPECS, request.hyperparameters)
    open_study(studies, "x", request, space, "f1", True, False)
    changed = bars.copy()
    changed.loc[changed.index[-1], "Close"] *= 1.01  # one price of one bar
    other_data = r"study 'x' was judged on other data \(bars.csv as they were then\)"
    with pytest.raises(TradePulseError, match=other_data):
        open_study(studies, "x", replace(request, datasets=(("bars.csv", changed),)), space, "f1", True, True)
    with pytest.raises(TradePulseError, match="study 'x' was judged on other data"):
        open_study(studies, "x", replace(request, datasets=(("other.csv", bars),)), space, "f1", True, True)
    with pytest.raises(TradePulseError, match="keeps its evaluation"):
        open_study(studies, "x", market_request(bars, method="walk-forward"), space, "f1", True, True)
    same = market_request(bars.copy(), method="holdout")  # the same files read again
    assert open_study(studies, "x", same, space, "f1", True, True).study_name == "x"


def test_a_study_saved_before_its_data_was_kept_still_resumes(studies, bars):
    request = market_request(bars, method="holdout")
    space = SearchSpace.build("CIPO", SPECS, request.hyperparameters)
    study = open_study(studies, "old", request, space, "f1", True, False)
    settings = study.user_attrs[SETTINGS]
    del settings["data"]
    study.set_user_attr(SETTINGS, settings)
    assert open_study(studies, "old", request, space, "f1", True, True).study_name == "old"

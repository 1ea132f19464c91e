"""A study's life: open it (new or resumed), hand trials to an executor within the budget, write each
result into the journal as it comes back, and train the best trial into a normal run.

Optuna samples in this process (TPE, with a constant liar for trials still running), so one sampler
serves every worker and no two workers draw from the same seed; resuming reseeds it by the trials done.
"""

import hashlib
import os
import socket
import time
from dataclasses import replace
from typing import Callable

import optuna
import pandas as pd
from optuna.trial import TrialState

from tradepulse.errors import TradePulseError
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.training.record import INTERRUPTED, shown_status
from tradepulse.tuning.events import TrialFinished, TrialStarted
from tradepulse.tuning.objective import CANCELLED, COMPLETE, FAILED, PRUNED, TrialResult, TrialTask
from tradepulse.tuning.space import SearchSpace
from tradepulse.tuning.storage import BEST_RUN, REQUEUED, SETTINGS, StudyStore

WAIT_SECONDS = 0.2  # cancel and the time limit are looked at least this often while trials run
OWNER = "owner"  # the process running the study now: {pid, host}
_STATES = {COMPLETE: TrialState.COMPLETE, PRUNED: TrialState.PRUNED}


# What a resumed study must be given again as it started: its trials' values are only comparable then.
KEPT = ("model", "metric", "space", "data", "target", "kind", "prices", "evaluation")


def data_digest(request) -> str:
    """SHA-256 of the data trials are judged on: each file's name, columns and values, in order."""
    digest = hashlib.sha256()
    for name, table in request.datasets:
        digest.update(f"{name}\0{list(map(str, table.columns))}\0".encode())
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def settings_for(request, space: SearchSpace, metric: str, pruning: bool) -> dict:
    return {"model": request.model_name, "metric": metric, "space": space.specs(),
            "base": space.base.to_dict(), "pruning": pruning, "evaluation": request.evaluation.to_dict(),
            "datasets": [name for name, _ in request.datasets], "data": data_digest(request),
            "target": request.target, "kind": request.kind, "prices": request.prices}


def _check_same(name: str, stored: dict, wanted: dict) -> None:
    for key in KEPT:
        if key not in stored:  # a study saved before the key was kept
            continue
        if key == "data" and stored[key] != wanted[key]:
            raise TradePulseError(f"study {name!r} was judged on other data ({', '.join(stored['datasets'])} as "
                                  "they were then): resume it with the same files, or start a new study")
        if stored[key] != wanted[key]:
            raise TradePulseError(f"study {name!r} keeps its {key}: {stored[key]!r}, not {wanted[key]!r}")


def _sampler(seed: int, done: int):
    return optuna.samplers.TPESampler(seed=seed + done, constant_liar=True)


def open_study(store: StudyStore, name: str, request, space: SearchSpace, metric: str, pruning: bool,
               resume: bool) -> optuna.Study:
    """A new study, or (resume) the stored one, checked against the request; trials that a stopped
    process left running are failed and queued again."""
    if not resume:
        return store.create(name, settings_for(request, space, metric, pruning), _sampler(space.base.seed, 0))
    study = store.load(name)
    _check_same(name, study.user_attrs.get(SETTINGS, {}), settings_for(request, space, metric, pruning))
    owner = study.user_attrs.get(OWNER)
    if owner and shown_status({"training_status": "running", "process": owner}) != INTERRUPTED:
        raise TradePulseError(f"study {name!r} is running in process {owner.get('pid')} on {owner.get('host')}")
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        requeue(study, trial.number, trial.params)
    return store.load(name, _sampler(space.base.seed, len(study.trials)))


def stored_space(study: optuna.Study, specs: dict | None = None) -> SearchSpace:
    """The study's search space; `specs` given for a resume must not change it (open_study checks)."""
    settings = study.user_attrs[SETTINGS]
    return SearchSpace.build(settings["model"], {**settings["space"], **(specs or {})},
                             Hyperparameters.from_dict(settings["base"]))


def requeue(study: optuna.Study, number: int, params: dict) -> None:
    """Fail a trial that was stopped (cancel, crash) and queue its parameters to run again first."""
    study.tell(number, state=TrialState.FAIL, skip_if_finished=True)
    study.set_user_attr(REQUEUED, sorted({*study.user_attrs.get(REQUEUED, []), number}))
    study.enqueue_trial(params, skip_if_exists=False)


def counted(study: optuna.Study) -> int:
    """Finished trials that use up the budget (requeued ones run again and count then)."""
    requeued = set(study.user_attrs.get(REQUEUED, []))
    return sum(t.state.is_finished() and t.number not in requeued for t in study.get_trials(deepcopy=False))


def _completed_values(study: optuna.Study) -> tuple:
    return tuple(dict(t.intermediate_values) for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))


def _tell(study: optuna.Study, trial: optuna.Trial, result: TrialResult, pruning: bool) -> None:
    if result.state == CANCELLED:
        requeue(study, trial.number, trial.params)
        return
    for step, value in sorted(result.intermediate.items()) if pruning else ():  # the pruner's history
        trial.report(value, step)
    trial.set_user_attr("metrics", result.metrics)
    trial.set_user_attr("fit_seconds", result.fit_seconds)
    if result.error:
        trial.set_user_attr("error", result.error)
    state = _STATES.get(result.state, TrialState.FAIL)
    study.tell(trial, result.value if state is TrialState.COMPLETE else None, state=state)


def _best(study: optuna.Study) -> tuple[float | None, int | None]:
    try:
        best = study.best_trial
    except ValueError:  # no trial completed yet
        return None, None
    return best.value, best.number


def run_study(study: optuna.Study, request, space: SearchSpace, executor, trials: int | None,
              timeout: float | None, cancel, listener: Callable[[object], None] = lambda event: None) -> bool:
    """Run trials until the study has `trials` counted ones, `timeout` seconds passed (running trials
    finish) or cancel is set (running trials stop within about a second). True if it was not cancelled."""
    if trials is None and timeout is None:
        raise TradePulseError("give a budget: a number of trials, a time limit, or both")
    settings = study.user_attrs[SETTINGS]
    study.set_user_attr(OWNER, {"pid": os.getpid(), "host": socket.gethostname()})
    started, done, running = time.monotonic(), counted(study), {}
    try:
        while True:
            expired = timeout is not None and time.monotonic() - started >= timeout
            while not cancel.is_set() and not expired and len(running) < executor.slots() \
                    and (trials is None or done + len(running) < trials):
                trial = study.ask()
                try:
                    hyperparameters = space.hyperparameters(space.suggest(trial))
                except TradePulseError as exc:  # a combination the model refuses: this trial fails, not the study
                    _tell(study, trial, TrialResult(trial.number, FAILED, error=str(exc)), False)
                    done += 1
                    listener(TrialFinished(trial.number, FAILED, None, dict(trial.params), 0.0, str(exc), *_best(study)))
                    continue
                task = TrialTask(trial.number, hyperparameters.to_dict(), settings["metric"], settings["pruning"],
                                 _completed_values(study))
                running[executor.submit(task)] = (trial, time.monotonic())
                listener(TrialStarted(trial.number, dict(trial.params)))
            if cancel.is_set():
                executor.cancel()
            if not running:
                break
            for handle in executor.wait(list(running), WAIT_SECONDS):
                trial, began = running.pop(handle)
                result = executor.result(handle, trial.number)
                _tell(study, trial, result, settings["pruning"])
                done += result.state != CANCELLED
                listener(TrialFinished(trial.number, result.state, result.value, dict(trial.params),
                                       time.monotonic() - began, result.error, *_best(study)))
    finally:
        for trial, _ in running.values():  # left by an error in this loop: queued again for a resume
            requeue(study, trial.number, trial.params)
        study.set_user_attr(OWNER, None)
    return not cancel.is_set()


def train_best(study: optuna.Study, records, request, on_progress=None, cancel=None):
    """The best trial's settings trained into a normal run (record and model), carrying study and trial."""
    from tradepulse.training import run_training

    value, number = _best(study)
    if number is None:
        raise TradePulseError(f"study {study.study_name!r} has no completed trial to train")
    best = study.trials[number]
    run_request = replace(request, hyperparameters=stored_space(study).hyperparameters(best.params),
                          study=study.study_name, trial=number)
    outcome = run_training(run_request, records, on_progress, cancel)
    if outcome.status.value == "completed":
        study.set_user_attr(BEST_RUN, {"trial": number, "run_id": outcome.run_id, "value": value})
    return outcome

"""Tuning from the GUI: one study at a time per session, run in its own thread, with a live trials table,
the best value so far, the running trials' progress and the parameters' importance."""

import threading
import time
from datetime import datetime
from functools import partial

import pandas as pd
import param

from tradepulse.config import MODEL_TYPES
from tradepulse.data import MARKET
from tradepulse.errors import TradePulseError
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.storage import RecordStore
from tradepulse.training import TrainingRequest
from tradepulse.tuning.metrics import DEFAULT_METRIC, METRICS, check_metric, label
from tradepulse.tuning.events import TrialFinished, TrialProgress
from tradepulse.tuning.space import SearchSpace
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.form import EvaluationForm

IDLE, RUNNING, FINISHED, CANCELLED, FAILED = "idle", "running", "finished", "cancelled", "failed"
HERE, LOCAL, CLUSTER = "This machine, one trial at a time", "Local worker processes", "Dask scheduler address"
IMPORTANCE_AFTER = 4  # completed trials before the parameters' importance means anything
PROGRESS_SECONDS = 0.5  # a running trial's row is refreshed at most this often
TRIAL_COLUMNS = ["trial", "state", "value", "seconds"]


class TuningState(param.Parameterized):
    model_type = param.Selector(default="CIPO", objects=list(MODEL_TYPES), label="Model type")
    metric = param.Selector(default=DEFAULT_METRIC, objects=list(METRICS), label="Objective (maximised)")
    specs = param.Dict(default={}, doc="The search space: a spec per hyperparameter (LOW:HIGH[:log], A,B,C or a value)")
    trials = param.Integer(20, bounds=(1, 10_000), label="Trials")
    timeout = param.Integer(0, bounds=(0, None), label="Time limit (s, 0: none)")
    pruning = param.Boolean(True, label="Prune trials that trail the median (validation loss)")
    where = param.Selector(default=HERE, objects=[HERE, LOCAL, CLUSTER], label="Trials run on")
    workers = param.Integer(2, bounds=(1, 64), label="Worker processes")
    scheduler = param.String("tcp://127.0.0.1:8786", label="Scheduler address")
    study_name = param.String("", label="Study name (blank: a new name)")
    status = param.Selector(default=IDLE, objects=[IDLE, RUNNING, FINISHED, CANCELLED, FAILED])
    message = param.String("Choose the data in the sidebar, a model and a budget, then Start")
    trials_table = param.DataFrame(pd.DataFrame(columns=TRIAL_COLUMNS), doc="Finished trials, newest last")
    best_curve = param.List(default=[], doc="(trial, best value so far) after each finished trial")
    running = param.DataFrame(pd.DataFrame(columns=["trial", "progress", "step"]), doc="Trials running now")
    importances = param.DataFrame(pd.DataFrame(columns=["parameter", "importance"]))
    best_run = param.String("", doc="The run the best trial was trained into")
    start = param.Event(label="Start")
    cancel = param.Event(label="Cancel")
    resume = param.Event(label="Resume")

    def __init__(self, store: RecordStore, data: DataState, dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store, self.data, self._dispatch = store, data, dispatch
        self.evaluation = EvaluationForm()
        self.data.param.watch(lambda event: self.evaluation.offer_classes(event.new), "target_classes")
        self.evaluation.offer_classes(self.data.target_classes)
        self._cancel: threading.Event | None = None
        self._progress: dict[int, tuple] = {}
        self._sent: dict[int, float] = {}
        self._default_specs()

    @param.depends("model_type", watch=True)
    def _default_specs(self):
        self.specs = SearchSpace.build(self.model_type).specs()

    def set_spec(self, name: str, spec: str) -> None:
        self.specs = {**self.specs, name: spec}

    def _request(self) -> TrainingRequest:
        if not self.data.ready:
            raise TradePulseError(f"Cannot tune: {self.data.status}")
        kinds = {d.kind for d in self.data.chosen()}
        check_metric(self.metric, MARKET if kinds == {MARKET} else "table")
        return TrainingRequest(self.model_type, Hyperparameters(), self.data.training_tables(),
                               target=None if kinds == {MARKET} else self.data.target,
                               evaluation=self.evaluation.to_settings(), prices=self.data.prices)

    @param.depends("start", watch=True)
    def _start(self):
        self._launch(resume=False)

    @param.depends("resume", watch=True)
    def _resume(self):
        self._launch(resume=True)

    def _launch(self, resume: bool):
        if self.status == RUNNING:
            return
        try:
            if resume and not self.study_name:
                raise TradePulseError("Name the study to resume")
            request = self._request()
            space = SearchSpace.build(self.model_type, self.specs)
        except TradePulseError as exc:
            self.message = str(exc)
            return
        name = self.study_name or f"{self.model_type}_{datetime.now():%Y%m%d_%H%M%S}"
        self._cancel, self._progress, self._sent = threading.Event(), {}, {}
        self.param.update(study_name=name, status=RUNNING, best_run="", best_curve=[],
                          trials_table=pd.DataFrame(columns=TRIAL_COLUMNS), running=self._running_frame(),
                          importances=pd.DataFrame(columns=["parameter", "importance"]),
                          message=f"{'Resuming' if resume else 'Starting'} study {name}…")
        run_in_background(partial(self._work, request, space, name, resume, self._cancel), self._finished,
                          self._crashed, self._dispatch, name=f"tune-{name}")

    def _work(self, request, space, name, resume, cancel):
        """The study, then its best trial trained into a run (in the background thread)."""
        from tradepulse.tuning.executors import executor_for
        from tradepulse.tuning.storage import StudyStore
        from tradepulse.tuning.study import open_study, run_study, stored_space, train_best

        studies = StudyStore(self.store.root)
        if resume:
            space = stored_space(studies.load(name))
        workers = self.workers if self.where == LOCAL else None
        with executor_for(workers, self.scheduler.strip() if self.where == CLUSTER else None) as executor:
            executor.start(request, on_progress=self._on_event)  # first: a dead address leaves no study
            study = open_study(studies, name, request, space, self.metric, self.pruning, resume)
            listener = partial(self._on_study_event, study)
            ended = run_study(study, request, space, executor, self.trials, self.timeout or None, cancel, listener)
        if not ended:
            return CANCELLED, f"Cancelled: study {name} is kept; press Resume to go on", ""
        outcome = train_best(study, self.store, request, cancel=cancel)
        if outcome.status.value != "completed":
            return FAILED, f"Training the best trial ended {outcome.status.value}: {outcome.error or ''}", ""
        return (FINISHED, f"Study {name} finished: best trial {outcome.record['trial']} trained into run "
                f"{outcome.run_id}", outcome.run_id)

    def _on_event(self, event):
        if isinstance(event, TrialProgress):  # throttled: per-batch snapshots would flood the page
            now = time.monotonic()
            if now - self._sent.get(event.number, 0.0) < PROGRESS_SECONDS:
                return
            self._sent[event.number] = now
        self._dispatch(partial(self._show, event))

    def _on_study_event(self, study, event):
        importances = None
        if isinstance(event, TrialFinished) and sum(t.state.name == "COMPLETE" for t in study.trials) \
                >= IMPORTANCE_AFTER:
            importances = _importances(study)
        self._dispatch(partial(self._show, event, importances))

    def _show(self, event, importances=None):
        if self.status != RUNNING:
            return
        if isinstance(event, TrialProgress):
            self._progress[event.number] = (f"{100 * event.fraction:.0f}%", event.text)
        elif isinstance(event, TrialFinished):
            self._progress.pop(event.number, None)
            row = {"trial": event.number, "state": event.state, "value": event.value,
                   "seconds": round(event.seconds, 1), **event.params}
            # object columns: a whole-number setting stays 4, not 4.0, beside trials that lack it
            self.trials_table = pd.concat([self.trials_table, pd.DataFrame([row], dtype=object)], ignore_index=True)
            if event.best_value is not None:
                self.best_curve = self.best_curve + [(event.number, event.best_value)]
            if importances is not None:
                self.importances = importances
        else:  # a trial started
            self._progress[event.number] = ("0%", "starting")
        self.running = self._running_frame()

    def _running_frame(self) -> pd.DataFrame:
        rows = [{"trial": n, "progress": p, "step": s} for n, (p, s) in sorted(self._progress.items())]
        return pd.DataFrame(rows, columns=["trial", "progress", "step"])

    def _finished(self, result):
        status, message, run_id = result
        self._progress = {}
        self.param.update(status=status, message=message, best_run=run_id, running=self._running_frame())
        self._cancel = None

    def _crashed(self, message: str):
        self.param.update(status=FAILED, message=f"Tuning failed: {message}", running=self._running_frame())
        self._cancel = None

    @param.depends("cancel", watch=True)
    def _cancel_study(self):
        if self._cancel is not None and not self._cancel.is_set():
            self._cancel.set()
            self.message = "Cancelling: queued trials stop now, running ones within a second…"

    @property
    def objective_label(self) -> str:
        return label(self.metric)


def _importances(study) -> pd.DataFrame:
    import optuna

    try:
        found = optuna.importance.get_param_importances(study)
    except (ValueError, RuntimeError):  # too few distinct values yet
        return pd.DataFrame(columns=["parameter", "importance"])
    return pd.DataFrame({"parameter": list(found), "importance": [round(v, 3) for v in found.values()]})

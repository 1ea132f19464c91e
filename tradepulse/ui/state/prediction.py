"""Predict from the GUI: a run of the selected model type (the trader's choice; the pinned run first, then
the newest completed) on a loaded dataset, with an adjustable Buy / Hold / Sell rule."""

import pandas as pd
import param

from tradepulse.data import MARKET
from tradepulse.errors import TradePulseError
from tradepulse.history import RunFilter, first_runs
from tradepulse.predict import DEFAULT_HOLD_BAND, DEFAULT_THRESHOLD, Prediction, apply_rule, predict
from tradepulse.storage import RecordStore
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.training import TrainingState


def rule_words(threshold: float, band: float) -> str:
    return (f"Buy when P(up) ≥ {threshold + band:.2f}, Sell when P(up) ≤ {threshold - band:.2f}, "
            f"Hold in between (threshold {threshold:.2f} ± band {band:.2f})")


CHOICES = 20  # the newest completed runs offered


class PredictionState(param.Parameterized):
    dataset = param.Selector(default=None, objects=[None], allow_None=True, label="Predict on",
                             doc="A loaded dataset (the sidebar's choice to start with); the model sees its rows "
                                 "exactly as loaded")
    threshold = param.Number(DEFAULT_THRESHOLD, bounds=(0.05, 0.95), step=0.01, label="P(up) threshold",
                             doc="The centre of the Hold band")
    band = param.Number(DEFAULT_HOLD_BAND, bounds=(0, 0.45), step=0.01, label="Hold band (±)",
                        doc="Hold while P(up) is within threshold ± band")
    run = param.Selector(default=None, objects=[], allow_None=True, label="Run",
                         doc="The run to predict with: the pinned run first, then the newest completed runs")
    model_available = param.Boolean(False, doc="A trained model of the selected type exists, here or on disk")
    running = param.Boolean(False)
    result = param.ClassSelector(class_=Prediction, default=None, allow_None=True)
    message = param.String("")
    predict = param.Event(label="Predict")
    refresh = param.Event(label="Refresh runs")

    def __init__(self, store: RecordStore, data: DataState, training: TrainingState,
                 dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store, self.data, self.training, self._dispatch = store, data, training, dispatch
        self._picked, self._refreshing = None, False  # the run the trader chose, if any
        self.data.param.watch(self._datasets_changed, "datasets")
        self.data.param.watch(self._follow_sidebar, "selected")
        self.training.param.watch(self._check_model, ["model_type", "status"])
        self._datasets_changed()
        self._follow_sidebar()
        self._check_model()

    def _datasets_changed(self, *_):
        names = [d.name for d in self.data.datasets]
        self.param.dataset.objects = [None] + names
        if self.dataset not in names:
            self.dataset = names[-1] if names else None

    def _follow_sidebar(self, *_):
        if self.data.selected:  # the data the trader just chose is the data to predict on
            self.dataset = self.data.selected[0]

    def _check_model(self, *_):
        self.refresh_runs()

    @param.depends("refresh", watch=True)
    def refresh_runs(self) -> None:
        """The run chooser's choices for the selected model type; the choice stays while it is offered."""
        model = self.training.model_type
        pinned = self.store.pinned().get(model)
        newest = [r["run_id"] for r in first_runs(self.store, RunFilter(model=model, status="completed"),
                                                  limit=CHOICES)]
        choices = {f"{pinned} (pinned)": pinned} if pinned and self._exists(pinned) else {}
        choices.update({run_id: run_id for run_id in newest if run_id != pinned})
        # A run the trader picked stays chosen while offered; else the pinned run, else the newest.
        chosen = self._picked if self._picked in choices.values() else next(iter(choices.values()), None)
        self._refreshing, self.param.run.objects = True, choices
        try:
            self.param.update(run=chosen, model_available=bool(choices))
        finally:
            self._refreshing = False

    @param.depends("run", watch=True)
    def _remember_pick(self):
        if not self._refreshing:
            self._picked = self.run

    def _exists(self, run_id: str) -> bool:
        try:  # the pins file is a file on disk: anything may be in it
            return self.store.path_of(run_id).exists()
        except TradePulseError:
            return False

    @property
    def can_predict(self) -> bool:
        return self.model_available and self.dataset is not None and not self.running

    @property
    def rule(self) -> str:
        return rule_words(self.threshold, self.band)

    def ruled(self, result: Prediction) -> pd.DataFrame:
        """A result's table with its signals from the current rule (and the rule's cut-offs as columns)."""
        return apply_rule(result.table, self.threshold, self.band) if result.kind == MARKET else result.table

    def table(self) -> pd.DataFrame | None:
        return None if self.result is None else self.ruled(self.result)

    def _table(self) -> pd.DataFrame:
        return next(d.table for d in self.data.datasets if d.name == self.dataset)

    @param.depends("predict", watch=True)
    def _start(self):
        if not self.can_predict:
            self.message = "Train a model of this type and load a dataset first"
            return
        model_name, run_id, table = self.training.model_type, self.run, self._table()
        self.running, self.message = True, f"Predicting with run {run_id}…"
        run_in_background(lambda: predict(self.store, table, model_name=model_name, run_id=run_id),
                          self._done, self._failed, self._dispatch, name=f"predict-{model_name}")

    def _done(self, prediction: Prediction):
        scored = int((prediction.table["status"] == "ok").sum())
        notes = f" ({'; '.join(prediction.notes)})" if prediction.notes else ""
        self.result, self.running = prediction, False
        self.message = f"{scored} of {len(prediction.table)} rows scored by run {prediction.run_id}{notes}"

    def _failed(self, message: str):
        self.running, self.message = False, f"Prediction failed: {message}"

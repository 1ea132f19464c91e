"""Predict from the GUI: the selected model type's latest saved run on a loaded dataset, with an adjustable
Buy / Hold / Sell rule."""

import pandas as pd
import param

from tradepulse.data import MARKET
from tradepulse.predict import DEFAULT_HOLD_BAND, DEFAULT_THRESHOLD, Prediction, apply_rule, predict
from tradepulse.storage import RecordStore
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.training import TrainingState


def rule_words(threshold: float, band: float) -> str:
    return (f"Buy when P(up) ≥ {threshold + band:.2f}, Sell when P(up) ≤ {threshold - band:.2f}, "
            f"Hold in between (threshold {threshold:.2f} ± band {band:.2f})")


class PredictionState(param.Parameterized):
    dataset = param.Selector(default=None, objects=[None], allow_None=True, label="Predict on",
                             doc="A loaded dataset (the sidebar's choice to start with); the model sees its rows "
                                 "exactly as loaded")
    threshold = param.Number(DEFAULT_THRESHOLD, bounds=(0.05, 0.95), step=0.01, label="P(up) threshold",
                             doc="The centre of the Hold band")
    band = param.Number(DEFAULT_HOLD_BAND, bounds=(0, 0.45), step=0.01, label="Hold band (±)",
                        doc="Hold while P(up) is within threshold ± band")
    model_available = param.Boolean(False, doc="A trained model of the selected type exists, here or on disk")
    running = param.Boolean(False)
    result = param.ClassSelector(class_=Prediction, default=None, allow_None=True)
    message = param.String("")
    predict = param.Event(label="Predict")

    def __init__(self, store: RecordStore, data: DataState, training: TrainingState,
                 dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store, self.data, self.training, self._dispatch = store, data, training, dispatch
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
        self.model_available = self.store.latest(self.training.model_type) is not None

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
        model_name, table = self.training.model_type, self._table()
        self.running, self.message = True, f"Predicting with the latest {model_name}…"
        run_in_background(lambda: predict(self.store, table, model_name=model_name),
                          self._done, self._failed, self._dispatch, name=f"predict-{model_name}")

    def _done(self, prediction: Prediction):
        scored = int((prediction.table["status"] == "ok").sum())
        notes = f" ({'; '.join(prediction.notes)})" if prediction.notes else ""
        self.result, self.running = prediction, False
        self.message = f"{scored} of {len(prediction.table)} rows scored by run {prediction.run_id}{notes}"

    def _failed(self, message: str):
        self.running, self.message = False, f"Prediction failed: {message}"

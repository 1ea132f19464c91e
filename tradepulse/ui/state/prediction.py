"""Predict from the GUI: the selected model type's latest saved run on a loaded dataset."""

import pandas as pd
import param

from tradepulse.predict import Prediction, predict
from tradepulse.storage import RecordStore
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.training import TrainingState


class PredictionState(param.Parameterized):
    dataset = param.Selector(default=None, objects=[None], allow_None=True, label="Predict on",
                             doc="A loaded dataset; the model sees its rows exactly as loaded")
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
        self.training.param.watch(self._check_model, ["model_type", "status"])
        self._datasets_changed()
        self._check_model()

    def _datasets_changed(self, *_):
        names = [d.name for d in self.data.datasets]
        self.param.dataset.objects = [None] + names
        if self.dataset not in names:
            self.dataset = names[-1] if names else None

    def _check_model(self, *_):
        self.model_available = self.store.latest(self.training.model_type) is not None

    @property
    def can_predict(self) -> bool:
        return self.model_available and self.dataset is not None and not self.running

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

"""One browser session's whole state: data, form, training, performance, prediction and saved runs."""

from tradepulse.storage import DatasetStore, RecordStore
from tradepulse.ui.state.background import Dispatch, call_now
from tradepulse.ui.state.data import DataState
from tradepulse.ui.state.form import HyperparameterForm
from tradepulse.ui.state.history_summary import latest_records
from tradepulse.ui.state.performance import PerformanceBoard
from tradepulse.ui.state.prediction import PredictionState
from tradepulse.ui.state.run_report import RunReport
from tradepulse.ui.state.training import IDLE, TRAINING, TrainingState


class ModelsPanelState:
    def __init__(self, store: RecordStore, dispatch: Dispatch = call_now, uploads: DatasetStore | None = None):
        self.store, self._dispatch, self._runs = store, dispatch, None
        self.data = DataState(uploads=uploads)
        self.form = HyperparameterForm()
        self.board = PerformanceBoard()
        self.training = TrainingState(store, self.data, self.form, self.board, dispatch)
        self.prediction = PredictionState(store, self.data, self.training, dispatch)
        self.report = RunReport(store)  # the run just trained in this session
        self.board.show_latest(latest_records(store))  # start-up shows each model's latest saved run
        self.training.param.watch(self._training_ended, "status")

    @property
    def runs(self):
        """The history (a SavedRunsState), imported and read from the index when first asked for: most page
        loads never open it, and its reports' charts would add Bokeh's plotting module to the launch."""
        if self._runs is None:
            from tradepulse.ui.state.runs import SavedRunsState

            self._runs = SavedRunsState(self.store, self._dispatch)
        return self._runs

    def reload_history(self) -> None:
        """Re-read a history already read (one not read yet is read afresh when first asked for)."""
        if self._runs is not None:
            self._runs.load()

    def _training_ended(self, event):
        if event.new not in (IDLE, TRAINING):
            if self.training.last_outcome is not None:
                self.report.record = self.training.last_outcome.record
            self.reload_history()  # last: a listing that shows the run means everything else is done

"""View Saved Data: every record in the data folder, a summary per model, delete and clean up."""

import pandas as pd
import param

from tradepulse.errors import TradePulseError
from tradepulse.storage import RecordStore
from tradepulse.training.record import shown_status
from tradepulse.ui.state.run_report import RunReport

# Short words: the column shares a laptop screen's width with the others.
HYPER_SHOWN = (("epochs", "{} epochs"), ("learning_rate", "lr {}"), ("batch_size", "batch {}"),
               ("hidden_layers", "{} layers"), ("units", "{} units"), ("dropout", "dropout {}"))
# The long hyperparameter text last, so that it never pushes the other columns out of view.
RUN_COLUMNS = ["run_id", "time", "model", "status", "accuracy", "f1", "dataset", "seconds", "hyperparameters"]


def run_row(record: dict) -> dict:
    metrics = record.get("performance_metrics") or {}
    hyper = record.get("hyperparameters") or {}
    names = (record.get("dataset_info") or {}).get("dataset_names") or []
    return {
        "run_id": record["run_id"],
        "time": pd.Timestamp(record["timestamp"]),
        "model": record["model_name"],
        "status": shown_status(record),
        "accuracy": metrics.get("accuracy"),
        "f1": metrics.get("f1_score"),
        "hyperparameters": ", ".join(words.format(hyper[k]) for k, words in HYPER_SHOWN if k in hyper),
        "dataset": ", ".join(map(str, names)),
        "seconds": record.get("duration_seconds"),
    }


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=["model", "runs", "latest run", "best F1"])
    grouped = table.groupby("model")
    return pd.DataFrame({"runs": grouped.size(), "latest run": grouped["time"].max(),
                         "best F1": grouped["f1"].max()}).reset_index()


class SavedRunsState(param.Parameterized):
    table = param.DataFrame(default=pd.DataFrame(), doc="One row per record, newest first")
    summary = param.DataFrame(default=pd.DataFrame(), doc="Runs, latest run and best F1 per model")
    skipped = param.List(default=[], doc="Files in the data folder that are not readable records")
    selected = param.String(default=None, allow_None=True, doc="The run shown in full")
    record = param.Dict(default=None, allow_None=True, doc="The selected run's whole record")
    pending = param.String("", doc="An action waiting for confirmation, described for the user")
    keep_newest = param.Integer(10, bounds=(0, None), label="Keep newest N per model")
    message = param.String("")
    refresh = param.Event(label="Refresh")
    delete = param.Event(label="Delete run")
    cleanup = param.Event(label="Clean up")
    confirm = param.Event(label="Confirm")
    abort = param.Event(label="Keep")

    def __init__(self, store: RecordStore, **params):
        super().__init__(**params)
        self.store = store
        self.report = RunReport(store)  # the selected run's folds and equity
        self.records: list[dict] = []
        self._action = None
        self.load()

    @param.depends("refresh", watch=True)
    def load(self):
        listing = self.store.list()
        self.records = listing.records
        self.table = pd.DataFrame([run_row(r) for r in listing.records], columns=RUN_COLUMNS)
        self.summary = summarise(self.table)
        self.skipped = [f"{s.name}: {s.reason}" for s in listing.skipped]
        if self.selected and self.selected not in set(self.table["run_id"]):
            self.selected = None

    @param.depends("selected", watch=True)
    def _show_selected(self):
        try:
            self.record = self.store.load(self.selected) if self.selected else None
        except TradePulseError as exc:
            self.record, self.message = None, str(exc)
        self.report.record = self.record

    @param.depends("delete", watch=True)
    def _ask_delete(self):
        if not self.selected:
            self.message = "Select a run first"
            return
        run_id = self.selected

        def delete_run():
            self.store.delete(run_id)
            self._deleted([run_id])

        self._action = delete_run
        self.pending = f"Delete run {run_id} and its saved model?"

    @param.depends("cleanup", watch=True)
    def _ask_cleanup(self):
        keep = self.keep_newest
        self._action = lambda: self._deleted(self.store.cleanup(keep))
        self.pending = f"Delete all but the newest {keep} runs of each model, with their saved models?"

    def _deleted(self, run_ids: list[str]):
        self.message = f"Deleted {len(run_ids)} run(s)"
        self.load()

    @param.depends("confirm", watch=True)
    def _confirm(self):
        action, self._action, self.pending = self._action, None, ""
        if action:
            try:
                action()
            except TradePulseError as exc:
                self.message = str(exc)

    @param.depends("abort", watch=True)
    def _abort(self):
        self._action, self.pending, self.message = None, "", "Nothing deleted"

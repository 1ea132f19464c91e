"""The run history (the Saved Data tab): filtered, sorted pages from the query index, one run in full, pin,
delete and clean up. Only one page of rows is held, never every record."""

import pandas as pd
import param

from tradepulse.config import MODEL_TYPES
from tradepulse.errors import TradePulseError
from tradepulse.history import NUMBER_COLUMNS, STATUSES, RunFilter, query_runs
from tradepulse.storage import RecordStore
from tradepulse.ui.state.background import Dispatch, call_now
from tradepulse.ui.state.compare import CompareState
from tradepulse.ui.state.exports import Exports
from tradepulse.ui.state.history_summary import summary
from tradepulse.ui.state.leaderboard import BestRuns
from tradepulse.ui.state.run_report import RunReport
from tradepulse.ui.state.trends import TrendState

ANY = "Any"
# Index column -> the table's short title; the first ones show by default, the rest on request.
TITLES = {"run_id": "run_id", "time": "time", "model": "model", "tickers": "ticker", "status": "status",
          "accuracy": "accuracy", "f1_score": "f1", "sharpe": "sharpe", "strategy_return_pct": "return",
          "datasets": "dataset", "duration_seconds": "seconds", "target": "target", "method": "method",
          "roc_auc": "roc_auc", "buy_hold_return_pct": "buy-and-hold", "max_drawdown_pct": "max drawdown"}
DEFAULT_SHOWN = list(TITLES)[:11]
SORTABLE = [c for c in TITLES if c != "tickers"]
NO_MATCH = "No runs match these filters."


def page_frame(rows: list[dict], extra: list[str]) -> pd.DataFrame:
    """The page's rows under their short titles, plus the chosen optional columns (hyperparameter names)."""
    shown = [c for c in TITLES if c in DEFAULT_SHOWN or c in extra]
    frame = pd.DataFrame([{TITLES[c]: row[c] for c in shown} for row in rows], columns=[TITLES[c] for c in shown])
    for name in (e for e in extra if e not in TITLES):
        frame[name] = [row["hyperparameters"].get(name) for row in rows]
    if "time" in frame:
        frame["time"] = pd.to_datetime(frame["time"])
    return frame


class SavedRunsState(param.Parameterized):
    model = param.Selector(default=ANY, objects=[ANY, *MODEL_TYPES], label="Model")
    ticker = param.String("", label="Ticker")
    dataset = param.String("", label="Dataset", doc="A file name as uploaded, e.g. bars.csv")
    status = param.Selector(default=ANY, objects=[ANY, *STATUSES], label="Status")
    days = param.Number(None, allow_None=True, bounds=(0, None), label="Last N days")
    since = param.CalendarDate(None, allow_None=True, label="From")
    until = param.CalendarDate(None, allow_None=True, label="To")
    metric = param.Selector(default="f1_score", objects=list(NUMBER_COLUMNS), label="Minimum of")
    minimum = param.Number(None, allow_None=True, label="At least")
    sort = param.Selector(default="time", objects=SORTABLE, label="Sort by")
    descending = param.Boolean(True, label="Descending")
    page = param.Integer(1, bounds=(1, None), label="Page")
    page_size = param.Integer(25, bounds=(5, 500))
    extra_columns = param.ListSelector(default=[], objects=[], label="More columns",
                                       doc="Optional columns: other metrics and each hyperparameter")
    total = param.Integer(0, doc="Runs matching the filters")
    table = param.DataFrame(default=pd.DataFrame(), doc="The current page, titled for the screen")
    summary = param.DataFrame(default=pd.DataFrame(), doc="Runs, latest run and best F1 per model")
    skipped = param.List(default=[], doc="Files in the data folder that are not readable records")
    chosen = param.List(default=[], doc="Runs ticked in the table, for comparing")
    selected = param.String(default=None, allow_None=True, doc="The run shown in full")
    record = param.Dict(default=None, allow_None=True, doc="The selected run's whole record")
    pending = param.String("", doc="An action waiting for confirmation, described for the user")
    keep_newest = param.Integer(10, bounds=(0, None), label="Keep newest N per model")
    message = param.String("")
    refresh = param.Event(label="Refresh")
    previous = param.Event(label="◀ Previous")
    next = param.Event(label="Next ▶")
    delete = param.Event(label="Delete run")
    pin = param.Event(label="Use for Predict")
    cleanup = param.Event(label="Clean up")
    confirm = param.Event(label="Confirm")
    abort = param.Event(label="Keep")

    def __init__(self, store: RecordStore, dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store = store
        self.report = RunReport(store)  # the selected run in full
        self.compare = CompareState(store)
        self.best = BestRuns(store)
        self.trends = TrendState(store)
        self.exports = Exports(store, dispatch)
        self._action = None
        self.load()

    @property
    def filters(self) -> RunFilter:
        minimum = {} if self.minimum is None else {self.metric: self.minimum}
        return RunFilter(model=None if self.model == ANY else self.model, ticker=self.ticker.strip() or None,
                         dataset=self.dataset.strip() or None, status=None if self.status == ANY else self.status,
                         days=self.days or None, since=self.since, until=self.until, minimum=minimum)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @param.depends("model", "ticker", "dataset", "status", "days", "since", "until", "metric", "minimum", "sort",
                   "descending", "page_size", watch=True)
    def _filters_changed(self):
        self.page = 1
        self.load()

    @param.depends("refresh", watch=True)
    def reload(self):
        self.store.index.reconcile()  # also picks up records edited in place by hand
        self.load()

    @param.depends("page", "extra_columns", watch=True)
    def load(self):
        try:
            found = query_runs(self.store, self.filters, self.sort, self.descending,
                               (self.page - 1) * self.page_size, self.page_size)
        except TradePulseError as exc:
            self.message = str(exc)
            return
        self.total = found.total
        names = sorted({name for row in found.rows for name in row["hyperparameters"]})
        extras = [c for c in TITLES if c not in DEFAULT_SHOWN] + names
        self.param.extra_columns.objects = list(dict.fromkeys(extras + self.extra_columns))
        self.param.sort.objects = list(dict.fromkeys([*SORTABLE, *(f"hyperparameters.{n}" for n in names), self.sort]))
        self.table = page_frame(found.rows, self.extra_columns)
        self.summary = summary(self.store)
        self.skipped = [f"{s.name}: {s.reason}" for s in self.store.index.skipped()]
        self.best.load()
        if self.selected and not self._exists(self.selected):
            self.selected = None

    def _exists(self, run_id: str) -> bool:
        return self.store.path_of(run_id).exists()

    @param.depends("previous", watch=True)
    def _previous(self):
        self.page = max(1, self.page - 1)

    @param.depends("next", watch=True)
    def _next(self):
        self.page = min(self.pages, self.page + 1)

    def choose(self, run_ids: list[str], shown: str | None = None) -> None:
        """The rows ticked in the table, all of which can be compared; `shown` (else the last) shows in full."""
        self.chosen = list(run_ids)
        self.selected = shown or (run_ids[-1] if run_ids else None)

    @param.depends("selected", watch=True)
    def _show_selected(self):
        try:
            self.record = self.store.load(self.selected) if self.selected else None
        except TradePulseError as exc:
            self.record, self.message = None, str(exc)
        self.report.record = self.record

    @param.depends("pin", watch=True)
    def _pin(self):
        if not self.selected:
            self.message = "Select a completed run first"
            return
        try:
            model = self.store.pin(self.selected)
        except TradePulseError as exc:
            self.message = str(exc)
        else:
            self.message = f"Predict now uses run {self.selected} for {model}"

    @param.depends("delete", watch=True)
    def _ask_delete(self):
        if not self.selected:
            self.message = "Select a run first"
            return
        run_id = self.selected

        def delete_run():
            unpinned = self.store.delete(run_id)
            self._deleted([run_id], unpinned)

        self._action = delete_run
        self.pending = f"Delete run {run_id} and its saved model?"

    @param.depends("cleanup", watch=True)
    def _ask_cleanup(self):
        keep = self.keep_newest
        self._action = lambda: self._deleted(self.store.cleanup(keep))
        self.pending = f"Delete all but the newest {keep} runs of each model, with their saved models?"

    def _deleted(self, run_ids: list[str], note: str | None = None):
        self.message = f"Deleted {len(run_ids)} run(s)" + (f"; {note}" if note else "")
        self.chosen = [r for r in self.chosen if r not in run_ids]
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

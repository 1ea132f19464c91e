"""Trends: one metric over time for the chosen model types and ticker, read from the query index."""

import param

from tradepulse.config import MODEL_TYPES
from tradepulse.errors import TradePulseError
from tradepulse.history import NUMBER_COLUMNS, RunFilter, query_runs
from tradepulse.storage import RecordStore

MOST_POINTS = 10_000  # the newest runs of each model; a longer line would not read better


class TrendState(param.Parameterized):
    metric = param.Selector(default="f1_score", objects=list(NUMBER_COLUMNS), label="Metric")
    models = param.ListSelector(default=list(MODEL_TYPES), objects=list(MODEL_TYPES), label="Models")
    ticker = param.String("", label="Ticker")
    rows = param.List(default=[], doc="(time, run_id, model, value) of each completed run with the metric")
    message = param.String("")
    show = param.Event(label="Show trend")

    def __init__(self, store: RecordStore, **params):
        super().__init__(**params)
        self.store = store

    @param.depends("show", watch=True)
    def load(self) -> None:
        rows = []
        try:
            for model in self.models:
                found = RunFilter(model=model, ticker=self.ticker.strip() or None, status="completed")
                page = query_runs(self.store, found, limit=MOST_POINTS)
                rows += [(r["time"], r["run_id"], r["model"], r[self.metric]) for r in reversed(page.rows)
                         if r[self.metric] is not None]  # oldest first: the newest runs were fetched
        except TradePulseError as exc:
            self.message = str(exc)
            return
        self.message = "" if rows else "No completed runs with this metric match."
        self.rows = rows

"""Compare 2 to 6 runs: the side-by-side table (differences only unless asked), warnings, seed groups."""

import pandas as pd
import param

from tradepulse.errors import TradePulseError
from tradepulse.reports.compare import Comparison, check_run_count, compare_runs
from tradepulse.storage import RecordStore


def seed_table(comparison: Comparison | None) -> pd.DataFrame:
    """One row per metric of each group of runs that differ only in seed: mean ± std over the group."""
    rows = [(", ".join(group.run_ids), spread.field.label, spread.text)
            for group in (comparison.seed_groups if comparison else ()) for spread in group.metrics]
    return pd.DataFrame(rows, columns=["Runs (same settings, other seeds)", "Metric", "Mean ± std"])


class CompareState(param.Parameterized):
    run_ids = param.List(default=[], doc="The runs compared, in the order chosen")
    only_differences = param.Boolean(True, label="Only what differs")
    records = param.List(default=[], doc="The compared runs' whole records (at most six)")
    comparison = param.ClassSelector(class_=Comparison, default=None, allow_None=True)
    table = param.DataFrame(default=pd.DataFrame(), doc="Section, Field, a column per run, Differs")
    seeds = param.DataFrame(default=seed_table(None))
    message = param.String("")

    def __init__(self, store: RecordStore, **params):
        super().__init__(**params)
        self.store = store

    def compare(self, run_ids: list[str]) -> None:
        try:
            check_run_count(run_ids, low=2)
            records = [self.store.load(run_id) for run_id in run_ids]
            comparison = compare_runs(records)
        except TradePulseError as exc:
            self.message = str(exc)
            return
        self.message = ""
        self.param.update(run_ids=list(run_ids), records=records, comparison=comparison,
                          seeds=seed_table(comparison))
        self._table()

    @param.depends("only_differences", watch=True)
    def _table(self):
        if self.comparison is not None:
            self.table = self.comparison.table(only_differences=self.only_differences)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.comparison.warnings if self.comparison else ()

"""Two to six runs side by side: a row per field, whether it differs, and the best value of each metric."""

import json
from dataclasses import dataclass

import pandas as pd

from tradepulse.errors import TradePulseError
from tradepulse.reports.comparability import comparability_warnings
from tradepulse.reports.fields import METRICS, NOT_APPLICABLE, Field, fields_of, value
from tradepulse.reports.formatting import NEITHER, direction, format_value, numeric
from tradepulse.reports.seeds import SeedGroup, seed_groups

MIN_RUNS, MAX_RUNS = 2, 6
BEST_MARK = " ★"


@dataclass(frozen=True)
class CompareRow:
    field: Field
    values: tuple  # raw values, one per run (None: blank; NOT_APPLICABLE: the type ignores it)
    texts: tuple[str, ...]  # the values as shown
    differs: bool
    best: tuple[int, ...]  # indices of the runs holding the best value (metrics only; empty when all tie)


@dataclass(frozen=True)
class Comparison:
    run_ids: tuple[str, ...]
    rows: tuple[CompareRow, ...]
    warnings: tuple[str, ...]  # why the runs may not be comparable, each naming what differs
    seed_groups: tuple[SeedGroup, ...]

    def differing(self) -> tuple[CompareRow, ...]:
        return tuple(row for row in self.rows if row.differs)

    def table(self, only_differences: bool = True) -> pd.DataFrame:
        """Columns Section, Field, one per run id (best values end in " ★"), Differs ("yes" or "")."""
        rows = self.differing() if only_differences else self.rows
        records = []
        for row in rows:
            shown = [text + (BEST_MARK if i in row.best else "") for i, text in enumerate(row.texts)]
            records.append([row.field.section, row.field.label, *shown, "yes" if row.differs else ""])
        return pd.DataFrame(records, columns=["Section", "Field", *self.run_ids, "Differs"])


def _same_key(raw) -> str:
    return json.dumps(raw, sort_keys=True, default=str)


def _differs(field: Field, values: list) -> bool:
    if not field.counts:
        return False
    present = {_same_key(v) for v in values if v is not NOT_APPLICABLE}
    return len(present) > 1


def best_indices(key: str, values: list) -> tuple[int, ...]:
    """Where the best value of a metric row is, by its direction; nothing when no two numbers differ."""
    way = direction(key)
    numbers = [numeric(v) for v in values]
    present = [n for n in numbers if n is not None]
    if way == NEITHER or len(set(present)) < 2:
        return ()
    best = max(present) if way > 0 else min(present)
    return tuple(i for i, n in enumerate(numbers) if n == best)


def _row(field: Field, records: list[dict]) -> CompareRow:
    values = [value(record, field.key) for record in records]
    best = best_indices(field.key, values) if field.section == METRICS else ()
    return CompareRow(field, tuple(values), tuple(format_value(field.key, v) for v in values),
                      _differs(field, values), best)


def check_run_count(run_ids, low: int = MIN_RUNS) -> None:
    if not low <= len(run_ids) <= MAX_RUNS:
        raise TradePulseError(f"give {low} to {MAX_RUNS} runs, not {len(run_ids)}")
    repeated = sorted({r for r in run_ids if list(run_ids).count(r) > 1})
    if repeated:
        raise TradePulseError(f"run {repeated[0]} is given more than once")


def compare_runs(records: list[dict]) -> Comparison:
    """Compare 2 to 6 loaded records (RecordStore.load); TradePulseError for fewer, more or repeated runs."""
    run_ids = [str(record.get("run_id")) for record in records]
    check_run_count(run_ids)
    rows = tuple(_row(field, records) for field in fields_of(records))
    return Comparison(tuple(run_ids), rows, tuple(comparability_warnings(records)), tuple(seed_groups(records)))

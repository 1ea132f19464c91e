"""Runs that share every setting and the data and differ only in seed: their metrics as mean ± std.

std is the population standard deviation (NumPy's default), as in the fold table's mean ± std.
"""

import json
from dataclasses import dataclass

import numpy as np

from tradepulse.reports.fields import METRICS, Field, fields_of, metric_fields, value
from tradepulse.reports.formatting import format_value, numeric

SEED_KEY = "hyperparameters.seed"
COMPLETED = "completed"


@dataclass(frozen=True)
class MetricSpread:
    field: Field
    mean: float
    std: float
    count: int  # runs of the group that carry the metric

    @property
    def text(self) -> str:
        """ "55.12% ± 0.40" (the std in the metric's unit, without a second %)."""
        return f"{format_value(self.field.key, self.mean)} ± {self.std:.2f}"


@dataclass(frozen=True)
class SeedGroup:
    run_ids: tuple[str, ...]
    seeds: tuple
    metrics: tuple[MetricSpread, ...]


def _setting_key(record: dict, fields: list[Field]) -> str:
    settings = {f.key: value(record, f.key) for f in fields}
    return json.dumps(settings, sort_keys=True, default=str)


def _spreads(records: list[dict]) -> tuple[MetricSpread, ...]:
    spreads = []
    for field in metric_fields(records):
        numbers = [n for n in (numeric(value(r, field.key)) for r in records) if n is not None]
        if numbers:
            spreads.append(MetricSpread(field, float(np.mean(numbers)), float(np.std(numbers)), len(numbers)))
    return tuple(spreads)


def seed_groups(records: list[dict]) -> list[SeedGroup]:
    """Groups of two or more completed runs alike in everything that counts but the seed, in the runs' order."""
    completed = [r for r in records if r.get("training_status") == COMPLETED]
    settings = [f for f in fields_of(completed) if f.counts and f.section != METRICS and f.key != SEED_KEY]
    groups: dict[str, list[dict]] = {}
    for record in completed:
        groups.setdefault(_setting_key(record, settings), []).append(record)
    return [SeedGroup(tuple(str(r.get("run_id")) for r in members),
                      tuple(value(r, SEED_KEY) for r in members), _spreads(members))
            for members in groups.values() if len(members) > 1]

"""A record read as flat fields for comparison and reports: what each field is, where it sits, its value.

Every getter tolerates a missing or malformed part (schema 1 records, failed runs): it returns None, which
shows as a blank. A hyperparameter that does not apply to the run's model type is NOT_APPLICABLE.
"""

from dataclasses import dataclass

from tradepulse.evaluation.metrics import METRIC_NAMES
from tradepulse.evaluation.trading import METRIC_KEYS
from tradepulse.models.hyperparameters import Hyperparameters, applies

RUN, HYPERPARAMETERS, DATA, EVALUATION, METRICS = "Run", "Hyperparameters", "Data", "Evaluation", "Metrics"
NOT_APPLICABLE = object()  # a setting the run's model type does not read
METRIC_PARTS = (("performance_metrics", "Model"), ("baseline_metrics", "Baseline"),
                ("trading_metrics.strategy", "Strategy"), ("trading_metrics.buy_and_hold", "Buy & hold"))
HYPERPARAMETER_NAMES = tuple(Hyperparameters().to_dict())


@dataclass(frozen=True)
class Field:
    key: str  # "hyperparameters.epochs", "trading_metrics.strategy.sharpe", ...
    section: str
    label: str
    counts: bool = True  # False: identifiers, timestamps, durations and paths never count as differences


def part(record: dict, path: str):
    """record's value at a dotted path, None where any step is missing or not a dict."""
    value = record
    for step in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def _folds(record: dict) -> list[dict]:
    folds = part(record, "evaluation.folds")
    return [fold for fold in folds if isinstance(fold, dict)] if isinstance(folds, list) else []


def _day(moment) -> str:
    return str(moment)[:10]


def period(record: dict) -> str | None:
    """First training bar to last test bar of a run judged on time; None without time."""
    folds = _folds(record)
    starts = [part(f, "train.start") for f in folds] + [part(record, "evaluation.refit.train.start")]
    ends = [part(f, "test.end") for f in folds]
    starts, ends = [s for s in starts if s], [e for e in ends if e]
    return f"{_day(min(starts))} → {_day(max(ends))}" if starts and ends else None


def test_windows(record: dict) -> str | None:
    """Each fold's test block: its dates, or its row count when the data has no time."""
    windows = []
    for fold in _folds(record):
        test = fold.get("test") or {}
        windows.append(f"{_day(test['start'])} → {_day(test['end'])}" if test.get("start")
                       else f"{test.get('rows', '?')} rows")
    return "; ".join(windows) or None


_FIXED = (  # (key, section, label, getter or dotted path, counts)
    ("run_id", RUN, "Run id", "run_id", False),
    ("model_name", RUN, "Model", "model_name", True),
    ("training_status", RUN, "Status", "training_status", True),
    ("timestamp", RUN, "Started", "timestamp", False),
    ("duration_seconds", RUN, "Duration (s)", "duration_seconds", False),
    ("evaluation.fit_seconds", RUN, "Fitting time (s)", "evaluation.fit_seconds", False),
    ("model_path", RUN, "Model folder", "model_path", False),
    ("study", RUN, "Tuning study", "study", False),
    ("trial", RUN, "Tuning trial", "trial", False),
    ("data.datasets", DATA, "Datasets", "dataset_info.dataset_names", True),
    ("data.tickers", DATA, "Tickers", "dataset_info.tickers", True),
    ("data.kind", DATA, "Kind", "dataset_info.kind", True),
    ("data.target", DATA, "Target", "dataset_info.target", True),
    ("data.prices", DATA, "Prices", "dataset_info.prices", True),
    ("data.rows", DATA, "Rows", "dataset_info.total_records", True),
    ("data.features", DATA, "Features", "dataset_info.feature_count", True),
    ("data.period", DATA, "Period", period, True),
    ("evaluation.method", EVALUATION, "Validation", "evaluation.method", True),
    ("evaluation.folds", EVALUATION, "Folds asked", "evaluation.settings.folds", True),
    ("evaluation.folds_used", EVALUATION, "Folds used", "evaluation.settings.folds_used", True),
    ("evaluation.test_windows", EVALUATION, "Test windows", test_windows, True),
    ("evaluation.test_rows", EVALUATION, "Test rows scored", "split_sizes.test_scored", True),
    ("evaluation.positive_class", EVALUATION, "Positive class", "evaluation.positive_class", True),
    ("evaluation.refit", EVALUATION, "Refitted on all history",
     lambda r: None if not isinstance(r.get("evaluation"), dict) or "refit" not in r["evaluation"]
     else bool(r["evaluation"]["refit"]), True),
    ("evaluation.cost_bps", EVALUATION, "Cost (bps per side)", "trading_metrics.settings.cost_bps", True),
    ("evaluation.threshold", EVALUATION, "P(up) threshold", "trading_metrics.settings.threshold", True),
    ("evaluation.periods_per_year", EVALUATION, "Bars a year", "trading_metrics.settings.periods_per_year", True),
    ("evaluation.book", EVALUATION, "Book", "trading_metrics.settings.book", True),
    ("evaluation.definitions", EVALUATION, "Trading definitions", "trading_metrics.settings.definitions", True),
)
FIXED_FIELDS = tuple(Field(key, section, label, counts) for key, section, label, _, counts in _FIXED)
_GETTERS = {key: getter for key, _, _, getter, _ in _FIXED}
_KNOWN_METRICS = {"performance_metrics": METRIC_NAMES, "baseline_metrics": METRIC_NAMES,
                  "trading_metrics.strategy": METRIC_KEYS, "trading_metrics.buy_and_hold": METRIC_KEYS}


def metric_fields(records: list[dict]) -> list[Field]:
    """Every metric any of the records carries: the known ones in their order, then any others (schema 1)."""
    fields = []
    for path, who in METRIC_PARTS:
        names = list(_KNOWN_METRICS[path])
        for record in records:
            found = part(record, path)
            names += [n for n in (found if isinstance(found, dict) else {}) if n not in names]
        present = [n for n in names if any(part(r, f"{path}.{n}") is not None for r in records)]
        fields += [Field(f"{path}.{name}", METRICS, f"{who}: {name}") for name in present]
    return fields


def hyperparameter_fields(records: list[dict]) -> list[Field]:
    """The hyperparameters that apply to at least one record's model type (known ones first)."""
    names = list(HYPERPARAMETER_NAMES)
    for record in records:
        found = record.get("hyperparameters")
        names += [n for n in (found if isinstance(found, dict) else {}) if n not in names]
    return [Field(f"hyperparameters.{name}", HYPERPARAMETERS, name) for name in names
            if any(value(r, f"hyperparameters.{name}") not in (None, NOT_APPLICABLE) for r in records)]


def fields_of(records: list[dict]) -> list[Field]:
    """All the fields to show for these records, section by section."""
    fixed = [f for f in FIXED_FIELDS if any(value(r, f.key) is not None for r in records)]
    by_section = {section: [f for f in fixed if f.section == section] for section in (RUN, DATA, EVALUATION)}
    return (by_section[RUN] + hyperparameter_fields(records) + by_section[DATA] + by_section[EVALUATION]
            + metric_fields(records))


def value(record: dict, key: str):
    """The raw value of field `key` in `record` (None: missing; NOT_APPLICABLE: a setting its type ignores)."""
    getter = _GETTERS.get(key, key)
    if callable(getter):
        return getter(record)
    if key.startswith("hyperparameters."):
        name = key.split(".", 1)[1]
        model = record.get("model_name")
        if name in HYPERPARAMETER_NAMES and isinstance(model, str) and not applies(name, model):
            return NOT_APPLICABLE
    return part(record, getter)

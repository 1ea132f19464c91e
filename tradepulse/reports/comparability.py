"""Why runs may not be comparable: different data, target, test windows, evaluation method or costs."""

from tradepulse.reports.fields import FIXED_FIELDS, value
from tradepulse.reports.formatting import format_value

# (what a reader is warned about, the fields that must agree)
CHECKS = (
    ("data", ("data.datasets", "data.tickers", "data.kind", "data.prices", "data.rows")),
    ("target", ("data.target",)),
    ("test windows", ("evaluation.test_windows",)),
    ("evaluation method", ("evaluation.method", "evaluation.positive_class")),
    ("cost settings", ("evaluation.cost_bps", "evaluation.threshold", "evaluation.definitions")),
)
_LABELS = {field.key: field.label for field in FIXED_FIELDS}


def _groups(key: str, records: list[dict]) -> dict[str, list[str]]:
    """Each distinct shown value of `key` and the runs holding it, in the runs' order."""
    groups: dict[str, list[str]] = {}
    for record in records:
        shown = format_value(key, value(record, key)) or "(blank)"
        groups.setdefault(shown, []).append(str(record.get("run_id")))
    return groups


def comparability_warnings(records: list[dict]) -> list[str]:
    """One line per field that differs, e.g. "Different data (Datasets): a.csv in R1, R2; b.csv in R3"."""
    warnings = []
    for what, keys in CHECKS:
        for key in keys:
            groups = _groups(key, records)
            if len(groups) > 1:
                held = "; ".join(f"{shown} in {', '.join(runs)}" for shown, runs in groups.items())
                warnings.append(f"Different {what} ({_LABELS[key]}): {held}")
    return warnings

"""How field values are written (as the rest of the app writes them: 49.49%) and which way is better."""

import math

from tradepulse.evaluation.metrics import PERCENT_METRICS
from tradepulse.reports.fields import NOT_APPLICABLE

HIGHER, LOWER, NEITHER = 1, -1, 0
# Lower is better for these; exposure, trades and turnover are neither good nor bad in themselves.
# max_drawdown_pct is negative (-6.2 means 6.2 % below the peak): higher is a shallower drawdown.
_LOWER = {"log_loss", "volatility_pct"}
_NEITHER = {"exposure_pct", "trades", "turnover", "max_drawdown_pct_v1"}


def direction(key: str) -> int:
    """HIGHER, LOWER or NEITHER for a metric field key (its last part names the metric)."""
    name = key.rsplit(".", 1)[-1]
    if name in _LOWER:
        return LOWER
    return NEITHER if name in _NEITHER else HIGHER


def is_percent(key: str) -> bool:
    name = key.rsplit(".", 1)[-1]
    metric = key.startswith(("performance_metrics.", "baseline_metrics.", "trading_metrics."))
    return metric and (name in PERCENT_METRICS or name.endswith("_pct"))


def number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value)}"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def format_value(key: str, value) -> str:
    """The text of a field value: blank when missing, not applicable or not finite."""
    if value is None or value is NOT_APPLICABLE:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return ""
        return f"{value:.2f}%" if is_percent(key) else number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(key, item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{name}: {format_value(key, item)}" for name, item in value.items())
    return str(value)


def numeric(value) -> float | None:
    """value as a finite float, or None (text, bools, blanks)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)

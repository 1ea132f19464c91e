"""What a study maximises: one out-of-sample figure of a trial's evaluation."""

from tradepulse.data.kinds import MARKET
from tradepulse.errors import TradePulseError

# name: (label, where it sits in evaluate()'s results, market data only)
METRICS = {
    "f1": ("F1 %", ("performance_metrics", "f1_score"), False),
    "accuracy": ("accuracy %", ("performance_metrics", "accuracy"), False),
    "roc_auc": ("ROC-AUC %", ("performance_metrics", "roc_auc"), False),
    "mcc": ("MCC", ("performance_metrics", "mcc"), False),
    "sharpe": ("Sharpe after costs", ("trading_metrics", "strategy", "sharpe"), True),
    "return": ("strategy return % after costs", ("trading_metrics", "strategy", "total_return_pct"), True),
}
DEFAULT_METRIC = "f1"


def check_metric(name: str, kind: str | None) -> str:
    """The metric's name if it can judge data of `kind`, else a TradePulseError that says what can."""
    if name not in METRICS:
        raise TradePulseError(f"unknown metric {name!r}; choose one of {', '.join(METRICS)}")
    if METRICS[name][2] and kind != MARKET:
        usable = ", ".join(n for n, (_, _, market) in METRICS.items() if not market)
        raise TradePulseError(f"{name} needs market data (it is a trading result); for a feature table choose "
                              f"one of {usable}")
    return name


def metric_value(results: dict, name: str) -> float | None:
    """The metric in a trial's results, or None where it is undefined (ROC-AUC of one class, say)."""
    value = results
    for key in METRICS[name][1]:
        value = (value or {}).get(key)
    return None if value is None else float(value)


def label(name: str) -> str:
    return METRICS[name][0]

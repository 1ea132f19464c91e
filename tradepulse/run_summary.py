"""A finished run in a few lines of text for the terminal: how it was judged, each headline metric beside
its baseline, and for market data the strategy against buy-and-hold after costs."""

SHOWN_METRICS = (("accuracy", "accuracy"), ("balanced_accuracy", "balanced accuracy"), ("f1_score", "F1"),
                 ("roc_auc", "ROC-AUC"), ("mcc", "MCC"), ("log_loss", "log loss"))
LOWER_IS_BETTER = {"log_loss"}
SHOWN_TRADING = (("total_return_pct", "return %"), ("cagr_pct", "CAGR %"), ("sharpe", "Sharpe"),
                 ("max_drawdown_pct", "max drawdown %"), ("trades", "trades"))


def _number(value) -> str:
    return "n/a" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def _beats(name: str, model, baseline) -> str:
    if model is None or baseline is None:
        return ""
    better = model < baseline if name in LOWER_IS_BETTER else model > baseline
    return "" if better else "  (does not beat the baseline)"


def evaluation_line(record: dict) -> str:
    evaluation = record.get("evaluation") or {}
    folds = evaluation.get("folds") or []
    sizes = record.get("split_sizes") or {}
    method = evaluation.get("method") or "holdout"
    line = f"{method}, {len(folds)} fold(s), {sizes.get('test_scored', '?')} out-of-sample rows"
    if evaluation.get("refit"):
        line += "; the saved model is refitted on all the history"
    positive = evaluation.get("positive_class")
    return line + (f"; precision, recall and F1 are about class {positive!r}" if positive is not None else "")


def summary_lines(record: dict) -> list[str]:
    """The summary printed after `train`; the record path follows it as the last line."""
    metrics = record.get("performance_metrics") or {}
    baseline = record.get("baseline_metrics") or {}
    lines = [evaluation_line(record), f"{'':<18} {'model':>9} {'baseline':>9}"]
    for key, label in SHOWN_METRICS:
        model, base = metrics.get(key), baseline.get(key)
        lines.append(f"{label:<18} {_number(model):>9} {_number(base):>9}{_beats(key, model, base)}")
    trading = record.get("trading_metrics") or {}
    if trading.get("strategy"):
        settings = trading.get("settings") or {}
        lines.append(f"trading after {_number(settings.get('cost_bps'))} bps per side "
                     f"({settings.get('periods_per_year')} bars a year; {settings.get('book', 'one ticker')}):")
        lines.append(f"{'':<18} {'strategy':>9} {'buy&hold':>9}")
        for key, label in SHOWN_TRADING:
            strategy, hold = trading["strategy"].get(key), trading["buy_and_hold"].get(key)
            lower = key == "trades" or None in (strategy, hold)
            worse = "" if lower or strategy > hold else "  (does not beat buy-and-hold)"
            lines.append(f"{label:<18} {_number(strategy):>9} {_number(hold):>9}{worse}")
    return lines

"""The performance table: one row per model type, from the latest run this session or on disk."""

import pandas as pd
import param

from tradepulse.config import MODEL_TYPES
from tradepulse.training.record import INTERRUPTED, shown_status

NOT_TRAINED, TRAINING = "Not Trained", "Training"
STATUS_LABELS = {"completed": "Trained", "cancelled": "Cancelled", "failed": "Failed", "running": TRAINING,
                 INTERRUPTED: "Interrupted"}
COLUMNS = ("Model", "Validation", "Accuracy", "Baseline accuracy", "Precision", "Recall", "F1", "Baseline F1",
           "Sharpe", "Return", "Buy & hold return", "Max drawdown", "Status")
NA = "N/A"
WORSE = " ▼"  # marks a metric that does not beat its baseline (or buy-and-hold)
LEGEND = (f"Out-of-sample results. {WORSE.strip()} marks a metric that does not beat its baseline (the training "
          "majority class) or, for trading, buy-and-hold; returns are after costs.")


def _marked(text: str, value, reference) -> str:
    beaten = value is None or reference is None or value > reference
    return text if beaten else text + WORSE


def _percent(value) -> str:
    return NA if value is None else f"{value:.2f}%"


def _trading_cells(trading: dict) -> dict:
    strategy, hold = trading.get("strategy") or {}, trading.get("buy_and_hold") or {}
    sharpe, hold_sharpe = strategy.get("sharpe"), hold.get("sharpe")
    ret, hold_ret = strategy.get("total_return_pct"), hold.get("total_return_pct")
    drawdown, hold_drawdown = strategy.get("max_drawdown_pct"), hold.get("max_drawdown_pct")
    return {
        "Sharpe": _marked(NA if sharpe is None else f"{sharpe:.2f}", sharpe, hold_sharpe),
        "Return": _marked(_percent(ret), ret, hold_ret),
        "Buy & hold return": _percent(hold_ret),
        "Max drawdown": _marked(_percent(drawdown), drawdown, hold_drawdown),  # less deep is better
    }


def row_from_record(record: dict) -> dict:
    metrics = record.get("performance_metrics") or {}
    baseline = record.get("baseline_metrics") or {}
    row = {"Model": record["model_name"], "Validation": (record.get("evaluation") or {}).get("method") or NA,
           "Status": STATUS_LABELS.get(shown_status(record), NOT_TRAINED)}
    for column, key in (("Accuracy", "accuracy"), ("Precision", "precision"), ("Recall", "recall"),
                        ("F1", "f1_score")):
        row[column] = _marked(_percent(metrics.get(key)), metrics.get(key), baseline.get(key))
    row["Baseline accuracy"], row["Baseline F1"] = _percent(baseline.get("accuracy")), _percent(baseline.get("f1_score"))
    row.update(_trading_cells(record.get("trading_metrics") or {}))
    return {column: row.get(column, NA) for column in COLUMNS}


def empty_row(model_name: str, status: str = NOT_TRAINED) -> dict:
    return {"Model": model_name, **dict.fromkeys(COLUMNS[1:-1], NA), "Status": status}


class PerformanceBoard(param.Parameterized):
    rows = param.Dict(default={}, doc="Model name -> its table row")
    message = param.String("", doc="What the last action did")
    reset_performance = param.Event(label="Reset Performance")

    def __init__(self, **params):
        super().__init__(**params)
        self.reset(message="")

    @property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame([self.rows[name] for name in MODEL_TYPES], columns=list(COLUMNS))

    def show_latest(self, records: list[dict]) -> None:
        """Fill each model's row from its newest finished record (records come newest first)."""
        rows = dict(self.rows)
        for name in MODEL_TYPES:
            latest = next((r for r in records if r.get("model_name") == name
                           and shown_status(r) != "running"), None)
            if latest is not None:
                rows[name] = row_from_record(latest)
        self.rows = rows

    def show_record(self, record: dict) -> None:
        self.rows = {**self.rows, record["model_name"]: row_from_record(record)}

    def mark_training(self, model_name: str) -> None:
        self.rows = {**self.rows, model_name: {**self.rows[model_name], "Status": TRAINING}}

    @param.depends("reset_performance", watch=True)
    def _reset_clicked(self):
        self.reset()

    def reset(self, message: str = "Performance reset. Saved records are kept: see View Saved Data.") -> None:
        self.rows = {name: empty_row(name) for name in MODEL_TYPES}
        self.message = message

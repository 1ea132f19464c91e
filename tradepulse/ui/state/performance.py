"""The performance table: one row per model type, from the latest run this session or on disk."""

import pandas as pd
import param

from tradepulse.config import MODEL_TYPES
from tradepulse.training.record import INTERRUPTED, shown_status

NOT_TRAINED, TRAINING = "Not Trained", "Training"
STATUS_LABELS = {"completed": "Trained", "cancelled": "Cancelled", "failed": "Failed", "running": TRAINING,
                 INTERRUPTED: "Interrupted"}
COLUMNS = ("Model", "Accuracy", "Precision", "Recall", "F1", "Baseline F1", "Status")
NA = "N/A"


def _cell(value) -> str:
    return NA if value is None else f"{value:.2f}%"


def row_from_record(record: dict) -> dict:
    metrics = record.get("performance_metrics") or {}
    baseline = record.get("baseline_metrics") or {}
    return {
        "Model": record["model_name"],
        "Accuracy": _cell(metrics.get("accuracy")),
        "Precision": _cell(metrics.get("precision")),
        "Recall": _cell(metrics.get("recall")),
        "F1": _cell(metrics.get("f1_score")),
        "Baseline F1": _cell(baseline.get("f1_score")),
        "Status": STATUS_LABELS.get(shown_status(record), NOT_TRAINED),
    }


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

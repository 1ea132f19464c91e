"""The performance table: one row per model type with its latest completed run (this session or on disk),
the data and test period it was judged on, and the status of a later attempt that did not complete."""

import pandas as pd
import param

from tradepulse.config import MODEL_TYPES
from tradepulse.training.record import INTERRUPTED, shown_status

NOT_TRAINED, TRAINING = "Not Trained", "Training…"
COMPLETED = "completed"
STATUS_LABELS = {COMPLETED: "Trained", "cancelled": "Cancelled", "failed": "Failed", "running": TRAINING,
                 INTERRUPTED: "Interrupted"}
COLUMNS = ("Model", "Data", "Test period", "Validation", "Accuracy", "Baseline accuracy", "Precision", "Recall",
           "F1", "Baseline F1", "Sharpe", "Return", "Buy & hold return", "Max drawdown", "Status")
NA = "N/A"
WORSE = " ▼"  # marks a metric that does not beat its baseline (or buy-and-hold)
EARLIER = " (last completed run shown)"  # a later attempt failed or was cancelled: its metrics are not shown
SHOWN_NAMES = 2  # dataset names in the Data cell; more are counted
LEGEND = (f"Out-of-sample results of each model's latest completed run. {WORSE.strip()} marks a metric that does "
          "not beat its baseline (the training majority class) or, for trading, buy-and-hold; returns are after "
          "costs.")


def percent(value) -> str:
    """A percentage as every table shows it: two decimals and a % sign."""
    return NA if value is None else f"{value:.2f}%"


def _marked(text: str, value, reference) -> str:
    beaten = value is None or reference is None or value > reference
    return text if beaten else text + WORSE


def data_names(record: dict) -> str:
    names = [str(n) for n in (record.get("dataset_info") or {}).get("dataset_names") or []]
    if len(names) > SHOWN_NAMES:
        return f"{', '.join(names[:SHOWN_NAMES])}, … ({len(names)} files)"
    return ", ".join(names) or NA


def judged_period(record: dict) -> str:
    """From the first test block's start to the last one's end; tables without time count the test rows."""
    tests = [fold.get("test") or {} for fold in (record.get("evaluation") or {}).get("folds") or []]
    if not tests:
        return NA
    if tests[0].get("start") and tests[-1].get("end"):
        return f"{str(tests[0]['start'])[:10]} → {str(tests[-1]['end'])[:10]}"
    return f"{sum(int(t.get('rows') or 0) for t in tests)} rows"


def _trading_cells(trading: dict) -> dict:
    strategy, hold = trading.get("strategy") or {}, trading.get("buy_and_hold") or {}
    sharpe, hold_sharpe = strategy.get("sharpe"), hold.get("sharpe")
    ret, hold_ret = strategy.get("total_return_pct"), hold.get("total_return_pct")
    drawdown, hold_drawdown = strategy.get("max_drawdown_pct"), hold.get("max_drawdown_pct")
    return {
        "Sharpe": _marked(NA if sharpe is None else f"{sharpe:.2f}", sharpe, hold_sharpe),
        "Return": _marked(percent(ret), ret, hold_ret),
        "Buy & hold return": percent(hold_ret),
        "Max drawdown": _marked(percent(drawdown), drawdown, hold_drawdown),  # less deep is better
    }


def row_from_record(record: dict) -> dict:
    metrics = record.get("performance_metrics") or {}
    baseline = record.get("baseline_metrics") or {}
    row = {"Model": record["model_name"], "Data": data_names(record), "Test period": judged_period(record),
           "Validation": (record.get("evaluation") or {}).get("method") or NA,
           "Status": STATUS_LABELS.get(shown_status(record), NOT_TRAINED)}
    for column, key in (("Accuracy", "accuracy"), ("Precision", "precision"), ("Recall", "recall"),
                        ("F1", "f1_score")):
        row[column] = _marked(percent(metrics.get(key)), metrics.get(key), baseline.get(key))
    row["Baseline accuracy"], row["Baseline F1"] = percent(baseline.get("accuracy")), percent(baseline.get("f1_score"))
    row.update(_trading_cells(record.get("trading_metrics") or {}))
    return {column: row.get(column, NA) for column in COLUMNS}


def empty_row(model_name: str, status: str = NOT_TRAINED, blank: str = NA) -> dict:
    return {"Model": model_name, **dict.fromkeys(COLUMNS[1:-1], blank), "Status": status}


def board_row(model_name: str, completed: dict | None, attempt_status: str) -> dict:
    """The last completed run's cells, with the status of the latest attempt beside them."""
    status = STATUS_LABELS.get(attempt_status, NOT_TRAINED)
    if completed is None:
        return empty_row(model_name, status)
    return {**row_from_record(completed), "Status": status if attempt_status == COMPLETED else status + EARLIER}


class PerformanceBoard(param.Parameterized):
    rows = param.Dict(default={}, doc="Model name -> its table row")
    message = param.String("", doc="What the last action did")
    reset_performance = param.Event(label="Reset Performance")

    def __init__(self, **params):
        super().__init__(**params)
        self._completed: dict[str, dict] = {}  # each model's latest completed record, kept beside failures
        self.reset(message="")

    @property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame([self.rows[name] for name in MODEL_TYPES], columns=list(COLUMNS))

    def show_latest(self, records: list[dict]) -> None:
        """Fill each model's row from its whole records on disk (newest first); runs still training are left
        out."""
        rows = dict(self.rows)
        for name in MODEL_TYPES:
            finished = [r for r in records if r.get("model_name") == name and shown_status(r) != "running"]
            if not finished:
                continue
            completed = next((r for r in finished if shown_status(r) == COMPLETED), None)
            if completed is not None:
                self._completed[name] = completed
            rows[name] = board_row(name, completed, shown_status(finished[0]))
        self.rows = rows

    def show_record(self, record: dict) -> None:
        name, status = record["model_name"], record.get("training_status")
        if status == COMPLETED:
            self._completed[name] = record
        self.rows = {**self.rows, name: board_row(name, self._completed.get(name), status)}

    def mark_training(self, model_name: str) -> None:
        # Blanks, not the previous run's numbers: those would read as the new run's.
        self.rows = {**self.rows, model_name: empty_row(model_name, TRAINING, blank="")}

    @param.depends("reset_performance", watch=True)
    def _reset_clicked(self):
        self.reset()

    def reset(self, message: str = "Performance reset. Saved records are kept: see View Saved Data.") -> None:
        self._completed = {}
        self.rows = {name: empty_row(name) for name in MODEL_TYPES}
        self.message = message

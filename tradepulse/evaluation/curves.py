"""The out-of-sample equity and drawdown of a finished run, rebuilt from the predictions it kept."""

import pandas as pd

from tradepulse.config import PREDICTIONS_FILE
from tradepulse.evaluation.trading import book_returns, equity_curves
from tradepulse.storage import RecordStore


def run_curves(store: RecordStore, record: dict) -> tuple[pd.DataFrame, list] | None:
    """(curves, fold start times) of a market run: strategy and buy-and-hold equity and drawdown, with the
    run's own cost and threshold; None when the run kept no market predictions (tables, older runs)."""
    trading = record.get("trading_metrics") or {}
    settings = trading.get("settings") or {}
    if not record.get("run_id") or settings.get("definitions", 1) < 2:
        return None
    path = store.model_dir(record["run_id"]) / PREDICTIONS_FILE
    if not path.is_file():
        return None
    table = pd.read_parquet(path)
    if "next_return" not in table:
        return None
    up = f"p_{(record.get('classes') or [0, 1]).index(1)}"
    book = book_returns(table["time"], table["ticker"] if "ticker" in table else None, table["next_return"],
                        table[up], threshold=settings["threshold"], cost_bps=settings["cost_bps"])
    starts = table.groupby("fold")["time"].min().sort_values().tolist()
    return equity_curves(book), starts

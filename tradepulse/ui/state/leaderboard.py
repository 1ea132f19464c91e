"""Best runs per ticker (or dataset, for feature tables): for each metric the best completed run."""

import pandas as pd
import param

from tradepulse.history import leaderboard
from tradepulse.reports.formatting import format_value
from tradepulse.storage import RecordStore

# The board's metric columns as the comparison names them, so that values read the same everywhere.
METRIC_KEYS = {"f1_score": "performance_metrics.f1_score", "accuracy": "performance_metrics.accuracy",
               "roc_auc": "performance_metrics.roc_auc", "sharpe": "trading_metrics.strategy.sharpe",
               "strategy_return_pct": "trading_metrics.strategy.total_return_pct",
               "max_drawdown_pct": "trading_metrics.strategy.max_drawdown_pct",
               "win_rate_pct": "trading_metrics.strategy.win_rate_pct"}
LABELS = {"f1_score": "F1", "accuracy": "Accuracy", "roc_auc": "ROC-AUC", "sharpe": "Sharpe",
          "strategy_return_pct": "Strategy return", "max_drawdown_pct": "Max drawdown (least deep)",
          "win_rate_pct": "Win rate"}
COLUMNS = ["Ticker or dataset", "Metric", "Best", "Run"]


def board_table(rows) -> pd.DataFrame:
    table = [(row.group, LABELS.get(metric, metric), format_value(METRIC_KEYS.get(metric, metric), best.value),
              best.run_id) for row in rows for metric, best in row.best.items()]
    return pd.DataFrame(table, columns=COLUMNS)


class BestRuns(param.Parameterized):
    table = param.DataFrame(default=board_table([]), doc="A row per group and metric: the best run")

    def __init__(self, store: RecordStore, **params):
        super().__init__(**params)
        self.store = store

    shown = param.Boolean(False, doc="The table is on screen: keep it up to date (else it costs nothing)")

    @param.depends("shown", watch=True)
    def load(self) -> None:
        if self.shown:
            self.table = board_table(leaderboard(self.store))

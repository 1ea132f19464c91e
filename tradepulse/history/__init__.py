"""The run history: queries, best runs per ticker and CSV export over a RecordStore's query index."""

from tradepulse.history.export import export_csv
from tradepulse.history.filters import (ALIASES, COLUMNS, NUMBER_COLUMNS, STATUSES, HistoryError, RunFilter,
                                        metric_column, parse_minimum)
from tradepulse.history.query import (BOARD_METRICS, Best, BoardRow, Page, first_runs, leaderboard, model_summary,
                                     query_runs)

__all__ = ["ALIASES", "BOARD_METRICS", "COLUMNS", "NUMBER_COLUMNS", "STATUSES", "Best", "BoardRow", "HistoryError",
           "Page", "RunFilter", "export_csv", "first_runs", "leaderboard", "metric_column", "model_summary",
           "parse_minimum", "query_runs"]

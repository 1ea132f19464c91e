"""The best completed run per ticker (or per dataset for feature tables) and metric, on real records."""

from tests.history.conftest import record_of
from tradepulse.history import BOARD_METRICS, leaderboard

MARKET, MARKET_2, TABLE, FAILED = range(4)
WHERE = {"f1_score": ("performance_metrics", "f1_score"), "accuracy": ("performance_metrics", "accuracy"),
         "roc_auc": ("performance_metrics", "roc_auc"), "sharpe": ("trading_metrics", "strategy", "sharpe"),
         "strategy_return_pct": ("trading_metrics", "strategy", "total_return_pct"),
         "max_drawdown_pct": ("trading_metrics", "strategy", "max_drawdown_pct"),
         "win_rate_pct": ("trading_metrics", "strategy", "win_rate_pct")}


def value(record, metric):
    for key in WHERE[metric]:
        record = (record or {}).get(key)
    return record


def test_each_ticker_gets_the_best_market_run_per_metric(history):
    store, runs = history
    board = leaderboard(store)
    assert [(row.by, row.group) for row in board] == [("ticker", "AAA"), ("ticker", "BBB"), ("dataset", "features.csv")]
    records = [record_of(store, run_id) for run_id in runs[:2]]
    for row in board[:2]:
        assert set(row.best) == set(BOARD_METRICS)
        for metric, best in row.best.items():
            winner = max(records, key=lambda record: value(record, metric))
            assert best.value == value(winner, metric), metric
            assert value(record_of(store, best.run_id), metric) == best.value


def test_max_drawdown_picks_the_least_deep(history):
    store, runs = history
    depths = [record_of(store, run_id)["trading_metrics"]["strategy"]["max_drawdown_pct"] for run_id in runs[:2]]
    assert all(depth <= 0 for depth in depths)
    assert leaderboard(store)[0].best["max_drawdown_pct"].value == max(depths)


def test_a_feature_table_run_is_ranked_under_its_dataset_without_trading_metrics(history):
    store, runs = history
    row = leaderboard(store)[-1]
    assert row.group == "features.csv" and row.by == "dataset"
    assert {best.run_id for best in row.best.values()} == {runs[TABLE]}
    assert set(row.best) == {"f1_score", "accuracy", "roc_auc"}  # no trading on a feature table


def test_one_ticker_only_and_failed_runs_never_rank(history):
    store, runs = history
    [row] = leaderboard(store, ticker="bbb")
    assert row.group == "BBB" and runs[FAILED] not in {best.run_id for best in row.best.values()}
    assert leaderboard(store, ticker="ZZZ") == []
    store.delete(runs[MARKET])
    store.delete(runs[MARKET_2])
    assert [row.group for row in leaderboard(store)] == ["features.csv"]

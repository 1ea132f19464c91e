"""Trading metrics: hand-computed fixtures, the multi-ticker book, bar frequency, and agreement with empyrical."""

import json
import math

import empyrical
import numpy as np
import pandas as pd
import pytest

from tradepulse.evaluation.trading import (DEFINITIONS_VERSION, METRIC_KEYS, book_returns, equity_curves,
                                           periods_per_year, series_metrics, trading_metrics)

REL = 1e-9
DAYS = pd.bdate_range("2024-01-01", periods=5).to_numpy()  # Monday to Friday: 252 periods a year


def approx(value):
    return pytest.approx(value, rel=REL, abs=0)


def assert_metrics(result: dict, expected: dict):
    assert list(result) == list(METRIC_KEYS)
    for key, value in expected.items():
        assert result[key] == (value if value is None else approx(value)), key


# One ticker, 10 bps per side: p_up 0.5 equals the threshold, so that bar is flat.
RETURNS = [0.02, -0.01, 0.03, -0.02, 0.01]
P_UP = [0.6, 0.7, 0.5, 0.55, 0.3]


def test_positions_and_costs_by_hand():
    book = book_returns(DAYS, None, RETURNS, P_UP, cost_bps=10)
    assert book["position"].tolist() == [1, 1, 0, 1, 0]
    # Entry on the first bar is charged; so are the exit on bar 3, the re-entry and the final exit.
    assert book["turnover"].tolist() == [1, 0, 1, 1, 1]
    assert book["strategy"].tolist() == approx([0.02 - 0.001, -0.01, -0.001, -0.02 - 0.001, -0.001])
    assert book["buy_and_hold"].tolist() == approx([0.02 - 0.001, -0.01, 0.03, -0.02, 0.01])
    assert book["entries"].tolist() == [1, 0, 0, 1, 0] and book["hold_entries"].tolist() == [1, 0, 0, 0, 0]


def test_every_metric_by_hand():
    result = trading_metrics(DAYS, None, RETURNS, P_UP, cost_bps=10)
    assert result["settings"] == {"cost_bps": 10.0, "periods_per_year": 252, "threshold": 0.5, "risk_free": 0.0,
                                  "bars": 5, "definitions": DEFINITIONS_VERSION, "book": "single ticker"}

    # Strategy returns: 0.019, -0.01, -0.001, -0.021, -0.001.
    total = 1.019 * 0.99 * 0.999 * 0.979 * 0.999 - 1
    cagr = (1 + total) ** (252 / 5) - 1
    mean = (0.019 - 0.01 - 0.001 - 0.021 - 0.001) / 5
    std = math.sqrt(((0.019 - mean) ** 2 + (-0.01 - mean) ** 2 + 2 * (-0.001 - mean) ** 2
                     + (-0.021 - mean) ** 2) / 4)
    downside = math.sqrt((0.01 ** 2 + 0.001 ** 2 + 0.021 ** 2 + 0.001 ** 2) / 5)
    drawdown = 0.99 * 0.999 * 0.979 * 0.999 - 1  # from the peak after the first bar to the end
    assert_metrics(result["strategy"], {
        "total_return_pct": total * 100, "cagr_pct": cagr * 100, "volatility_pct": std * math.sqrt(252) * 100,
        "sharpe": mean / std * math.sqrt(252), "sortino": mean * math.sqrt(252) / downside,
        "max_drawdown_pct": drawdown * 100, "calmar": cagr / abs(drawdown),
        "win_rate_pct": 100 / 3,  # in market on bars 1, 2 and 4: only the first gains
        "profit_factor": 0.019 / (0.01 + 0.001 + 0.021 + 0.001), "exposure_pct": 60.0,
        "trades": 2, "turnover": 4.0})

    # Buy-and-hold returns: 0.019, -0.01, 0.03, -0.02, 0.01.
    total = 1.019 * 0.99 * 1.03 * 0.98 * 1.01 - 1
    cagr = (1 + total) ** (252 / 5) - 1
    mean = (0.019 - 0.01 + 0.03 - 0.02 + 0.01) / 5
    std = math.sqrt(((0.019 - mean) ** 2 + (-0.01 - mean) ** 2 + (0.03 - mean) ** 2 + (-0.02 - mean) ** 2
                     + (0.01 - mean) ** 2) / 4)
    downside = math.sqrt((0.01 ** 2 + 0.02 ** 2) / 5)
    drawdown = 0.98 - 1
    assert_metrics(result["buy_and_hold"], {
        "total_return_pct": total * 100, "cagr_pct": cagr * 100, "volatility_pct": std * math.sqrt(252) * 100,
        "sharpe": mean / std * math.sqrt(252), "sortino": mean * math.sqrt(252) / downside,
        "max_drawdown_pct": drawdown * 100, "calmar": cagr / abs(drawdown), "win_rate_pct": 60.0,
        "profit_factor": (0.019 + 0.03 + 0.01) / (0.01 + 0.02), "exposure_pct": 100.0,
        "trades": 1, "turnover": 1.0})


def test_risk_free_rate_is_taken_per_period():
    rf = 0.04
    result = trading_metrics(DAYS, None, RETURNS, [1.0] * 5, cost_bps=0, risk_free=rf)["buy_and_hold"]
    excess = [r - rf / 252 for r in RETURNS]
    mean = sum(excess) / 5
    std = math.sqrt(sum((x - mean) ** 2 for x in excess) / 4)
    assert result["sharpe"] == approx(mean / std * math.sqrt(252))
    assert result["sortino"] == approx(mean * math.sqrt(252) / math.sqrt(sum(min(x, 0) ** 2 for x in excess) / 5))


def test_max_drawdown_counts_a_loss_on_the_first_bar():
    # Regression: the drawdown's peak used to start at the first bar's equity, so this read 0 %.
    result = series_metrics([-0.10, 0.05, 0.01], 252)
    assert result["total_return_pct"] == approx((0.9 * 1.05 * 1.01 - 1) * 100)
    assert round(result["total_return_pct"], 4) == -4.555
    assert result["max_drawdown_pct"] == approx(-10.0)
    curves = equity_curves(book_returns(DAYS[:3], None, [-0.10, 0.05, 0.01], [0.9] * 3, cost_bps=0))
    assert curves["strategy_equity"].tolist() == approx([0.9, 0.9 * 1.05, 0.9 * 1.05 * 1.01])
    assert curves["strategy_drawdown_pct"].tolist() == approx([-10.0, (0.945 - 1) * 100, (0.95445 - 1) * 100])
    assert list(curves.columns) == ["time", "strategy_equity", "buy_and_hold_equity", "strategy_drawdown_pct",
                                    "buy_and_hold_drawdown_pct"]


def test_two_tickers_on_different_calendars():
    day = pd.bdate_range("2024-01-01", periods=5).to_numpy()
    # A trades on days 0-2, B on days 1-4; B's last row has no next bar and is dropped.
    rows = [("A", 0, 0.01, 0.9), ("A", 1, 0.02, 0.1), ("A", 2, -0.01, 0.9),
            ("B", 1, 0.03, 0.9), ("B", 2, -0.02, 0.9), ("B", 3, 0.04, 0.1), ("B", 4, np.nan, 0.9)]
    rows = [rows[i] for i in (6, 2, 3, 0, 5, 1, 4)]  # any order
    tickers, times, returns, p_up = zip(*[(t, day[d], r, p) for t, d, r, p in rows])
    book = book_returns(times, tickers, returns, p_up, cost_bps=10)
    # Legs: A strategy 0.009, -0.001, -0.011; B strategy 0.029, -0.02, -0.001.
    assert list(book.index) == list(day[:4])
    assert book["strategy"].tolist() == approx([0.009, (-0.001 + 0.029) / 2, (-0.011 - 0.02) / 2, -0.001])
    assert book["buy_and_hold"].tolist() == approx([0.009, (0.02 + 0.029) / 2, (-0.01 - 0.02) / 2, 0.04])
    assert book["position"].tolist() == [1.0, 0.5, 1.0, 0.0]
    assert book["turnover"].tolist() == [1.0, 1.0, 0.5, 1.0]
    assert book["entries"].tolist() == [1, 1, 1, 0] and book["hold_entries"].tolist() == [1, 1, 0, 0]

    result = trading_metrics(times, tickers, returns, p_up, cost_bps=10)
    assert result["settings"]["book"] == "equal-weight, rebalanced each bar" and result["settings"]["bars"] == 4
    strategy, hold = result["strategy"], result["buy_and_hold"]
    assert strategy["total_return_pct"] == approx((1.009 * 1.014 * 0.9845 * 0.999 - 1) * 100)
    assert (strategy["trades"], strategy["turnover"], strategy["exposure_pct"]) == (3, 3.5, 62.5)
    assert strategy["win_rate_pct"] == approx(200 / 3)  # in market on days 0-2: 0.009, 0.014, -0.0155
    assert (hold["trades"], hold["turnover"]) == (2, 1.5)
    assert hold["total_return_pct"] == approx((1.009 * 1.0245 * 0.985 * 1.04 - 1) * 100)


@pytest.mark.parametrize("times, expected", [
    (pd.bdate_range("2024-01-01", periods=30), 252),
    (pd.date_range("2024-01-01", periods=30, freq="D"), 252),
    (pd.date_range("2024-01-05", periods=20, freq="W-FRI"), 52),
    (pd.date_range("2024-01-31", periods=24, freq="ME"), 12),
    (pd.date_range("2024-03-31", periods=8, freq="QE"), 4),
    (pd.date_range("2015-12-31", periods=8, freq="YE"), 1),
    # Seven hourly bars per session, 09:30 to 15:30, over two weeks.
    (pd.DatetimeIndex([d + pd.Timedelta(hours=9.5 + h) for d in pd.bdate_range("2024-01-01", periods=10)
                       for h in range(7)]), 7 * 252),
    (pd.date_range("2024-01-01", periods=24 * 7, freq="h"), 24 * 252),
    (pd.DatetimeIndex(["2024-01-01"]), 252),
])
def test_periods_per_year(times, expected):
    assert periods_per_year(times.to_numpy()) == expected


def test_periods_per_year_measures_spacing_within_each_ticker():
    # Weekly bars for two tickers a day apart: pooled, the spacing would look daily.
    weeks = pd.date_range("2024-01-01", periods=10, freq="W-MON")
    times = np.concatenate([weeks.to_numpy(), (weeks + pd.Timedelta(days=1)).to_numpy()])
    assert periods_per_year(times, ["A"] * 10 + ["B"] * 10) == 52
    assert periods_per_year(times) == 252


def test_inferred_intraday_periods_annualize_the_metrics():
    times = [d + pd.Timedelta(hours=9.5 + h) for d in pd.bdate_range("2024-01-01", periods=3) for h in range(7)]
    returns = np.random.default_rng(3).normal(0, 0.002, len(times))
    result = trading_metrics(np.array(times, dtype="datetime64[ns]"), None, returns, np.ones(len(times)), cost_bps=0)
    assert result["settings"]["periods_per_year"] == 1764
    assert result["buy_and_hold"]["volatility_pct"] == approx(np.std(returns, ddof=1) * math.sqrt(1764) * 100)


def test_undefined_values_are_none_and_everything_is_json_safe():
    flat_gains = series_metrics([0.01] * 4, 252)  # no dispersion, no loss, no drawdown
    assert (flat_gains["sharpe"], flat_gains["sortino"], flat_gains["profit_factor"], flat_gains["calmar"]) \
        == (None, None, None, None)
    never_long = trading_metrics(DAYS, None, RETURNS, [0.1] * 5)["strategy"]
    assert never_long["win_rate_pct"] is None and never_long["sharpe"] is None and never_long["trades"] == 0
    assert series_metrics([0.02], 252)["volatility_pct"] is None
    ruined = series_metrics([0.1, -1.0, 0.2], 252)
    assert (ruined["cagr_pct"], ruined["max_drawdown_pct"], ruined["calmar"]) == (-100.0, -100.0, -1.0)
    # Three hourly bars a year's worth of sessions would compound past float range: undefined, not inf.
    assert series_metrics([0.5, 0.5, 0.5], 98280)["cagr_pct"] is None
    empty = trading_metrics(DAYS, None, [np.nan] * 5, P_UP)
    assert empty["settings"]["bars"] == 0 and empty["strategy"]["cagr_pct"] is None
    for result in (trading_metrics(DAYS, None, RETURNS, P_UP), empty):
        json.dumps(result, allow_nan=False)
        for side in ("strategy", "buy_and_hold"):
            assert all(type(v) in (float, int, type(None)) for v in result[side].values())


@pytest.mark.parametrize("cost", [-1, float("nan"), float("inf")])
def test_invalid_cost_is_rejected(cost):
    with pytest.raises(ValueError, match="cost_bps"):
        trading_metrics(DAYS, None, RETURNS, P_UP, cost_bps=cost)


def test_duplicate_ticker_times_are_rejected():
    with pytest.raises(ValueError, match="share a ticker and a time"):
        book_returns(np.concatenate([DAYS, DAYS]), None, RETURNS * 2, P_UP * 2)


def assert_agrees_with_empyrical(returns, ppy, risk_free=0.0):
    ours = series_metrics(returns, ppy, risk_free=risk_free)
    returns = np.asarray(returns, dtype=float)
    rf = risk_free / ppy
    theirs = {
        "total_return_pct": empyrical.cum_returns_final(returns) * 100,
        "cagr_pct": empyrical.annual_return(returns, annualization=ppy) * 100,
        "volatility_pct": empyrical.annual_volatility(returns, annualization=ppy) * 100,
        "sharpe": empyrical.sharpe_ratio(returns, risk_free=rf, annualization=ppy),
        "sortino": empyrical.sortino_ratio(returns, required_return=rf, annualization=ppy),
        "max_drawdown_pct": empyrical.max_drawdown(returns) * 100,
        "calmar": empyrical.calmar_ratio(returns, annualization=ppy),
    }
    for key, value in theirs.items():
        # empyrical reports undefined ratios as NaN or inf; ours are None.
        assert ours[key] == (approx(value) if np.isfinite(value) else None), key


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ppy", [252, 52, 12, 1764])
def test_agrees_with_empyrical_on_random_series(seed, ppy):
    rng = np.random.default_rng(seed)
    returns = rng.normal(0.0004, 0.015, int(rng.integers(200, 500)))
    assert_agrees_with_empyrical(returns, ppy, risk_free=0.03 * (seed % 2))


@pytest.mark.parametrize("returns", [
    [-0.10, 0.05, 0.01],  # the drawdown starts at the first bar
    [0.01, 0.02, 0.005],  # no loss: Sortino and Calmar undefined
    [0.001] * 10,  # no dispersion: Sharpe undefined
    [0.1, -1.0, 0.2],  # ruin
    [0.03, -0.02],
    [0.0, 0.0, -0.01, 0.0],
])
def test_agrees_with_empyrical_on_edge_cases(returns):
    assert_agrees_with_empyrical(returns, 252)


def test_book_metrics_agree_with_empyrical():
    rng = np.random.default_rng(42)
    days = pd.bdate_range("2023-01-02", periods=300).to_numpy()
    # Three tickers, each missing a random tenth of the days.
    keep = rng.random((3, len(days))) > 0.1
    times = np.concatenate([days[k] for k in keep])
    tickers = np.repeat(["A", "B", "C"], keep.sum(axis=1))
    returns, p_up = rng.normal(0.0003, 0.02, len(times)), rng.random(len(times))
    result = trading_metrics(times, tickers, returns, p_up, cost_bps=5, risk_free=0.02)
    assert result["settings"]["periods_per_year"] == 252
    book = book_returns(times, tickers, returns, p_up, cost_bps=5)
    strategy = series_metrics(book["strategy"], 252, book["position"], book["entries"].sum(),
                              book["turnover"].sum(), risk_free=0.02)
    assert result["strategy"] == strategy
    assert_agrees_with_empyrical(book["strategy"], 252, risk_free=0.02)
    assert_agrees_with_empyrical(book["buy_and_hold"], 252, risk_free=0.02)
    curves = equity_curves(book)
    assert curves["strategy_drawdown_pct"].min() == approx(strategy["max_drawdown_pct"])
    assert curves["buy_and_hold_equity"].iloc[-1] - 1 == approx(result["buy_and_hold"]["total_return_pct"] / 100)

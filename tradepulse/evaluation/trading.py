"""Trading results of a long/flat strategy driven by the model's out-of-sample probabilities.

Inputs are the scored out-of-sample rows of a run: a time, a ticker (None: single-ticker data), the
return from the bar's close to the same ticker's next close (rows where it is NaN are dropped) and
the model's probability of "up".

- Position: decided at bar t's close, long (1) when p_up > threshold, else flat (0); it earns the
  next return. A cost c = cost_bps / 1e4 is charged on every change of position, the first entry
  included: per ticker in time order, strategy_t = pos_t * r_t - c * |pos_t - pos_{t-1}|, with
  pos = 0 before the ticker's first scored bar. The last position is not closed (no exit charge).
  Buy-and-hold earns r_t and pays c once, on the ticker's first bar.
- Several tickers: an equal-weight book, rebalanced each bar: at each time, the mean across the
  tickers with a bar at that time of their returns (likewise positions and |delta pos|). For one
  ticker this is plain buy-and-hold. Rebalancing trades themselves are not charged.
- Periods per year, from the median spacing between a ticker's consecutive bars: <= 0.5 day:
  bars per session x 252 (median bars per ticker and calendar day); <= 4 days: 252; <= 10: 52;
  <= 45: 12; <= 120: 4; else 1; 252 when no ticker has two bars.
- Metrics on the book's per-period returns R (n periods, ppy a year, rf_p = risk_free / ppy):
  total_return_pct = (prod(1 + R) - 1) * 100; cagr_pct = ((1 + total)^(ppy / n) - 1) * 100 (-100 once
  total <= -1); volatility_pct = std(R, ddof=1) * sqrt(ppy) * 100; sharpe = mean(R - rf_p) /
  std(R - rf_p, ddof=1) * sqrt(ppy); sortino = mean(R - rf_p) * sqrt(ppy) / sqrt(mean(min(R - rf_p, 0)^2));
  max_drawdown_pct on compounded equity starting at 1 before the first bar; calmar = cagr / |max
  drawdown|; win_rate_pct = share of in-market bars (book position > 0) with R > 0; profit_factor =
  sum(R > 0) / |sum(R < 0)|; exposure_pct = mean book position * 100; trades = entries (0 -> 1) summed
  over tickers; turnover = sum over time of the book's mean |delta pos|, in multiples of its capital.
  Undefined values (fewer than two periods for volatility, Sharpe and Sortino; no dispersion; no
  downside; no drawdown; no in-market bar) are None. Values are plain, unrounded Python numbers.
"""

import math

import numpy as np
import pandas as pd

from tradepulse.evaluation.settings import DEFAULT_COST_BPS

DEFINITIONS_VERSION = 2
METRIC_KEYS = ("total_return_pct", "cagr_pct", "volatility_pct", "sharpe", "sortino", "max_drawdown_pct",
               "calmar", "win_rate_pct", "profit_factor", "exposure_pct", "trades", "turnover")
SINGLE_BOOK, MULTI_BOOK = "single ticker", "equal-weight, rebalanced each bar"
_SPACING_DAYS = ((4, 252), (10, 52), (45, 12), (120, 4))
_MEANS = ["strategy", "buy_and_hold", "position", "turnover", "hold_turnover"]


def _bars(times, tickers) -> pd.DataFrame:
    times = pd.DatetimeIndex(times)
    ticker = np.zeros(len(times), dtype=int) if tickers is None else np.asarray(tickers)
    return pd.DataFrame({"time": times, "ticker": ticker})


def periods_per_year(times, tickers=None) -> int:
    """Bars per year, from the median spacing between consecutive bars of the same ticker."""
    bars = _bars(times, tickers).drop_duplicates().sort_values(["ticker", "time"])
    gaps = bars.groupby("ticker")["time"].diff().dropna()
    if gaps.empty:
        return 252
    days = gaps.median() / pd.Timedelta(days=1)
    if days <= 0.5:
        per_session = bars.groupby(["ticker", bars["time"].dt.normalize()]).size().median()
        return int(round(per_session * 252))
    return next((ppy for limit, ppy in _SPACING_DAYS if days <= limit), 1)


def _cost(cost_bps) -> float:
    if not math.isfinite(cost_bps) or cost_bps < 0:
        raise ValueError(f"cost_bps must be a finite number of basis points >= 0, got {cost_bps!r}")
    return cost_bps / 1e4


def _scored_rows(times, tickers, next_returns, p_up) -> pd.DataFrame:
    rows = _bars(times, tickers).assign(r=np.asarray(next_returns, dtype=float), p=np.asarray(p_up, dtype=float))
    rows = rows[rows["r"].notna()]
    if rows.duplicated(["ticker", "time"]).any():
        raise ValueError("several rows share a ticker and a time; pass tickers for multi-ticker data")
    # Each ticker's bars in time order: position changes and first bars are read from the previous row.
    return rows.sort_values(["ticker", "time"])


def _book(rows: pd.DataFrame, threshold: float, cost: float) -> pd.DataFrame:
    position = (rows["p"] > threshold).astype(float)
    previous = position.groupby(rows["ticker"]).shift(fill_value=0.0)
    change = (position - previous).abs()
    first = (~rows["ticker"].duplicated()).astype(float)
    legs = pd.DataFrame({
        "time": rows["time"], "strategy": position * rows["r"] - cost * change,
        "buy_and_hold": rows["r"] - cost * first, "position": position, "turnover": change,
        "hold_turnover": first, "entries": (position > previous).astype(int), "hold_entries": first.astype(int)})
    grouped = legs.groupby("time", sort=True)
    book = grouped[_MEANS].mean().join(grouped[["entries", "hold_entries"]].sum())
    return book[_MEANS[:4] + ["entries", "hold_entries", "hold_turnover"]]


def book_returns(times, tickers, next_returns, p_up, threshold=0.5, cost_bps=DEFAULT_COST_BPS) -> pd.DataFrame:
    """Per-time returns of the strategy and buy-and-hold books, with positions, turnover and entries.

    hold_turnover is buy-and-hold's mean |delta pos| (its entries), used for its turnover metric.
    """
    return _book(_scored_rows(times, tickers, next_returns, p_up), threshold, _cost(cost_bps))


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def series_metrics(returns, periods_per_year, positions=None, entries=0, turnover=0.0, risk_free=0.0) -> dict:
    """The metrics of METRIC_KEYS for one per-period return series; positions None: always in market."""
    r = np.asarray(returns, dtype=float)
    n, ppy = len(r), float(periods_per_year)
    held = np.ones(n) if positions is None else np.asarray(positions, dtype=float)
    equity = np.cumprod(np.concatenate(([1.0], 1.0 + r)))  # starting capital included
    total = equity[-1] - 1.0
    drawdown = float((equity / np.maximum.accumulate(equity) - 1.0).min())
    excess = r - risk_free / ppy
    cagr = None
    if n and total <= -1:
        cagr = -1.0
    elif n:
        with np.errstate(over="ignore"):  # few intraday bars can compound past float range
            cagr = _finite(np.float64(1.0 + total) ** (ppy / n) - 1.0)
    volatility = sharpe = sortino = None
    if n >= 2:
        volatility = float(np.std(r, ddof=1)) * math.sqrt(ppy) * 100
        # Identical values would leave a rounding residue of std instead of 0 (as empyrical guards).
        if excess.max() != excess.min():
            sharpe = _finite(excess.mean() / np.std(excess, ddof=1) * math.sqrt(ppy))
        downside = math.sqrt(float(np.mean(np.minimum(excess, 0.0) ** 2)))
        if downside > 0:
            sortino = _finite(excess.mean() * math.sqrt(ppy) / downside)
    in_market = held > 0
    losses = r[r < 0].sum()
    return {
        "total_return_pct": float(total) * 100,
        "cagr_pct": None if cagr is None else cagr * 100,
        "volatility_pct": volatility,
        "sharpe": sharpe,
        "sortino": sortino,
        "max_drawdown_pct": drawdown * 100,
        "calmar": None if cagr is None or drawdown == 0 else cagr / abs(drawdown),
        "win_rate_pct": float(np.mean(r[in_market] > 0)) * 100 if in_market.any() else None,
        "profit_factor": _finite(r[r > 0].sum() / -losses) if losses < 0 else None,
        "exposure_pct": float(held.mean()) * 100 if n else None,
        "trades": int(entries),
        "turnover": float(turnover),
    }


def trading_metrics(times, tickers, next_returns, p_up, threshold=0.5, cost_bps=DEFAULT_COST_BPS,
                    periods=None, risk_free=0.0) -> dict:
    """Strategy and buy-and-hold metrics over the scored rows, with the settings they were computed under."""
    cost = _cost(cost_bps)
    rows = _scored_rows(times, tickers, next_returns, p_up)
    book = _book(rows, threshold, cost)
    ppy = int(periods) if periods is not None else periods_per_year(rows["time"], rows["ticker"])
    if ppy <= 0:
        raise ValueError(f"periods per year must be positive, got {periods!r}")
    strategy = series_metrics(book["strategy"], ppy, book["position"], book["entries"].sum(),
                              book["turnover"].sum(), risk_free)
    hold = series_metrics(book["buy_and_hold"], ppy, None, book["hold_entries"].sum(),
                          book["hold_turnover"].sum(), risk_free)
    return {"strategy": strategy, "buy_and_hold": hold, "settings": {
        "cost_bps": float(cost_bps), "periods_per_year": ppy, "threshold": float(threshold),
        "risk_free": float(risk_free), "bars": len(book), "definitions": DEFINITIONS_VERSION,
        "book": SINGLE_BOOK if rows["ticker"].nunique() <= 1 else MULTI_BOOK}}


def equity_curves(book: pd.DataFrame) -> pd.DataFrame:
    """Equity (1 before the first bar) and drawdown in percent after each bar's return, for charts.

    A row's time is the bar the position was taken at; its return is realised at the next close.
    """
    out = {"time": book.index.to_numpy()}
    for name in ("strategy", "buy_and_hold"):
        equity = (1.0 + book[name].to_numpy(dtype=float)).cumprod()
        peak = np.maximum.accumulate(np.concatenate(([1.0], equity)))[1:]
        out[f"{name}_equity"] = equity
        out[f"{name}_drawdown_pct"] = (equity / peak - 1.0) * 100
    return pd.DataFrame(out)[["time", "strategy_equity", "buy_and_hold_equity",
                              "strategy_drawdown_pct", "buy_and_hold_drawdown_pct"]]

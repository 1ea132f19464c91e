"""Market bars into frame parts: standard columns, one bar per ticker and time, the chosen prices, features."""

import pandas as pd

from tradepulse.data.adjust import choose_prices
from tradepulse.data.features import LABEL_NAME, WARMUP_BARS, left_out_features, market_features, next_bar_labels
from tradepulse.data.kinds import PRICE_COLUMNS, standardize_market, ticker_codes


def market_bars(df: pd.DataFrame, prices: str) -> tuple[pd.DataFrame, list[str]]:
    """Bars in time (then ticker) order at the chosen prices, and notes on what was done to them. Cheap next
    to the features: the data status shows these notes before any training."""
    bars = standardize_market(df)
    keys = ["time", "ticker"] if "ticker" in bars else ["time"]
    unique = bars.drop_duplicates(subset=keys, keep="last")
    notes = []
    if len(unique) < len(bars):
        repeated = len(bars) - len(unique)
        notes.append(f"dropped {repeated} repeated bars (same {' and '.join(keys)}); kept the last of each")
    bars, price_notes = choose_prices(unique.sort_values(keys, kind="stable").reset_index(drop=True), prices)
    return bars, notes + price_notes + left_out_features(bars)


def market_parts(df: pd.DataFrame, prices: str) -> dict:
    """Frame fields for market bars: per-ticker features, the next-bar label, meta and notes."""
    bars, notes = market_bars(df, prices)
    groups = ticker_codes(bars.get("ticker"), len(bars))
    features = market_features(bars, groups)
    usable = features.notna().all(axis=1).to_numpy()
    warmup = bars.groupby(groups).cumcount().to_numpy() < WARMUP_BARS
    if warmup.any():
        notes.append(f"{warmup.sum()} warm-up rows (first {WARMUP_BARS} bars of each ticker) are not used")
    incomplete = int((~usable & ~warmup).sum())
    if incomplete:
        notes.append(f"{incomplete} rows with missing or invalid prices are not used")
    return {
        "target_name": LABEL_NAME,
        "features": features,
        "labels": next_bar_labels(bars, groups),
        "meta": bars[[c for c in ("time", "ticker", "close") if c in bars]],
        "bars": bars[[c for c in PRICE_COLUMNS if c in bars]].reset_index(drop=True),
        "groups": groups,
        "usable": usable,
        "notes": tuple(notes),
    }

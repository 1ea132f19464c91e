"""The modelling frame: features, labels and row facts in chronological order, built and checked."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradepulse.data.features import LABEL_NAME, WARMUP_BARS, market_features, next_bar_labels
from tradepulse.data.kinds import KINDS, MARKET, detect_kind, standardize_market, ticker_codes
from tradepulse.data.table import MAX_CATEGORIES, table_parts
from tradepulse.errors import DataError


@dataclass(frozen=True, eq=False)  # eq would compare DataFrames element-wise, which pandas refuses
class Frame:
    """Modelling rows in chronological order; the per-row fields share that order and length."""

    kind: str
    target_name: str | None
    features: pd.DataFrame  # numeric float64 (NaN allowed, never inf) and categorical str columns
    labels: pd.Series | None
    meta: pd.DataFrame  # optional "time", "ticker", "close"
    groups: np.ndarray  # ticker code per row, for per-ticker lookback windows
    usable: np.ndarray  # every feature of the row could be computed
    notes: tuple[str, ...]

    @property
    def n_rows(self) -> int:
        return len(self.features)

    @property
    def trainable(self) -> np.ndarray:
        """Rows with full features and a label."""
        if self.labels is None:
            return np.zeros(self.n_rows, dtype=bool)
        return self.usable & self.labels.notna().to_numpy()


def _market_parts(df: pd.DataFrame) -> dict:
    bars = standardize_market(df)
    keys = ["time", "ticker"] if "ticker" in bars else ["time"]
    unique = bars.drop_duplicates(subset=keys, keep="last")
    notes = []
    if len(unique) < len(bars):
        repeated = len(bars) - len(unique)
        notes.append(f"dropped {repeated} repeated bars (same {' and '.join(keys)}); kept the last of each")
    bars = unique.sort_values(keys, kind="stable").reset_index(drop=True)
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
        "groups": groups,
        "usable": usable,
        "notes": tuple(notes),
    }


def _check(frame: Frame, require_target: bool) -> None:
    if frame.n_rows == 0:
        raise DataError("the data has no rows")
    if frame.features.shape[1] == 0:
        raise DataError(f"no usable feature columns: need numbers or text with under {MAX_CATEGORIES} values")
    if not require_target:
        return
    labelled = frame.labels[frame.trainable]
    if labelled.empty:
        need = f" (market data needs over {WARMUP_BARS + 1} bars per ticker)" if frame.kind == MARKET else ""
        raise DataError(f"no row has both complete features and a target{need}")
    classes = labelled.drop_duplicates().tolist()
    if len(classes) < 2:
        raise DataError(f"target '{frame.target_name}' has a single value ({classes[0]!r}); need two or more")
    if len(classes) > MAX_CATEGORIES:
        raise DataError(
            f"target '{frame.target_name}' has {len(classes)} distinct values; "
            f"TradePulse predicts classes, at most {MAX_CATEGORIES}"
        )


def build_frame(
    df: pd.DataFrame, kind: str | None = None, target: str | None = None, require_target: bool = True
) -> Frame:
    """Check the data and turn it into a Frame of the given (or detected) kind."""
    if len(df) == 0:
        raise DataError("the data has no rows")
    kind = detect_kind(df) if kind is None else kind
    if kind == MARKET:
        if target not in (None, LABEL_NAME):
            raise DataError(f"market data predicts {LABEL_NAME}; to predict '{target}', load it as a table")
        parts = _market_parts(df)
    elif kind in KINDS:
        parts = table_parts(df, target, require_target)
    else:
        raise DataError(f"unknown data kind '{kind}' (use {' or '.join(KINDS)})")
    frame = Frame(kind=kind, **parts)
    _check(frame, require_target)
    return frame

"""The modelling frame: features, labels and row facts in chronological order, built and checked."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradepulse.data.adjust import ADJUSTED
from tradepulse.data.features import LABEL_NAME, WARMUP_BARS
from tradepulse.data.kinds import KINDS, MARKET, detect_kind
from tradepulse.data.market import market_parts
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
    # Market data: the bars' open/high/low/close/volume (those present), row for row, at the prices the
    # features use. For models that read the raw bars (ChartCNN); None for tables.
    bars: pd.DataFrame | None = None

    @property
    def n_rows(self) -> int:
        return len(self.features)

    @property
    def trainable(self) -> np.ndarray:
        """Rows with full features and a label."""
        if self.labels is None:
            return np.zeros(self.n_rows, dtype=bool)
        return self.usable & self.labels.notna().to_numpy()


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
    df: pd.DataFrame, kind: str | None = None, target: str | None = None, require_target: bool = True,
    prices: str = ADJUSTED,
) -> Frame:
    """Check the data and turn it into a Frame of the given (or detected) kind. prices: market bars with an
    adjusted close use split- and dividend-adjusted prices ("adjusted") or the traded ones ("raw")."""
    if len(df) == 0:
        raise DataError("the data has no rows")
    kind = detect_kind(df) if kind is None else kind
    if kind == MARKET:
        if target not in (None, LABEL_NAME):
            raise DataError(f"market data predicts {LABEL_NAME}; to predict '{target}', load it as a table")
        parts = market_parts(df, prices)
    elif kind in KINDS:
        parts = table_parts(df, target, require_target)
    else:
        raise DataError(f"unknown data kind '{kind}' (use {' or '.join(KINDS)})")
    frame = Frame(kind=kind, **parts)
    _check(frame, require_target)
    return frame

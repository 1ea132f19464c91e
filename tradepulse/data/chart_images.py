"""Candlestick images of bar windows, rendered with NumPy: what ChartCNN sees.

Each image shows the last `lookback` bars of one ticker, ending at the bar it scores (never a later bar):
price on top, scaled to the window's own lowest low and highest high, volume in a band below, scaled to
the window's largest volume. One channel in [0, 1]: rising bars (close >= open) are light, falling bars
darker, the background black. Whole batches are drawn at once, without a Python loop per image.
"""

import numpy as np

from tradepulse.errors import DataError

BAR_COLUMNS = ("open", "high", "low", "close", "volume")
RISING, FALLING = 1.0, 0.45
VOLUME_SHARE = 0.25  # of the image's height, under a one-pixel gap


def chart_bars(frame) -> np.ndarray:
    """The frame's bars as float64 [n_rows, 5] in BAR_COLUMNS order. Bars that lack open, high or low are
    drawn from what they have (open = close, high and low from the body); no volume draws an empty band."""
    bars = getattr(frame, "bars", None)
    if bars is None or "close" not in bars:
        raise DataError("ChartCNN draws market bars: it needs market data with at least a close column")
    close = bars["close"].to_numpy(np.float64)
    open_ = bars["open"].to_numpy(np.float64) if "open" in bars else close
    high = bars["high"].to_numpy(np.float64) if "high" in bars else np.fmax(open_, close)
    low = bars["low"].to_numpy(np.float64) if "low" in bars else np.fmin(open_, close)
    volume = bars["volume"].to_numpy(np.float64) if "volume" in bars else np.zeros_like(close)
    return np.column_stack([open_, high, low, close, volume])


def windows(bars: np.ndarray, groups: np.ndarray, usable: np.ndarray, lookback: int) -> tuple[np.ndarray, np.ndarray]:
    """Row positions [n_windows, lookback] of each window (one ticker's consecutive bars, the scored bar
    last) and the row each scores: usable rows with lookback bars of history, every price finite."""
    index = []
    for group in np.unique(groups):
        positions = np.flatnonzero(groups == group)
        if len(positions) >= lookback:
            index.append(np.lib.stride_tricks.sliding_window_view(positions, lookback))
    if not index:
        return np.empty((0, lookback), dtype=np.int64), np.empty(0, dtype=np.int64)
    index = np.concatenate(index)
    prices = bars[:, :4][index]
    keep = usable[index[:, -1]] & np.isfinite(prices).all(axis=(1, 2)) & (prices > 0).all(axis=(1, 2))
    index = index[keep]
    order = np.argsort(index[:, -1], kind="stable")  # frame order
    return np.ascontiguousarray(index[order]), index[order, -1]


def _layout(lookback: int, size: int):
    """Per pixel column: its bar, whether it is body and whether it is the wick's column."""
    if lookback > size:
        raise DataError(f"a {size}-pixel chart cannot show {lookback} bars: lower lookback or raise image_size")
    column = np.arange(size)
    bar = column * lookback // size
    first = np.searchsorted(bar, np.arange(lookback))
    width = np.diff(np.append(first, size))[bar]
    offset = column - first[bar]
    body_width = np.where(width >= 2, width - 1, 1)  # one blank column between bars when there is room
    return bar, offset < body_width, offset == (body_width - 1) // 2


def render(bars: np.ndarray, index: np.ndarray, size: int = 64, margins: np.ndarray | None = None) -> np.ndarray:
    """float32 images [n, size, size] of the windows `index` (from windows()). margins [n, 2]: extra room
    below and above the price range, as fractions of it (augmentation); none by default."""
    n, lookback = index.shape
    bar, body, wick = _layout(lookback, size)
    volume_rows = max(1, round(size * VOLUME_SHARE))
    price_rows = size - volume_rows - 1
    w = bars[index]  # [n, lookback, 5]
    o, h, lo, c, v = (w[..., k] for k in range(5))
    bottom, top = lo.min(axis=1, keepdims=True), h.max(axis=1, keepdims=True)
    span = top - bottom
    if margins is not None:
        bottom, top = bottom - margins[:, :1] * span, top + margins[:, 1:] * span
        span = top - bottom
    span = np.where(span > 0, span, 1.0)  # a flat window: one line at the top

    def row(price):  # pixel row of a price: 0 at the top
        return np.rint((top - price) / span * (price_rows - 1)).astype(np.int16)

    body_top, body_bottom = row(np.maximum(o, c)), row(np.minimum(o, c))
    wick_top, wick_bottom = row(h), row(lo)
    color = np.where(c >= o, RISING, FALLING).astype(np.float32)
    r = np.arange(price_rows, dtype=np.int16)[None, :, None]

    def spans(first, last):  # [n, rows, size]: the pixel row lies within [first, last] of its column's bar
        return (r >= first[:, None, bar]) & (r <= last[:, None, bar])

    drawn = (spans(body_top, body_bottom) & body) | (spans(wick_top, wick_bottom) & wick)
    price = drawn * color[:, None, bar]
    peak = np.nanmax(v, axis=1, keepdims=True)
    height = np.rint(np.nan_to_num(v / np.where(peak > 0, peak, 1.0)) * volume_rows).astype(np.int16)
    k = np.arange(volume_rows, dtype=np.int16)[None, :, None]
    volume = ((k >= volume_rows - height[:, None, bar]) & body) * color[:, None, bar]
    gap = np.zeros((n, 1, size), dtype=np.float32)
    return np.concatenate([price, gap, volume], axis=1).astype(np.float32, copy=False)


def shift_columns(images: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Each image moved right by its shift in pixels (left when negative), the edge filled with background:
    a small move along time that keeps its direction."""
    size = images.shape[2]
    source = np.arange(size)[None, :] - shifts[:, None]
    inside = (source >= 0) & (source < size)
    moved = np.take_along_axis(images, np.clip(source, 0, size - 1)[:, None, :], axis=2)
    return moved * inside[:, None, :]

"""Example ChartCNN inputs for the chosen data: a few windows drawn as the network sees them, with their labels."""

from dataclasses import dataclass

import numpy as np

from tradepulse.data import MARKET, build_frame, combine_tables
from tradepulse.data.chart_images import chart_bars, render, windows
from tradepulse.errors import TradePulseError


@dataclass(frozen=True)
class ChartExample:
    image: np.ndarray  # [size, size] in [0, 1]
    ticker: str
    time: str
    label: str  # what the next bar did: "next: up", "next: down", or "next: unknown" on a ticker's last bar


def chart_examples(tables, lookback: int, image_size: int, prices: str, count: int = 12) -> list[ChartExample]:
    """`count` windows spread evenly over the data (each the last `lookback` bars up to its row), drawn at
    image_size. Raises TradePulseError when the data is not market bars or is too short."""
    frame = build_frame(combine_tables(list(tables)), require_target=False, prices=prices)
    if frame.kind != MARKET:
        raise TradePulseError("ChartCNN draws market bars: choose market data to see its charts")
    bars = chart_bars(frame)
    index, rows = windows(bars, frame.groups, frame.usable, lookback)
    if not len(rows):
        raise TradePulseError(f"no ticker has {lookback} usable bars in a row to draw")
    picks = np.unique(np.linspace(0, len(rows) - 1, min(count, len(rows))).round().astype(int))
    images = render(bars, index[picks], image_size)
    labels = frame.labels.to_numpy()[rows[picks]]
    meta = frame.meta.iloc[rows[picks]]
    tickers = meta["ticker"].astype(str) if "ticker" in meta else [""] * len(picks)
    times = meta["time"].astype(str) if "time" in meta else [""] * len(picks)
    words = {1.0: "next: up", 0.0: "next: down"}
    return [ChartExample(image, ticker, time, words.get(label, "next: unknown"))
            for image, ticker, time, label in zip(images, tickers, times, labels)]

"""The candlestick renderer on hand-made bars: what is drawn where, and that no later bar enters an image."""

import numpy as np
import pytest

from tradepulse.data.chart_images import FALLING, RISING, VOLUME_SHARE, render, shift_columns, windows
from tradepulse.errors import DataError

SIZE = 32
PRICE_ROWS = SIZE - round(SIZE * VOLUME_SHARE) - 1


def bar(open_, high, low, close, volume=1.0):
    return [open_, high, low, close, volume]


def draw(rows, size=SIZE, margins=None):
    bars = np.array(rows, dtype=np.float64)
    return render(bars, np.arange(len(bars))[None, :], size, margins)[0], bars


def columns_of(image, value):
    """Pixel columns holding `value` somewhere in the price area."""
    return np.flatnonzero((image[:PRICE_ROWS] == np.float32(value)).any(axis=0))


def body_top(image, columns):
    """The highest (smallest) price-area row drawn in any of columns."""
    return np.flatnonzero(image[:PRICE_ROWS, columns].any(axis=1)).min()


def test_a_rising_candle_is_light_and_drawn_rising():
    image, _ = draw([bar(10, 10.6, 9.9, 10.5), bar(10.5, 11.1, 10.4, 11), bar(11, 11.6, 10.9, 11.5)])
    assert set(np.unique(image)) == {0.0, np.float32(RISING)}  # light candles on black, nothing else
    thirds = np.array_split(np.arange(SIZE), 3)
    tops = [body_top(image, part) for part in thirds]
    assert tops[0] > tops[1] > tops[2]  # each bar higher on the picture than the one before


def test_a_falling_candle_is_darker_than_a_rising_one():
    image, _ = draw([bar(10, 10.2, 9.4, 9.5), bar(9.5, 10.3, 9.4, 10.2)])
    falling, rising = columns_of(image, FALLING), columns_of(image, RISING)
    assert FALLING < RISING and len(falling) and len(rising)
    assert falling.max() < rising.min()  # the falling bar first, on the left: time runs left to right


def test_wicks_reach_the_high_and_the_low_and_bodies_do_not():
    image, _ = draw([bar(10, 12, 9, 10.5), bar(10.5, 11, 8, 10.8)])
    price = image[:PRICE_ROWS]
    first, second = np.array_split(np.arange(SIZE), 2)
    assert price[0, first].any() and not price[0, second].any()  # the window's highest high: bar one
    assert price[-1, second].any() and not price[-1, first].any()  # its lowest low: bar two
    # Only the wick (one column) reaches the extremes; the body is wider.
    widest = (price[:, first] > 0).sum(axis=1)
    assert widest[0] == 1 and widest.max() > 1


def test_volume_fills_its_band_in_proportion_to_the_window_peak():
    image, _ = draw([bar(10, 11, 9, 10.5, volume=100), bar(10, 11, 9, 10.5, volume=50)])
    band = image[SIZE - round(SIZE * VOLUME_SHARE):]
    first, second = np.array_split(np.arange(SIZE), 2)
    heights = [(band[:, part] > 0).sum(axis=0).max() for part in (first, second)]
    assert heights == [len(band), round(len(band) / 2)]
    assert not image[PRICE_ROWS].any()  # the gap between price and volume


def test_no_later_bar_enters_an_image():
    rng = np.random.default_rng(3)
    close = 100 + rng.normal(0, 1, 40).cumsum()
    bars = np.column_stack([close, close + 1, close - 1, close + rng.normal(0, 0.5, 40), rng.uniform(1, 9, 40)])
    groups, usable = np.zeros(40, dtype=int), np.ones(40, dtype=bool)
    index, rows = windows(bars, groups, usable, lookback=5)
    assert (index[:, -1] == rows).all() and (index.max(axis=1) == rows).all()
    before = render(bars, index, SIZE)
    changed = bars.copy()
    changed[25:] *= rng.uniform(0.5, 2.0, changed[25:].shape)  # rewrite the future after row 24
    after = render(changed, index, SIZE)
    past = rows <= 24
    np.testing.assert_array_equal(before[past], after[past])
    assert not np.array_equal(before[~past], after[~past])


def test_windows_stay_within_a_ticker_and_skip_rows_without_history_or_prices():
    bars = np.tile([[10.0, 11, 9, 10.5, 1]], (10, 1))
    bars[8, 3] = np.nan  # a missing close: no window through it
    groups = np.array([0, 0, 0, 1, 1, 0, 1, 1, 0, 0])
    usable = np.ones(10, dtype=bool)
    usable[9] = False
    index, rows = windows(bars, groups, usable, lookback=3)
    assert rows.tolist() == [2, 5, 6, 7]
    assert index.tolist() == [[0, 1, 2], [1, 2, 5], [3, 4, 6], [4, 6, 7]]


def test_augmentation_moves_along_time_and_price_without_flipping():
    rows = [bar(10, 10.6, 9.9, 10.5), bar(10.5, 11.1, 10.4, 11), bar(11, 11.6, 10.9, 11.5)]
    image, bars = draw(rows)
    shifted = shift_columns(image[None], np.array([2]))[0]
    np.testing.assert_array_equal(shifted[:, 2:], image[:, :-2])
    assert not shifted[:, :2].any()
    roomy, _ = draw(rows, margins=np.array([[0.1, 0.1]]))
    thirds = np.array_split(np.arange(SIZE), 3)
    tops = [body_top(roomy, part) for part in thirds]
    assert tops[0] > tops[1] > tops[2] and body_top(roomy, np.arange(SIZE)) > 0  # still rising, with room above


def test_a_window_wider_than_the_image_is_refused():
    with pytest.raises(DataError, match="lookback"):
        render(np.ones((40, 5)), np.arange(40)[None, :], size=16)

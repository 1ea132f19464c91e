"""Split- and dividend-adjusted prices from an Adj Close by default; raw prices on request; splits left in
raw prices are named."""

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import build_frame, combine_tables
from tradepulse.errors import DataError

from .shapes import SPLIT_DAY, daily_bars

SPLIT_ROW = int((pd.bdate_range("2000-03-01", periods=160) < SPLIT_DAY).sum())  # the first bar after the split
ADJUSTED_NOTE = "prices adjusted for splits and dividends (open, high, low, close × Adj Close / Close)"


@pytest.mark.parametrize("column", ["Adj Close", "adj_close", "adjclose", " ADJ  CLOSE "])
def test_the_adjusted_close_is_used_by_default(column):
    bars = daily_bars(split_ratio=2.0, adj_close=column)
    frame = build_frame(bars)
    assert abs(frame.features["return_1"].iloc[SPLIT_ROW]) < 0.1  # no -50 % "crash" on the split
    np.testing.assert_allclose(frame.meta["close"], bars[column])
    assert any(note.startswith(ADJUSTED_NOTE) for note in frame.notes)
    assert not any("split" in note and "possible" in note for note in frame.notes)


def test_open_high_low_are_scaled_with_the_close_and_volume_is_not():
    bars = daily_bars(split_ratio=2.0, adj_close="Adj Close")
    adjusted, raw = build_frame(bars), build_frame(bars, prices="raw")
    # Ratios within a bar are the same at any scale: had only the close moved, they would differ.
    for name in ("range_hl", "close_position", "log_volume_change", "volume_z_20"):
        pd.testing.assert_series_equal(adjusted.features[name], raw.features[name], rtol=1e-9)
    np.testing.assert_allclose(raw.meta["close"], bars["Close"])


@pytest.mark.parametrize(("ratio", "shown"), [(2.0, "2:1"), (3.0, "3:1"), (1.5, "3:2"), (0.5, "1:2")])
def test_a_split_in_raw_prices_is_named(ratio, shown):
    bars = combine_tables([("aapl.csv", daily_bars(split_ratio=ratio))])
    frame = build_frame(bars)
    assert frame.features["return_1"].iloc[SPLIT_ROW] == pytest.approx(1 / ratio - 1, abs=0.05)
    assert f"possible split on {SPLIT_DAY} (AAPL, about {shown}): prices look unadjusted" in frame.notes


def test_raw_prices_on_request_name_the_split_too():
    frame = build_frame(daily_bars(split_ratio=2.0, adj_close="Adj Close"), prices="raw")
    assert "raw prices: the adjusted close is not used" in frame.notes
    assert f"possible split on {SPLIT_DAY} (about 2:1): prices look unadjusted" in frame.notes


def test_splits_of_several_tickers_are_listed_in_one_note():
    tables = [("aapl.csv", daily_bars(split_ratio=2.0)), ("msft.csv", daily_bars(seed=5, split_ratio=2.0))]
    frame = build_frame(combine_tables(tables))
    assert (f"possible splits on {SPLIT_DAY} (AAPL, about 2:1), {SPLIT_DAY} (MSFT, about 2:1): "
            "prices look unadjusted") in frame.notes


def test_ordinary_moves_are_not_splits(make_bars):
    bars = make_bars(400)
    bars.loc[200:, ["Open", "High", "Low", "Close"]] *= 0.8  # a 20 % fall is a bad day, not a split
    assert not any("split" in note for note in build_frame(bars).notes)


def test_an_unknown_price_choice_is_refused(make_bars):
    with pytest.raises(DataError, match="prices must be 'adjusted' or 'raw'"):
        build_frame(make_bars(40), prices="split")


def test_without_a_close_the_adjusted_close_is_the_close_and_raw_open_high_low_are_left_out():
    bars = daily_bars(split_ratio=2.0, adj_close="Adj Close").drop(columns="Close")
    frame = build_frame(bars)
    np.testing.assert_allclose(frame.meta["close"], bars["Adj Close"])
    assert "range_hl" not in frame.features and "volume_z_20" in frame.features
    assert ("no close column: the adjusted close is used; open, high, low left out "
            "(they cannot be adjusted without the close)") in frame.notes

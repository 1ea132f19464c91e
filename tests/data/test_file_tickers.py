"""Files without a ticker column are each their own ticker (the file's stem): two stocks never splice."""

import pandas as pd

from tradepulse.data import build_frame, combine_tables

from .shapes import daily_bars


def test_two_single_ticker_files_stay_two_tickers():
    aapl, goog = daily_bars(seed=1), daily_bars(seed=2)  # same calendar: every date is in both files
    combined = combine_tables([("aapl.csv", aapl), ("goog.CSV", goog)])
    assert combined["Ticker"].tolist() == ["AAPL"] * len(aapl) + ["GOOG"] * len(goog)

    frame = build_frame(combined)
    assert frame.n_rows == len(aapl) + len(goog)
    assert not any("repeated" in note for note in frame.notes)
    assert sorted(frame.meta["ticker"].unique()) == ["AAPL", "GOOG"]
    goog_close = frame.meta.loc[frame.meta["ticker"] == "GOOG", "close"].to_numpy()
    assert (goog_close == goog["Close"].to_numpy()).all()  # one stock's series, not the other's mixed in


def test_a_single_file_is_named_after_its_stem():
    assert set(combine_tables([("data/msft.daily.csv", daily_bars())])["Ticker"]) == {"MSFT.DAILY"}


def test_a_file_with_a_ticker_column_keeps_its_tickers_and_the_other_takes_its_stem():
    both = pd.concat([daily_bars(seed=3, ticker="IBM"), daily_bars(seed=4, ticker="MSFT")], ignore_index=True)
    both = both.rename(columns={"Ticker": "Symbol"})
    combined = combine_tables([("goog.csv", daily_bars(seed=2)), ("big_caps.csv", both)])
    assert "Ticker" not in combined and combined["Symbol"].value_counts().to_dict() == {
        "IBM": 160, "MSFT": 160, "GOOG": 160}
    assert sorted(build_frame(combined).meta["ticker"].unique()) == ["GOOG", "IBM", "MSFT"]


def test_only_the_same_ticker_and_time_are_repeats():
    aapl = daily_bars(seed=1)
    again = pd.concat([aapl, aapl.iloc[[10]].assign(Close=123.0)], ignore_index=True)
    frame = build_frame(combine_tables([("aapl.csv", again), ("goog.csv", daily_bars(seed=2))]))
    assert frame.n_rows == 2 * len(aapl)
    assert "dropped 1 repeated bars (same time and ticker); kept the last of each" in frame.notes


def test_feature_tables_get_no_ticker(make_table):
    combined = combine_tables([("titanic_a.csv", make_table(30)), ("titanic_b.csv", make_table(30, seed=1))])
    assert list(combined.columns) == list(make_table(1).columns)

"""A file that cannot be a dataset is refused when it arrives, saying what was found."""

import pandas as pd
import pytest

from tradepulse.data import MIN_DATASET_ROWS, check_dataset, read_table
from tradepulse.errors import DataError

from .shapes import PROSE, daily_bars


def test_prose_renamed_csv_is_not_a_dataset():
    table = read_table(PROSE, name="notes.csv")
    with pytest.raises(DataError, match=r"^notes\.csv: 2 rows and no numeric column: not a dataset \(a dataset "
                                        r"needs at least 30 rows and a numeric column\)$"):
        check_dataset(table, "notes.csv")


def test_too_few_rows_are_refused():
    with pytest.raises(DataError, match=r"^short\.csv: 29 rows: not a dataset"):
        check_dataset(daily_bars(n=MIN_DATASET_ROWS - 1), "short.csv")


def test_text_only_rows_are_refused_however_many():
    words = pd.DataFrame({"line": ["word"] * 100, "empty": [float("nan")] * 100})
    with pytest.raises(DataError, match=r"^words\.csv: no numeric column: not a dataset"):
        check_dataset(words, "words.csv")


def test_market_bars_and_feature_tables_pass(make_table):
    check_dataset(daily_bars(n=MIN_DATASET_ROWS), "aapl.csv")
    check_dataset(daily_bars(n=MIN_DATASET_ROWS)[["Date", "Close"]], "close.csv")
    check_dataset(make_table(MIN_DATASET_ROWS), "titanic.csv")

"""Several files into one dataset: their rows stacked when their columns agree. A market file without a
ticker column is one stock, named after its file (aapl.csv → AAPL), so two files never splice into one
price series."""

from pathlib import Path

import pandas as pd

from tradepulse.data.kinds import MARKET, TICKER_NAMES, column_key, detect_kind, find_column
from tradepulse.errors import DataError

FILE_TICKER_COLUMN = "Ticker"  # given to market files without one, unless another file names it otherwise


def _file_ticker(name: str) -> str:
    """The ticker a market file without a ticker column stands for: its name's stem in capitals."""
    return Path(name).stem.strip().upper()


def _with_tickers(tables: list[tuple[str, pd.DataFrame]]) -> list[tuple[str, pd.DataFrame]]:
    own = [find_column(table, TICKER_NAMES) for _, table in tables]
    column = next((c for c in own if c is not None), FILE_TICKER_COLUMN)
    return [
        (name, table.assign(**{column: _file_ticker(name)}) if found is None and detect_kind(table) == MARKET
         else table)
        for (name, table), found in zip(tables, own)
    ]


def _keys(name: str, table: pd.DataFrame) -> set[str]:
    keys = {column_key(c) for c in table.columns}
    if len(keys) != table.shape[1]:
        raise DataError(f"{name} has two columns with the same name (ignoring case and spaces)")
    return keys


def combine_tables(tables: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Stack the rows of (file name, table) pairs whose columns agree (ignoring case and spaces), named as
    in the first; market files without a ticker column first get their file's ticker."""
    if not tables:
        raise DataError("no data files given")
    tables = _with_tickers(tables)
    first_name, first = tables[0]
    if len(tables) == 1:
        return first
    first_keys = _keys(first_name, first)
    names = {column_key(c): c for c in first.columns}
    parts = [first]
    for name, table in tables[1:]:
        keys = _keys(name, table)
        if keys != first_keys:
            only_first = ", ".join(sorted(first_keys - keys)) or "nothing"
            only_this = ", ".join(sorted(keys - first_keys)) or "nothing"
            raise DataError(
                f"{first_name} and {name} have different columns "
                f"(only in {first_name}: {only_first}; only in {name}: {only_this})"
            )
        parts.append(table.rename(columns=lambda c: names[column_key(c)]))
    return pd.concat(parts, ignore_index=True)

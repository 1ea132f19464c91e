"""Tell market bars from a plain feature table, and bring market bars to standard columns."""

import re

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from tradepulse.errors import DataError

MARKET = "market"
TABLE = "table"
KINDS = (MARKET, TABLE)

TIME_NAMES = ("datetime", "timestamp", "date", "time")  # in order of preference
TICKER_NAMES = ("ticker", "symbol")
PRICE_COLUMNS = ("open", "high", "low", "close", "volume")
DEFAULT_TARGET = "target"  # the column a feature table's model learns when none is chosen
ADJ_CLOSE = "adj_close"  # the standard name of the adjusted close in market bars


def column_key(column) -> str:
    """How a column name is matched: text, no surrounding spaces, lower case."""
    return str(column).strip().lower()


def find_column(df: pd.DataFrame, names: tuple[str, ...]):
    """The first column (by preference order of `names`) whose key is one of `names`, else None."""
    by_key = {column_key(c): c for c in df.columns}
    return next((by_key[n] for n in names if n in by_key), None)


def find_adj_close(df: pd.DataFrame):
    """The adjusted close column, however exports spell it (Adj Close, adj_close, AdjClose), else None."""
    squeezed = {re.sub(r"[\s_.]", "", column_key(c)): c for c in df.columns}
    return next((squeezed[n] for n in ("adjclose", "adjustedclose") if n in squeezed), None)


def _missing_market_columns(df: pd.DataFrame) -> list[str]:
    keys = {column_key(c) for c in df.columns}
    missing = [] if keys & set(TIME_NAMES) else ["date"]
    return missing + ([] if "close" in keys or find_adj_close(df) is not None else ["close"])


def detect_kind(df: pd.DataFrame) -> str:
    """MARKET for bars: a date and a close. A date and close next to a `target` column but without the full
    open/high/low/volume set is a feature table that happens to hold a price."""
    if _missing_market_columns(df):
        return TABLE
    keys = {column_key(c) for c in df.columns}
    return MARKET if set(PRICE_COLUMNS) <= keys or DEFAULT_TARGET not in keys else TABLE


def parse_time(values: pd.Series, column: str) -> pd.Series:
    """Datetimes, or a DataError naming the column when any value is missing or unparseable."""
    first = values.dropna().head(1).tolist()
    # pandas warns, then parses value by value, when the first text has no known format: ask for it outright.
    unknown = bool(first) and isinstance(first[0], str) and guess_datetime_format(first[0]) is None
    try:
        # errstate: numbers far out of range warn in NumPy's cast before they become NaT (refused below).
        with np.errstate(invalid="ignore", over="ignore"):
            parsed = pd.to_datetime(values, format="mixed" if unknown else None)
    except (ValueError, TypeError, OverflowError) as exc:
        reason = (str(exc).splitlines() or [""])[0]
        raise DataError(f"column '{column}' has values that are not dates or times ({reason})") from exc
    missing = parsed.isna()
    if not missing.any():
        return parsed
    unparsed = missing & values.notna() & (values.astype(str).str.strip() != "")  # e.g. 1e308: no empty date
    if unparsed.any():
        example = values[unparsed].iloc[0]
        example = example.item() if isinstance(example, np.generic) else example  # 1e+308, not np.float64(…)
        raise DataError(f"column '{column}' has {int(unparsed.sum())} values that are not dates or times "
                        f"(e.g. {example!r})")
    raise DataError(f"column '{column}' has {int(missing.sum())} empty dates")


def _bar_time(df: pd.DataFrame) -> pd.Series:
    column = find_column(df, TIME_NAMES)
    other = find_column(df, ("time",))
    # Intraday exports often split the stamp into a date and a time-of-day column.
    if column_key(column) == "date" and other is not None:
        joined = df[column].astype(str) + " " + df[other].astype(str)
        return parse_time(joined, f"{column} + {other}")
    return parse_time(df[column], str(column))


def _number_column(values: pd.Series, name: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    bad = numbers.isna() & values.notna()
    if bad.any():
        example = values[bad].iloc[0]
        raise DataError(f"column '{name}' has {bad.sum()} values that are not numbers (e.g. {example!r})")
    return numbers


def standardize_market(df: pd.DataFrame) -> pd.DataFrame:
    """Columns time, close, those of open, high, low, volume and adj_close the data has, and its ticker."""
    missing = _missing_market_columns(df)
    if missing:
        raise DataError(f"market data needs columns {', '.join(missing)} (missing)")
    keys = [column_key(c) for c in df.columns]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise DataError(f"columns appear twice (ignoring case and spaces): {', '.join(repeated)}")
    bars = pd.DataFrame({"time": _bar_time(df).to_numpy()})
    found = {name: find_column(df, (name,)) for name in PRICE_COLUMNS} | {ADJ_CLOSE: find_adj_close(df)}
    for name, column in found.items():
        if column is not None:
            bars[name] = _number_column(df[column], name).to_numpy()
    ticker = find_column(df, TICKER_NAMES)
    if ticker is not None:
        if df[ticker].isna().any():
            raise DataError(f"column '{ticker}' has {int(df[ticker].isna().sum())} empty values")
        # .array, not .to_numpy(): positional like it, without a round trip through Python string objects.
        bars["ticker"] = df[ticker].astype(str).str.strip().array
    return bars


def ticker_codes(tickers: pd.Series | None, n_rows: int) -> np.ndarray:
    """An int code per row (0..k-1 in ticker name order), all zeros when there is no ticker column."""
    if tickers is None:
        return np.zeros(n_rows, dtype=np.int64)
    return pd.factorize(tickers, sort=True)[0].astype(np.int64)

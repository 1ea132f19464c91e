"""CSV that is safe to open in a spreadsheet: no text cell or column name starts a formula."""

from pathlib import Path

import pandas as pd

# OWASP's list (CSV injection): a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """A text value that would start a formula, with a single quote in front; any other value as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _holds_text(column: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)
                or pd.api.types.is_timedelta64_dtype(column))


def safe_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text without its index, with its text cells and column names defused.

    Only text is touched: numbers, dates and booleans are written as they are (-0.5 stays a number)."""
    columns = [column.map(defuse) if _holds_text(column) else column for _, column in frame.items()]
    safe = pd.DataFrame(dict(enumerate(columns)), index=frame.index)  # by position: names may repeat
    safe.columns = [defuse(name) for name in frame.columns]
    # RFC 4180's CRLF: the writer then quotes a cell holding a lone carriage return as well.
    return safe.to_csv(index=False, lineterminator="\r\n")


def write_safe_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """safe_csv(frame) written to path as UTF-8, line ends untranslated."""
    Path(path).write_text(safe_csv(frame), encoding="utf-8", newline="")

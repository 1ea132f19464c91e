"""Read data files (path or uploaded bytes) into DataFrames and combine several into one."""

import io
import os
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd
import pyarrow
from openpyxl.utils.exceptions import InvalidFileException

from tradepulse.errors import DataError

SUPPORTED_SUFFIXES = (".csv", ".parquet", ".feather", ".xlsx", ".json")

# What the readers raise on corrupt or mismatched content (found by feeding them junk);
# anything else is a bug of ours and should surface as one.
_READ_ERRORS = (
    ValueError,  # includes UnicodeDecodeError, pandas parser errors, pyarrow.ArrowInvalid
    OSError,  # corrupt compressed pages in Parquet
    KeyError,  # a zip archive that is not a workbook
    zipfile.BadZipFile,
    ParseError,
    InvalidFileException,
    pyarrow.ArrowException,
)


def _read_json(source):
    try:
        return pd.read_json(source)
    except ValueError:
        if hasattr(source, "seek"):
            source.seek(0)
        return pd.read_json(source, lines=True)


_READERS = {
    ".csv": lambda source: pd.read_csv(source, low_memory=False),  # one dtype per column, no DtypeWarning
    ".parquet": pd.read_parquet,
    ".feather": pd.read_feather,
    ".xlsx": lambda source: pd.read_excel(source, engine="openpyxl"),
    ".json": _read_json,
}


def _first_line(exc: BaseException, limit: int = 120) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def read_table(source: str | os.PathLike | bytes, name: str | None = None) -> pd.DataFrame:
    """One table from a file path, or from raw bytes whose `name` gives the file type."""
    if isinstance(source, (bytes, bytearray)):
        if not name:
            raise DataError("an uploaded file needs a name to tell its type")
        label, data = Path(name).name, io.BytesIO(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise DataError(f"file not found: {path}")
        label, data = path.name, path
    suffix = Path(label).suffix.lower()
    if suffix not in _READERS:
        raise DataError(f"{label}: unsupported file type '{suffix}' (use {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        df = _READERS[suffix](data)
    except UnicodeDecodeError as exc:
        raise DataError(f"{label} is not UTF-8 text; save it as UTF-8") from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{label} is empty") from exc
    except _READ_ERRORS as exc:
        raise DataError(f"cannot read {label} as {suffix[1:]}: {_first_line(exc)}") from exc
    if df.shape[1] == 0:
        raise DataError(f"{label} has no columns")
    if df.shape[0] == 0:
        raise DataError(f"{label} has no rows")
    return df


def _key(column) -> str:
    return str(column).strip().lower()


def _keys(name: str, table: pd.DataFrame) -> set[str]:
    keys = {_key(c) for c in table.columns}
    if len(keys) != table.shape[1]:
        raise DataError(f"{name} has two columns with the same name (ignoring case and spaces)")
    return keys


def combine_tables(tables: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Stack the rows of tables whose columns agree (ignoring case and spaces), named as in the first."""
    if not tables:
        raise DataError("no data files given")
    first_name, first = tables[0]
    if len(tables) == 1:
        return first
    first_keys = _keys(first_name, first)
    names = {_key(c): c for c in first.columns}
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
        parts.append(table.rename(columns=lambda c: names[_key(c)]))
    return pd.concat(parts, ignore_index=True)


def load_files(paths: list) -> tuple[pd.DataFrame, list[tuple[str, tuple[int, int]]]]:
    """Read and combine data files; also returns each file's name and (rows, columns)."""
    tables = [(Path(p).name, read_table(p)) for p in paths]
    return combine_tables(tables), [(name, table.shape) for name, table in tables]

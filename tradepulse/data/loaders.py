"""Read data files (path or uploaded bytes) into DataFrames, and refuse what cannot be a dataset."""

import io
import lzma
import os
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd
import pyarrow
from pandas.api import types

from tradepulse.errors import DataError

SUPPORTED_SUFFIXES = (".csv", ".parquet", ".feather", ".xlsx", ".json")

# What the readers raise on corrupt or mismatched content (found by feeding them junk);
# anything else is a bug of ours and should surface as one.
_READ_ERRORS = (
    ValueError,  # includes UnicodeDecodeError, pandas parser errors, pyarrow.ArrowInvalid
    OSError,  # corrupt compressed pages in Parquet
    KeyError,  # a zip archive that is not a workbook
    zipfile.BadZipFile,
    zlib.error,  # corrupt deflate data inside a workbook
    lzma.LZMAError,
    EOFError,  # a compressed member that ends early
    ParseError,
    pyarrow.ArrowException,
)
# Zip members a workbook may hold: stored, deflate, bzip2, lzma (what Python's zipfile can read).
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
# Fewer rows cannot fill a training window and a few test folds: such a file is a stub, not a dataset.
MIN_DATASET_ROWS = 30
MAX_WORKBOOK_BYTES = 2_000_000_000  # unpacked: a far larger "workbook" is a zip bomb, not market data


def _read_errors(suffix: str) -> tuple[type[BaseException], ...]:
    if suffix != ".xlsx":
        return _READ_ERRORS
    # Imported only for workbooks: openpyxl costs a fifth of a second that the page's start-up need not pay.
    from openpyxl.utils.exceptions import InvalidFileException

    return (*_READ_ERRORS, InvalidFileException)


def _check_workbook(label: str, data) -> None:
    """Refuse, before openpyxl sees it, a workbook that is encrypted, oddly compressed or a zip bomb."""
    try:
        if isinstance(data, io.BytesIO):
            head = data.read(8)
            data.seek(0)
        else:
            with open(data, "rb") as handle:
                head = handle.read(8)
    except OSError as exc:
        raise DataError(f"cannot read {label}: {_first_line(exc)}") from exc
    if head == _OLE_SIGNATURE:  # Excel saves password-protected workbooks (and old .xls) in this format
        raise DataError(f"{label} is password-protected or an old .xls file; save it as an unprotected .xlsx")
    try:
        with zipfile.ZipFile(data) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: zipfile's word for a zip version or feature it cannot read.
        raise DataError(f"cannot read {label} as xlsx: {_first_line(exc)}") from exc
    finally:
        if hasattr(data, "seek"):
            data.seek(0)
    if any(member.flag_bits & 0x41 for member in members):  # bit 0: encrypted, bit 6: strong encryption
        raise DataError(f"{label} is password-protected; save an unprotected copy")
    if any(member.flag_bits & 0x20 or member.compress_type not in _ZIP_METHODS for member in members):
        raise DataError(f"cannot read {label} as xlsx: it uses an unsupported compression method")
    if sum(member.file_size for member in members) > MAX_WORKBOOK_BYTES:
        raise DataError(f"{label} unpacks to over {MAX_WORKBOOK_BYTES // 1_000_000_000} GB; refused")


def _read_json(source):
    # utf-8-sig: Windows tools often start UTF-8 text with a byte-order mark, which JSON parsers refuse.
    try:
        return pd.read_json(source, encoding="utf-8-sig")
    except ValueError:
        if hasattr(source, "seek"):
            source.seek(0)
        return pd.read_json(source, lines=True, encoding="utf-8-sig")


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
    if suffix == ".xlsx":
        _check_workbook(label, data)
    try:
        df = _READERS[suffix](data)
    except UnicodeDecodeError as exc:
        raise DataError(f"{label} is not UTF-8 text; save it as UTF-8") from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{label} is empty") from exc
    except _read_errors(suffix) as exc:
        raise DataError(f"cannot read {label} as {suffix[1:]}: {_first_line(exc)}") from exc
    if df.shape[1] == 0:
        raise DataError(f"{label} has no columns")
    if df.shape[0] == 0:
        raise DataError(f"{label} has no rows")
    return df


def check_dataset(table: pd.DataFrame, name: str) -> None:
    """Refuse, as it arrives, what cannot be a dataset (prose renamed .csv, a stub), saying what was found."""
    rows = len(table)
    found = [f"{rows} row{'' if rows == 1 else 's'}"] if rows < MIN_DATASET_ROWS else []
    if not any(types.is_numeric_dtype(values) and not types.is_bool_dtype(values) and values.notna().any()
               for _, values in table.items()):
        found.append("no numeric column")
    if found:
        raise DataError(f"{name}: {' and '.join(found)}: not a dataset (a dataset needs at least "
                        f"{MIN_DATASET_ROWS} rows and a numeric column)")

"""Regressions for data-manager bugs found by the fuzz tests (each failed before its fix)."""

import io
import json
import struct
import zipfile

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import Preprocessor, build_frame, chronological_split, read_table
from tradepulse.errors import DataError


def _workbook() -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"a": [1, 2], "target": ["x", "y"]}).to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def _patch_zip_headers(content: bytes, local_offset: int, central_offset: int, value: int, size: str) -> bytes:
    data = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        at = data.find(signature)
        while at >= 0:
            field = slice(at + offset, at + offset + struct.calcsize(size))
            data[field] = struct.pack(size, struct.unpack(size, data[field])[0] | value) if size == "<B" else \
                struct.pack(size, value)
            at = data.find(signature, at + 4)
    return bytes(data)


def _recompressed(content: bytes, method: int) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
    return buffer.getvalue()


def _corrupt_middle(content: bytes) -> list[bytes]:
    return [content[:i] + bytes([content[i] ^ 0xFF]) + content[i + 1:] for i in range(60, len(content) - 100, 13)]


WORKBOOKS = {
    # zipfile raised NotImplementedError for an unknown compression method
    "unknown compression": (_patch_zip_headers(_workbook(), 8, 10, 99, "<H"), "unsupported compression method"),
    # ... and RuntimeError("... is encrypted, password required") for the encryption flag
    "zip encryption flag": (_patch_zip_headers(_workbook(), 6, 8, 0x1, "<B"), "password-protected"),
    # Excel's own password protection is an OLE file, which read as "File is not a zip file"
    "Excel password": (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(500), "password-protected or an old .xls"),
}


@pytest.mark.parametrize("case", WORKBOOKS)
def test_odd_workbooks_are_refused_with_a_reason(case):
    content, reason = WORKBOOKS[case]
    with pytest.raises(DataError, match=reason):
        read_table(content, name="book.xlsx")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA])
def test_corrupt_compressed_workbooks_are_data_errors(method):
    # zlib.error and lzma.LZMAError (and EOFError for a cut stream) escaped read_table
    content = _recompressed(_workbook(), method)
    assert read_table(content, name="book.xlsx").shape == (2, 2)
    for damaged in _corrupt_middle(content):
        try:
            read_table(damaged, name="book.xlsx")
        except DataError as exc:
            assert str(exc).startswith(("cannot read book.xlsx", "book.xlsx"))


def test_json_with_a_byte_order_mark_is_read():
    records = [{"Date": "2024-01-02", "Close": 1.5}, {"Date": "2024-01-03", "Close": 1.6}]
    for text in (json.dumps(records), "\n".join(map(json.dumps, records))):
        table = read_table(text.encode("utf-8-sig"), name="prices.json")
        assert list(table.columns) == ["Date", "Close"] and len(table) == 2


def _inputs(df):
    frame = build_frame(df)
    rows = np.flatnonzero(frame.trainable)
    train, _, _ = chronological_split(len(rows))
    preprocessor = Preprocessor.fit(frame, rows[train])
    return preprocessor, preprocessor.transform(frame)[rows[train]]


def test_huge_finite_values_still_give_finite_inputs():
    # The variance overflowed: means and scales became NaN, and so did every input of the column.
    n = 40
    df = pd.DataFrame({"wild": [1e308 if i % 2 else -1e308 for i in range(n)], "absurd": np.arange(n) * 1e200,
                       "big": np.arange(n) * 1e90, "plain": np.linspace(0, 1, n), "target": [i % 2 for i in range(n)]})
    preprocessor, X = _inputs(df)
    assert np.isfinite(X).all() and np.isfinite(preprocessor.means).all() and np.isfinite(preprocessor.scales).all()
    plain = preprocessor.feature_names.index("plain")
    assert X[:, plain].mean() == pytest.approx(0.0, abs=1e-5)  # ordinary columns are scaled as before
    assert X[:, plain].std() == pytest.approx(1.0, rel=1e-5)
    # Up to VALUE_LIMIT (1e100) values keep their order; beyond it they are clipped, as errors in the data.
    assert (np.diff(X[:, preprocessor.feature_names.index("big")]) > 0).all()


def test_a_later_file_with_absurd_values_gives_finite_inputs():
    n = 40
    df = pd.DataFrame({"x": np.linspace(0, 1e-300, n), "target": [i % 2 for i in range(n)]})
    preprocessor, _ = _inputs(df)
    later = build_frame(pd.DataFrame({"x": [1e308, -1e308, 0.0]}), target="target", require_target=False)
    assert np.isfinite(preprocessor.transform(later)).all()  # float32 overflowed to inf before


def test_out_of_range_numeric_dates_are_named_not_called_empty():
    # 1e308 as a date became NaT after a RuntimeWarning, and the message said "1 empty dates".
    df = pd.DataFrame({"date": [0.0, 1e308] * 10, "x": range(20), "target": [0, 1] * 10})
    with pytest.raises(DataError, match=r"^column 'date' has 10 values that are not dates or times \(e.g. 1e\+308\)$"):
        build_frame(df)

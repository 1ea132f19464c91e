"""Fuzz read_table: any bytes under any file name end in a table or a TradePulseError with a message."""

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradepulse.data import read_table

from .fuzz_strategies import SUFFIXES, check_outcome, file_bytes, valid_files

POOL = valid_files()
FAST = settings(max_examples=70, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=1000, derandomize=False)


def _check_table(result):
    if isinstance(result, pd.DataFrame):
        assert result.shape[0] > 0 and result.shape[1] > 0  # empty tables are refused with a message


def read_any_file(content: bytes, suffix: str, stem: str, from_disk: bool):
    name = f"{stem}{suffix}"
    if not from_disk:
        _check_table(check_outcome(lambda: read_table(content, name=name)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name if name.strip(". ") else "file")
        path.write_bytes(content)
        _check_table(check_outcome(lambda: read_table(path)))
        _check_table(check_outcome(lambda: read_table(os.fspath(path))))


CASES = dict(content=file_bytes(POOL), suffix=st.sampled_from(SUFFIXES),
             stem=st.sampled_from(["data", "my data", "ünïcode", ".hidden", "a.b", "x" * 200]),
             from_disk=st.booleans())


@FAST
@given(**CASES)
def test_read_table_never_raises_anything_but_a_data_error(content, suffix, stem, from_disk):
    read_any_file(content, suffix, stem, from_disk)


@pytest.mark.slow
@SLOW
@given(**CASES)
def test_read_table_never_raises_anything_but_a_data_error_long_run(content, suffix, stem, from_disk):
    read_any_file(content, suffix, stem, from_disk)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "cp1252"])
def test_non_utf8_text_is_refused_with_advice_or_read(encoding):
    content = "Date,Close,Ville\n2024-01-02,1.5,Orléans\n2024-01-03,1.6,Besançon\n".encode(encoding)
    outcome = check_outcome(lambda: read_table(content, name="prices.csv"))
    if not isinstance(outcome, pd.DataFrame):
        assert str(outcome) in ("prices.csv is not UTF-8 text; save it as UTF-8",) or "cannot read" in str(outcome)


@pytest.mark.parametrize("suffix", [".parquet", ".feather", ".xlsx", ".json"])
def test_a_csv_named_as_another_type_is_refused_with_the_type_named(suffix):
    content = b"Date,Close\n2024-01-02,1.5\n"
    outcome = check_outcome(lambda: read_table(content, name=f"prices{suffix}"))
    assert not isinstance(outcome, pd.DataFrame)
    assert f"prices{suffix}" in str(outcome)

"""Exported CSV opens in a spreadsheet without running formulas (OWASP's CSV injection advice)."""

import csv
import io

import numpy as np
import pandas as pd
import pytest

from tradepulse.csv_export import defuse, safe_csv, write_safe_csv


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_a_formula_gets_a_quote_in_front(start):
    assert defuse(f"{start}HYPERLINK(\"http://x\")") == f"'{start}HYPERLINK(\"http://x\")"


@pytest.mark.parametrize("value", ["Buy", "a=b", " =1", "", "'=1 already quoted", None, -0.5, 3, True])
def test_other_values_are_kept(value):
    assert defuse(value) == value


def test_cells_and_column_names_are_defused_and_numbers_stay_numbers():
    frame = pd.DataFrame({
        "ticker": ["=cmd|' /C calc'!A0", "AAA"],
        "=SUM(A1:A2)": ["@SUM(1)", "+1"],
        "p_up": [-0.5, 0.25],
        "volume": [-3, 4],
        "time": pd.to_datetime(["2024-01-02", "2024-01-03"]),
        "label": pd.Categorical(["-1", "Hold"]),
        "mixed": pd.Series(["-x", -1.5], dtype=object),
    })
    header, first, second = read_back(safe_csv(frame))
    assert header == ["ticker", "'=SUM(A1:A2)", "p_up", "volume", "time", "label", "mixed"]
    assert first == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "-0.5", "-3", "2024-01-02", "'-1", "'-x"]
    assert second == ["AAA", "'+1", "0.25", "4", "2024-01-03", "Hold", "-1.5"]


def test_line_breaks_inside_cells_are_quoted():
    text = safe_csv(pd.DataFrame({"note": ["\t=1", "\r=2", "ok\nline"]}))
    assert text.startswith("note\r\n")
    assert [row[0] for row in read_back(text)[1:]] == ["'\t=1", "'\r=2", "ok\nline"]


def test_repeated_column_names_and_the_frame_are_left_alone():
    frame = pd.DataFrame([["=a", 1.0, "-b"]], columns=["x", "n", "x"])
    before = frame.copy()
    assert read_back(safe_csv(frame)) == [["x", "n", "x"], ["'=a", "1.0", "'-b"]]
    pd.testing.assert_frame_equal(frame, before)


def test_missing_values_stay_empty():
    text = safe_csv(pd.DataFrame({"a": ["=x", None], "b": [np.nan, 1.0]}))
    assert read_back(text) == [["a", "b"], ["'=x", ""], ["", "1.0"]]


def test_written_file_matches_the_text(tmp_path):
    frame = pd.DataFrame({"signal": ["=1+1", "Buy"], "p": [-0.1, 0.9]})
    path = tmp_path / "signals.csv"
    write_safe_csv(frame, path)
    assert path.read_bytes() == safe_csv(frame).encode()
    assert pd.read_csv(path)["p"].tolist() == [-0.1, 0.9]  # still numbers when read back

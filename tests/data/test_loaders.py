import io
import random
import zipfile

import pandas as pd
import pytest

from tradepulse.data import SUPPORTED_SUFFIXES, combine_tables, read_table
from tradepulse.errors import DataError

SAMPLE = pd.DataFrame(
    {"ticker": ["AAA", "BBB", "CCC"], "close": [10.5, 20.25, 30.0], "volume": [100, 200, 300]}
)

WRITERS = {
    ".csv": lambda df, path: df.to_csv(path, index=False),
    ".parquet": lambda df, path: df.to_parquet(path, index=False),
    ".feather": lambda df, path: df.to_feather(path),
    ".xlsx": lambda df, path: df.to_excel(path, index=False),
    ".json": lambda df, path: df.to_json(path, orient="records"),
}


def test_every_supported_suffix_has_a_round_trip_test():
    assert tuple(WRITERS) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_round_trip_from_path_and_from_bytes(tmp_path, suffix):
    path = tmp_path / f"prices{suffix}"
    WRITERS[suffix](SAMPLE, path)
    pd.testing.assert_frame_equal(read_table(path), SAMPLE)
    pd.testing.assert_frame_equal(read_table(str(path)), SAMPLE)
    pd.testing.assert_frame_equal(read_table(path.read_bytes(), name="upload" + suffix.upper()), SAMPLE)


def test_json_columns_orientation(tmp_path):
    path = tmp_path / "prices.json"
    SAMPLE.to_json(path, orient="columns")
    pd.testing.assert_frame_equal(read_table(path), SAMPLE)


def test_json_lines_is_read(tmp_path):
    data = SAMPLE.to_json(orient="records", lines=True).encode()
    pd.testing.assert_frame_equal(read_table(data, name="prices.json"), SAMPLE)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "prices.txt"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match=r"prices\.txt: unsupported file type '\.txt'"):
        read_table(path)


@pytest.mark.parametrize("suffix", [".parquet", ".feather", ".xlsx"])
def test_random_bytes_are_a_data_error_naming_the_file(suffix):
    junk = random.Random(7).randbytes(512)
    with pytest.raises(DataError, match=f"cannot read junk\\{suffix} as {suffix[1:]}"):
        read_table(junk, name="junk" + suffix)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"{not json", "cannot read junk.json as json"), (b"\xff\xfe{}", "junk.json is not UTF-8")],
)
def test_broken_json(data, message):
    with pytest.raises(DataError, match=message):
        read_table(data, name="junk.json")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DataError, match="cannot read book.xlsx as xlsx"):
        read_table(buffer.getvalue(), name="book.xlsx")


def test_non_utf8_csv():
    data = "ticker,close\nSociété,1.0\n".encode("latin-1")
    with pytest.raises(DataError, match="latin.csv is not UTF-8"):
        read_table(data, name="latin.csv")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "empty.csv is empty"),
        (b"ticker,close\n", "header.csv", "header.csv has no rows"),
        (b"[]", "empty.json", "empty.json has no columns"),
    ],
)
def test_empty_content(data, name, message):
    with pytest.raises(DataError, match=message):
        read_table(data, name=name)


def test_bytes_need_a_name():
    with pytest.raises(DataError, match="needs a name"):
        read_table(b"a,b\n1,2\n")


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="file not found: .*nowhere.csv"):
        read_table(tmp_path / "nowhere.csv")


def test_combine_agreeing_columns_ignores_case_and_spaces():
    first = pd.DataFrame({"Close": [1.0], "Volume": [10]})
    second = pd.DataFrame({" volume ": [20], "CLOSE": [2.0]})
    combined = combine_tables([("a.csv", first), ("b.csv", second)])
    assert list(combined.columns) == ["Close", "Volume"]
    assert combined["Close"].tolist() == [1.0, 2.0]
    assert combined["Volume"].tolist() == [10, 20]


def test_combine_disagreeing_columns_names_files_and_columns():
    first = pd.DataFrame({"close": [1.0], "volume": [10]})
    second = pd.DataFrame({"close": [2.0], "vol": [20]})
    expected = r"a.csv and b.csv have different columns \(only in a.csv: volume; only in b.csv: vol\)"
    with pytest.raises(DataError, match=expected):
        combine_tables([("a.csv", first), ("b.csv", second)])


def test_combine_one_table_returns_it_and_none_is_an_error():
    assert combine_tables([("a.csv", SAMPLE)]) is SAMPLE
    with pytest.raises(DataError, match="no data files"):
        combine_tables([])


def test_combine_rejects_a_name_repeated_in_other_case():
    twice = pd.DataFrame({"close": [1.0], "Close": [2.0]})
    with pytest.raises(DataError, match="b.csv has two columns with the same name"):
        combine_tables([("a.csv", pd.DataFrame({"close": [1.0], "x": [1]})), ("b.csv", twice)])

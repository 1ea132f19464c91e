import errno

import pandas as pd
import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import DatasetStore, RecordStore, stored_name


@pytest.mark.parametrize("upload, expected", [
    ("bars.csv", "bars.csv"),
    ("my data (1).CSV", "my_data_1.csv"),
    ("../../etc/passwd.csv", "passwd.csv"),
    ("C:\\Users\\me\\prices.xlsx", "prices.xlsx"),
    (".hidden.json", "hidden.json"),
    ("x\x00y.csv", "x_y.csv"),
    ("….csv", "dataset.csv"),
])
def test_upload_names_become_safe_file_names(upload, expected):
    assert stored_name(upload) == expected


def test_saved_uploads_are_listed_loaded_once_and_deleted(tmp_path):
    uploads = DatasetStore(tmp_path)
    uploads.save("a b.csv", b"x,y\n1,2\n")
    reads = []

    def reader(path):
        reads.append(path)
        return pd.read_csv(path)

    assert uploads.names() == ["a_b.csv"]
    first, again = uploads.load("a_b.csv", reader), uploads.load("a_b.csv", reader)
    assert first is again and len(reads) == 1
    uploads.save("a b.csv", b"x,y\n1,2\n3,4\n")  # a re-upload of the name replaces it
    assert len(uploads.load("a_b.csv", reader)) == 2 and len(reads) == 2
    uploads.delete("a_b.csv")
    assert uploads.names() == []
    with pytest.raises(StorageError, match="no stored dataset"):
        uploads.delete("a_b.csv")


def test_a_failed_save_leaves_no_file_and_says_dataset(tmp_path, monkeypatch):
    uploads = DatasetStore(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    with pytest.raises(StorageError, match="cannot write dataset .*No space left"):
        uploads.save("bars.csv", b"x\n1\n")
    assert list(uploads.folder.iterdir()) == []


def test_the_uploads_folder_is_not_reported_as_a_foreign_file(tmp_path):
    DatasetStore(tmp_path).save("bars.csv", b"x\n1\n")
    assert RecordStore(tmp_path).list().skipped == []

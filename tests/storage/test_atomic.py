import errno
import json
import os
import tempfile

import numpy as np
import pytest

from tradepulse.errors import StorageError
from tradepulse.storage import write_json_atomic

from .helpers import names, raiser


def test_writes_indented_json(tmp_path):
    target = tmp_path / "run.json"
    assert write_json_atomic(target, {"a": [1, 2], "b": "x"}) == target
    assert json.loads(target.read_text()) == {"a": [1, 2], "b": "x"}
    assert target.read_text().startswith('{\n  "a"')
    assert names(tmp_path) == ["run.json"]


def test_non_finite_numbers_become_null_and_numpy_scalars_plain_numbers(tmp_path):
    target = tmp_path / "run.json"
    data = {"nan": float("nan"), "inf": [float("inf"), -float("inf")], "f32": np.float32(0.5),
            "i64": np.int64(7), "np_nan": np.float64("nan"), "flag": True, "nested": ({"x": 1.5},)}
    write_json_atomic(target, data)
    assert json.loads(target.read_text()) == {
        "nan": None, "inf": [None, None], "f32": 0.5, "i64": 7, "np_nan": None, "flag": True,
        "nested": [{"x": 1.5}],
    }


def test_overwrite_replaces_the_old_content(tmp_path):
    target = tmp_path / "run.json"
    write_json_atomic(target, {"v": 1})
    write_json_atomic(target, {"v": 2})
    assert json.loads(target.read_text()) == {"v": 2}
    assert names(tmp_path) == ["run.json"]


def test_no_overwrite_refuses_a_taken_name(tmp_path):
    target = tmp_path / "run.json"
    write_json_atomic(target, {"v": 1})
    with pytest.raises(FileExistsError):
        write_json_atomic(target, {"v": 2}, overwrite=False)
    assert json.loads(target.read_text()) == {"v": 1}
    assert names(tmp_path) == ["run.json"]


def test_no_overwrite_writes_a_new_name(tmp_path):
    target = tmp_path / "run.json"
    write_json_atomic(target, {"v": 1}, overwrite=False)
    assert json.loads(target.read_text()) == {"v": 1}
    assert names(tmp_path) == ["run.json"]


@pytest.mark.parametrize("overwrite, step", [(True, "replace"), (False, "link")])
def test_crash_before_publishing_leaves_no_file_and_old_records_intact(tmp_path, monkeypatch,
                                                                        overwrite, step):
    old = tmp_path / "old.json"
    write_json_atomic(old, {"keep": True})
    monkeypatch.setattr(os, step, raiser(RuntimeError("power cut")))
    with pytest.raises(RuntimeError, match="power cut"):
        write_json_atomic(tmp_path / "new.json", {"v": 1}, overwrite=overwrite)
    assert names(tmp_path) == ["old.json"]
    assert json.loads(old.read_text()) == {"keep": True}


def test_crash_while_replacing_an_existing_file_keeps_its_old_content(tmp_path, monkeypatch):
    target = tmp_path / "run.json"
    write_json_atomic(target, {"v": 1})
    monkeypatch.setattr(os, "replace", raiser(OSError(errno.EIO, os.strerror(errno.EIO))))
    with pytest.raises(StorageError):
        write_json_atomic(target, {"v": 2})
    assert json.loads(target.read_text()) == {"v": 1}
    assert names(tmp_path) == ["run.json"]


@pytest.mark.parametrize("overwrite", [True, False])
def test_disk_full_is_a_one_line_storage_error(tmp_path, monkeypatch, overwrite):
    monkeypatch.setattr(os, "fsync", raiser(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(StorageError) as caught:
        write_json_atomic(tmp_path / "run.json", {"v": 1}, overwrite=overwrite)
    assert str(caught.value) == f"cannot write record to {tmp_path}: No space left on device"
    assert names(tmp_path) == []


def test_unwritable_folder_is_a_storage_error(tmp_path, monkeypatch):
    # Tests may run as root, for whom chmod does not block writes; simulate the refusal instead.
    refused = PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", raiser(refused))
    with pytest.raises(StorageError) as caught:
        write_json_atomic(tmp_path / "run.json", {"v": 1})
    assert str(caught.value) == f"cannot write record to {tmp_path}: Permission denied"
    assert names(tmp_path) == []


def test_error_without_errno_still_names_the_cause(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "link", raiser(OSError("quota exceeded")))
    with pytest.raises(StorageError, match=": quota exceeded$"):
        write_json_atomic(tmp_path / "run.json", {"v": 1}, overwrite=False)
    assert names(tmp_path) == []


def test_missing_folder_is_a_storage_error(tmp_path):
    with pytest.raises(StorageError, match="No such file or directory"):
        write_json_atomic(tmp_path / "absent" / "run.json", {"v": 1})
    assert names(tmp_path) == []

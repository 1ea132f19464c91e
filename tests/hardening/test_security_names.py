"""No user-controlled name (model name, run id) reaches a path outside the data folder, through the
store's API or the command line; symlinks planted in the folder never lead reads outside it."""

import os

import pytest

from tradepulse.errors import StorageError
from tradepulse.predict import predict

from .conftest import run_cli, train_small, tree, user_lines

BAD_NAMES = ["../x", "../../etc/passwd", "/etc/passwd", "a\x00b", "..", ".", "", "a/b", "models/../../x",
             ".hidden", "x\n", "~root", "a" * 129]


@pytest.fixture
def outside(tmp_path, store):
    """Files right outside the data folder that a traversal would reach; returns a check that none changed."""
    (tmp_path / "x.json").write_text('{"model_name": "CIPO", "training_status": "completed", "timestamp": "t"}')
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("keep")
    store.save_new({"model_name": "CIPO", "training_status": "completed"})
    before = tree(tmp_path)
    return lambda: tree(tmp_path) == before


@pytest.mark.parametrize("name", BAD_NAMES)
def test_every_store_entry_point_refuses_unsafe_names_and_touches_nothing(store, outside, name):
    calls = {
        "path_of": lambda: store.path_of(name),
        "load": lambda: store.load(name),
        "update": lambda: store.update(name, {"model_name": "CIPO", "training_status": "failed", "timestamp": "t"}),
        "delete": lambda: store.delete(name),
        "model_dir": lambda: store.model_dir(name),
        "open_model_dir": lambda: store.open_model_dir(name).__enter__(),
        "save_new": lambda: store.save_new({"model_name": name, "training_status": "running"}),
    }
    for what, call in calls.items():
        with pytest.raises(StorageError) as caught:
            call()
        assert "\n" not in str(caught.value).replace(repr(name), ""), what
    assert outside()


def test_symlinks_inside_the_folder_cannot_lead_reads_outside(store, tmp_path, outside):
    os.symlink(tmp_path / "x.json", store.root / "evil.json")
    with pytest.raises(StorageError, match="outside the data folder"):
        store.load("evil")
    assert "evil" not in {r["run_id"] for r in store.list().records}
    store.delete("evil")  # removes the link, never what it points to
    assert not os.path.lexists(store.root / "evil.json")
    assert outside()


def test_a_model_folder_symlinked_outside_is_never_loaded(store, tmp_path, small_bars):
    """A saved model is read from the store's own folder only, even if someone planted a symlink there."""
    run_id = train_small(store, small_bars)
    folder = store.model_dir(run_id)
    folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StorageError, match="outside the data folder"):
        predict(store, small_bars, run_id=run_id)
    assert store.latest("CIPO") is None  # not offered as "the latest model" either
    store.delete(run_id)  # removes the link only
    assert (tmp_path / "elsewhere" / "model.keras").is_file() and not os.path.lexists(folder)


CLI_CASES = [
    ("records", "show", "../x"),
    ("records", "show", "/etc/passwd"),
    ("records", "delete", "/etc/passwd"),
    ("records", "delete", "../x"),
    ("records", "delete", "models/../../x"),
    ("predict", "--run", "../../x"),
    ("predict", "--run", "/etc/passwd"),
]


@pytest.mark.parametrize("args", CLI_CASES, ids=" ".join)
def test_the_cli_refuses_unsafe_run_ids_in_one_line(store, outside, small_bars, tmp_path, args):
    extra = []
    if args[0] == "predict":
        data = tmp_path / "x" / "bars.csv"
        small_bars.to_csv(data, index=False)
        extra = ["--data", data, "--output", tmp_path / "x" / "out.csv"]
    snapshot_etc = os.stat("/etc/passwd")
    result = run_cli(*args, *extra, "--data-dir", store.root, timeout=60)
    if args[0] == "predict":
        data.unlink()  # our own input file, made after the snapshot
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert user_lines(result.stderr) == [f"error: invalid run id: {args[2]!r}"]
    assert outside()
    assert os.stat("/etc/passwd") == snapshot_etc

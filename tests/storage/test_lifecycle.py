"""cleanup() and latest(): the decisions made over many runs."""

import pytest

from tradepulse.errors import StorageError

from .helpers import at, make_record, names, write_raw


def save_with_model(store, model, minute, status="completed", with_folder=True):
    run_id = store.save_new(make_record(model=model, status=status), when=at(minute))
    if with_folder:
        with store.open_model_dir(run_id) as folder:
            (folder / "model.keras").write_text(run_id)
    return run_id


@pytest.fixture
def runs(store):
    """alpha: 4 runs, beta: 3 runs, oldest first."""
    return {
        "alpha": [save_with_model(store, "alpha", minute) for minute in range(4)],
        "beta": [save_with_model(store, "beta", 10 + minute) for minute in range(3)],
    }


def remaining(store):
    return sorted(record["run_id"] for record in store.list().records)


def test_cleanup_keeps_the_newest_per_model_and_their_folders(store, runs):
    deleted = store.cleanup(2)
    assert deleted == [runs["beta"][0], runs["alpha"][1], runs["alpha"][0]]
    kept = sorted(runs["alpha"][2:] + runs["beta"][1:])
    assert remaining(store) == kept
    assert names(store.root / "models") == kept


def test_cleanup_keep_zero_deletes_everything(store, runs):
    assert sorted(store.cleanup(0)) == sorted(runs["alpha"] + runs["beta"])
    assert names(store.root) == ["models"]
    assert names(store.root / "models") == []


def test_cleanup_of_one_model_leaves_the_others(store, runs):
    assert store.cleanup(1, model="alpha") == runs["alpha"][2::-1]
    assert remaining(store) == sorted([runs["alpha"][3], *runs["beta"]])


def test_cleanup_with_nothing_to_do(store, runs):
    assert store.cleanup(10) == []
    assert len(remaining(store)) == 7


def test_cleanup_never_touches_skipped_files(store, runs):
    write_raw(store.root, "broken.json", "{")
    store.cleanup(0)
    assert names(store.root) == ["broken.json", "models"]


def test_negative_keep_is_refused_before_deleting(store, runs):
    with pytest.raises(StorageError, match="keep must be 0 or more"):
        store.cleanup(-1)
    assert len(remaining(store)) == 7


def test_latest_is_the_newest_completed_run_with_a_saved_model(store):
    wanted = save_with_model(store, "alpha", 1)
    save_with_model(store, "alpha", 0)  # completed too, but older
    save_with_model(store, "alpha", 2, with_folder=False)  # model never saved
    save_with_model(store, "alpha", 3, status="cancelled")
    save_with_model(store, "alpha", 4, status="failed")
    save_with_model(store, "beta", 5)  # another model
    assert store.latest("alpha")["run_id"] == wanted


def test_latest_without_requiring_a_model_or_with_another_status(store):
    save_with_model(store, "alpha", 1)
    folderless = save_with_model(store, "alpha", 2, with_folder=False)
    failed = save_with_model(store, "alpha", 3, status="failed")
    assert store.latest("alpha", require_model=False)["run_id"] == folderless
    assert store.latest("alpha", status="failed")["run_id"] == failed


def test_latest_of_an_unknown_model_is_none(store):
    save_with_model(store, "alpha", 1)
    assert store.latest("beta") is None


def test_latest_ignores_a_model_folder_whose_record_says_otherwise(store):
    run_id = save_with_model(store, "alpha", 1)
    store.delete(run_id)
    assert store.latest("alpha") is None

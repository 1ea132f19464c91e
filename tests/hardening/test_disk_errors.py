"""A full disk or a read-only data folder: a one-line StorageError, no partial file, old records intact."""

import os
import sys
import textwrap
from dataclasses import replace

import pytest

from tradepulse.errors import StorageError
from tradepulse.evaluation.settings import EvaluationSettings
from tradepulse.training import Phase, Status, TrainingRequest, run_training
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.training import IDLE, TRAINING

from ..support import wait_until
from .conftest import REPO, SMALL, tree, user_lines
from .faults import ENOSPC, EROFS, STEPS, Faults

ERRORS = {"full": ENOSPC, "read-only": EROFS}
TINY = replace(SMALL, epochs=1)


@pytest.fixture
def faults(monkeypatch):
    return Faults(monkeypatch)


@pytest.fixture
def earlier(store):
    """Two records already in the folder before the disk goes bad."""
    ids = [store.save_new({"model_name": "CIPO", "training_status": "completed", "n": i}) for i in range(2)]
    return {run_id: store.load(run_id) for run_id in ids}


def _intact(store, earlier):
    assert {run_id: store.load(run_id) for run_id in earlier} == earlier


def _request(bars, model="CIPO"):
    # One holdout fit: these tests are about the disk, not about how the run is judged.
    return TrainingRequest(model, TINY, (("bars.csv", bars),), evaluation=EvaluationSettings(method="holdout"))


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize("step", STEPS)
def test_save_new_fails_cleanly_and_saving_works_once_the_disk_is_fine(store, earlier, faults, step, error):
    before = tree(store.root)
    faults.fail(step, ERRORS[error])
    with pytest.raises(StorageError) as caught:
        store.save_new({"model_name": "CIPO", "training_status": "running"})
    faults.heal()
    assert str(caught.value) == f"cannot write record to {store.root}: {ERRORS[error].strerror}"
    assert tree(store.root) == before  # nothing new, not even a temp file; nothing changed
    _intact(store, earlier)
    run_id = store.save_new({"model_name": "CIPO", "training_status": "running"})
    assert run_id in {r["run_id"] for r in store.list().records} and run_id not in earlier


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize("step", STEPS)
def test_update_fails_cleanly_and_keeps_a_whole_record(store, earlier, faults, step, error):
    run_id, old = next(iter(earlier.items()))
    new = {**old, "training_status": "failed"}
    before = set(tree(store.root))
    faults.fail(step, ERRORS[error])
    with pytest.raises(StorageError) as caught:
        store.update(run_id, dict(new))
    faults.heal()
    assert str(caught.value) == f"cannot write record to {store.root}: {ERRORS[error].strerror}"
    assert set(tree(store.root)) == before
    # Before the rename the old record stays; only a failing folder flush comes after it.
    assert store.load(run_id) == (new if step == "fsync_dir" else old)
    store.update(run_id, dict(new))
    assert store.load(run_id)["training_status"] == "failed"


@pytest.mark.parametrize("error", ERRORS)
def test_training_on_a_bad_disk_is_refused_before_it_starts_and_works_afterwards(store, earlier, faults,
                                                                                 small_bars, error):
    before = tree(store.root)
    faults.fail("create", ERRORS[error])
    with pytest.raises(StorageError, match=f"^cannot write record to .*: {ERRORS[error].strerror}$"):
        run_training(_request(small_bars), store)
    faults.heal()
    assert tree(store.root) == before
    later = run_training(_request(small_bars), store)
    assert later.status is Status.COMPLETED and store.model_dir(later.run_id).is_dir()
    _intact(store, earlier)


@pytest.mark.parametrize("error", ERRORS)
def test_a_model_that_cannot_be_saved_fails_the_run_with_a_clear_record(store, earlier, faults, small_bars, error):
    """The models folder fails while saving (say, the disk fills with the network file); records still write."""

    def listener(progress):
        if progress.phase is Phase.SAVING:
            faults.fail("create", ERRORS[error], where=store.root / "models")

    outcome = run_training(_request(small_bars), store, listener)
    faults.heal()
    assert outcome.status is Status.FAILED
    assert outcome.error == f"cannot save model to {store.root / 'models'}: {ERRORS[error].strerror}"
    record = store.load(outcome.run_id)
    assert record["training_status"] == "failed" and record["error"] == outcome.error
    models = store.root / "models"
    assert not models.exists() or list(models.iterdir()) == []  # no model, no half-written temp folder
    _intact(store, earlier)
    assert run_training(_request(small_bars), store).status is Status.COMPLETED


def test_the_gui_reports_a_full_disk_in_its_status_line(store, faults, small_bars):
    state = ModelsPanelState(store)
    state.data.add_files({"bars.csv": small_bars.to_csv(index=False).encode()})
    state.form.param.update(epochs=1, units=4, hidden_layers=1)
    faults.fail("create", ENOSPC)
    try:
        state.training.param.trigger("train")
        wait_until(lambda: state.training.status not in (IDLE, TRAINING), what="the job to end")
    finally:
        faults.heal()
    assert state.training.status == "failed"
    assert state.training.message == f"Training failed: cannot write record to {store.root}: No space left on device"
    assert state.board.rows["CIPO"]["Status"] == "Failed"
    assert store.list().records == []


def test_a_disk_that_goes_read_only_while_saving_still_ends_the_run_with_an_outcome(store, faults, small_bars):
    def listener(progress):
        if progress.phase is Phase.SAVING:
            faults.fail("create", EROFS)

    try:
        outcome = run_training(_request(small_bars), store, listener)
    finally:
        faults.heal()
    assert outcome.status is Status.FAILED and "Read-only file system" in outcome.error


# The CLI in a fresh interpreter whose disk is full: os.link (how a new record is published) fails.
FULL_DISK_CLI = textwrap.dedent("""
    import errno, os, sys
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    os.link = full
    from tradepulse.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_cli_train_on_a_full_disk_says_so_in_one_line(tmp_path, small_bars):
    import subprocess

    data = tmp_path / "bars.csv"
    small_bars.to_csv(data, index=False)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CLI, "train", "--model", "CIPO", "--data", data, "--epochs", "1",
         "--data-dir", tmp_path / "records"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "3"})
    lines = user_lines(result.stderr)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert lines == [f"error: cannot write record to {tmp_path / 'records'}: No space left on device"]

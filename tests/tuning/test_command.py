"""`tune` and `studies` on the command line: the printed lines, the best run's path last, resume after
kill -9 of the process, and bad input as one `error:` line that leaves nothing behind."""

import os
import signal
import subprocess
import sys

import pytest

from tradepulse.storage import RecordStore
from tradepulse.tuning.storage import StudyStore
from tradepulse.tuning.study import counted

from ..support import REPO, wait_until
from .cli_entry import main

SMALL = ["--epochs", "2", "--units", "8", "--space", "hidden_layers=1:2", "--space", "batch_size=32,64"]


@pytest.fixture
def files(tmp_path, bars, feature_table):
    bars_csv, table_csv = tmp_path / "bars.csv", tmp_path / "table.csv"
    bars.to_csv(bars_csv, index=False)
    feature_table.to_csv(table_csv, index=False)
    return bars_csv, table_csv


def test_tune_prints_each_trial_the_best_parameters_and_the_runs_path_last(tmp_path, files, capsys):
    data = tmp_path / "data"
    code = main(["tune", "--model", "CIPO", "--data", str(files[0]), "--trials", "2", "--validation", "holdout",
                 "--study", "cli", "--data-dir", str(data), *SMALL])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0, lines
    assert lines[0].startswith("trial 0: ") and lines[1].startswith("trial 1: ")
    assert "hidden_layers=" in lines[0] and "best so far" in lines[0] and "units=" not in lines[0]  # units fixed
    assert lines[2].startswith("best parameters: ")
    record = RecordStore(data).load(os.path.basename(lines[-1])[:-len(".json")])
    assert record["study"] == "cli" and record["hyperparameters"]["units"] == 8

    assert main(["studies", "list", "--data-dir", str(data)]) == 0
    listed = capsys.readouterr().out
    assert "cli" in listed and record["run_id"] in listed
    assert main(["studies", "show", "cli", "--data-dir", str(data)]) == 0
    assert '"best_trial"' in capsys.readouterr().out
    assert main(["studies", "delete", "cli", "--data-dir", str(data)]) == 0
    assert StudyStore(data).names() == [] and RecordStore(data).load(record["run_id"])  # the run stays


@pytest.mark.parametrize("options, words", [
    (["--metric", "sharpe"], "error: sharpe needs market data"),
    (["--space", "hidden_layers=0:12"], "error: hidden_layers: hidden_layers must be between 1 and 10, got 0"),
    (["--space", "learning_rate=1e-2:1e-3"], "error: learning_rate: the range's low end 0.01 is above"),
    (["--scheduler", "tcp://127.0.0.1:1"], "error: the Dask scheduler at tcp://127.0.0.1:1 did not answer"),
])
def test_bad_input_is_one_error_line_and_no_study(tmp_path, files, capsys, options, words):
    data = tmp_path / "data"
    code = main(["tune", "--model", "CIPO", "--data", str(files[1]), "--trials", "2", "--data-dir", str(data),
                 *options])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[-1].startswith(words), err
    assert StudyStore(data).names() == []


def test_a_study_killed_with_sigkill_resumes_and_loses_at_most_its_running_trial(tmp_path, files):
    data = tmp_path / "data"
    command = [sys.executable, "-m", "tests.tuning.cli_entry", "tune", "--model", "CIPO", "--data", str(files[0]),
               "--trials", "3", "--validation", "holdout", "--study", "k", "--data-dir", str(data), *SMALL]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    out = tmp_path / "first.out"
    with open(out, "wb") as sink:
        first = subprocess.Popen(command, cwd=REPO, stdout=sink, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until(lambda: b"trial 0: " in out.read_bytes() or first.poll() is not None, 120,
                   what="the first trial's line")
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    before = [t.state.name for t in StudyStore(data).load("k").trials]
    assert 1 <= before.count("COMPLETE") + before.count("PRUNED") < 3, before

    resumed = subprocess.run([*command, "--resume"], cwd=REPO, capture_output=True, text=True, env=env, timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    lines = resumed.stdout.strip().splitlines()
    assert lines[-1].endswith(".json") and os.path.isfile(lines[-1])
    study = StudyStore(data).load("k")
    assert counted(study) == 3 and len([line for line in lines if line.startswith("trial ")]) == 3 - (
        before.count("COMPLETE") + before.count("PRUNED"))
    assert all(t.state.is_finished() for t in study.trials)  # nothing left running after the crash

"""The command line: happy paths, and bad input that ends in one line, a non-zero exit and no harm."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.support import wait_until
from tradepulse.cli import main

ROOT = Path(__file__).resolve().parent.parent
TINY_ARGS = ["--epochs", "2", "--units", "8", "--batch-size", "64", "--no-early-stopping", "--folds", "2"]
TENSORFLOW_CHATTER = ("absl", "cpu_feature_guard", "oneDNN", "retracing")


def run_cli(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bars_csv(tmp_path, bars):
    path = tmp_path / "bars.csv"
    bars.to_csv(path, index=False)
    return path


@pytest.fixture
def trained(capsys, tmp_path, bars_csv):
    """A data folder holding one CIPO run, and that run's record path."""
    data_dir = tmp_path / "records"
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(bars_csv), *TINY_ARGS,
                             "--data-dir", str(data_dir))
    assert code == 0, err
    return data_dir, Path(out.strip().splitlines()[-1])


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_train_prints_the_record_path_last_and_shows_progress(trained):
    data_dir, record_path = trained
    record = json.loads(record_path.read_text())
    assert record_path.parent == data_dir and record["training_status"] == "completed"
    assert record["hyperparameters"]["epochs"] == 2 and record["hyperparameters"]["units"] == 8


def test_train_draws_a_progress_bar_then_a_summary_beside_the_baselines(capsys, tmp_path, bars_csv):
    code, out, err = run_cli(capsys, "train", "--model", "BICIPO", "--data", str(bars_csv), *TINY_ARGS,
                             "--cost-bps", "7.5", "--data-dir", str(tmp_path / "r"))
    assert code == 0
    assert "Fold 2/2" in err and "Refit" in err and "epoch 2/2" in err and "100%" in err
    assert "walk-forward, 2 fold(s)" in err and "refitted on all the history" in err
    [accuracy] = [line.split() for line in err.splitlines() if line.startswith("accuracy ")]
    assert len(accuracy) >= 3 and all(0 <= float(value) <= 100 for value in accuracy[1:3])  # model, baseline
    assert "trading after 7.50 bps per side (252 bars a year" in err and "buy&hold" in err
    assert out.strip().endswith(".json") and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["--validation", "sideways"], "invalid choice"),
    (["--folds", "1"], "folds must be a whole number from 2 to 20"),
    (["--folds", "21"], "folds must be a whole number from 2 to 20"),
    (["--cost-bps", "-1"], "cost must be from 0 to 500 basis points"),
    (["--cost-bps", "1e6"], "cost must be from 0 to 500 basis points"),
    (["--cost-bps", "nan"], "cost must be from 0 to 500 basis points"),
])
def test_bad_evaluation_settings_end_in_one_line_before_any_record(capsys, tmp_path, bars_csv, args, message):
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(bars_csv), *args,
                             "--data-dir", str(tmp_path / "r"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err
    assert not list((tmp_path / "r").glob("*.json"))


@pytest.mark.parametrize("args, bars_kept, message", [
    (["--validation", "k-fold"], None, "k-fold shuffles rows across time"),
    ([], 32, "too little history for walk-forward: 11 time points, need at least 22"),
    (["--positive-class", "sideways"], None, "positive class 'sideways' is not one of"),
])
def test_settings_the_data_cannot_meet_fail_the_run_with_one_clear_line(capsys, tmp_path, bars, args, bars_kept,
                                                                         message):
    path = tmp_path / "bars.csv"
    bars[bars["Ticker"] == "AAA"].head(bars_kept).to_csv(path, index=False)
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(path), *TINY_ARGS, *args,
                             "--data-dir", str(tmp_path / "r"))
    [record_path] = (tmp_path / "r").glob("CIPO_*.json")
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"error: training failed: {json.loads(record_path.read_text())['error']}" \
                                           f" (record: {record_path})" and message in err


@pytest.mark.parametrize("args", [["records", "list"], ["records", "show", "CIPO_20260101_000000"],
                                  ["predict", "--model", "CIPO", "--data", "x.csv", "--output", "o.csv"]])
def test_read_only_commands_do_not_create_a_data_folder(capsys, tmp_path, args):
    folder = tmp_path / "nothing here"
    code, _, err = run_cli(capsys, *args, "--data-dir", str(folder))
    assert code == 2 and f"no data folder at {folder}" in err and not folder.exists()


def test_records_list_show_cleanup_and_delete(capsys, trained, bars_csv):
    data_dir, record_path = trained
    run_id = record_path.stem
    code, out, _ = run_cli(capsys, "records", "list", "--data-dir", str(data_dir))
    assert code == 0 and run_id in out and "completed" in out
    code, out, _ = run_cli(capsys, "records", "show", run_id, "--data-dir", str(data_dir))
    assert json.loads(out)["run_id"] == run_id
    run_cli(capsys, "train", "--model", "CIPO", "--data", str(bars_csv), *TINY_ARGS, "--data-dir", str(data_dir))
    code, out, _ = run_cli(capsys, "records", "cleanup", "--keep", "1", "--data-dir", str(data_dir))
    assert code == 0 and f"deleted 1 runs: {run_id}" in out and not record_path.exists()
    survivor = next(data_dir.glob("CIPO_*.json")).stem
    code, out, _ = run_cli(capsys, "records", "delete", survivor, "--data-dir", str(data_dir))
    assert code == 0 and list(data_dir.glob("*.json")) == [] and not (data_dir / "models" / survivor).exists()


def test_predict_in_a_fresh_process_loads_the_saved_model(trained, bars_csv, tmp_path):
    data_dir, record_path = trained
    output = tmp_path / "signals.csv"
    done = subprocess.run(
        [sys.executable, "main.py", "predict", "--model", "CIPO", "--data", str(bars_csv), "--output", str(output),
         "--data-dir", str(data_dir)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"with run {record_path.stem}" in done.stdout
    assert not [word for word in TENSORFLOW_CHATTER if word in done.stderr], done.stderr
    signals = pd.read_csv(output)
    assert len(signals) == len(pd.read_csv(bars_csv))
    assert set(signals["signal"].dropna()) <= {"Buy", "Hold", "Sell"} and (signals["status"] == "ok").sum() > 100


@pytest.mark.parametrize("args, message", [
    (["train", "--model", "GPT", "--data", "x.csv"], "invalid choice"),
    (["train", "--model", "CIPO", "--data", "missing.csv"], "not found"),
    (["train", "--model", "CIPO", "--data", "{bars}", "--hidden-layers", "11"], "hidden_layers must be between 1 and 10"),
    (["train", "--model", "CIPO", "--data", "{bars}", "--epochs", "many"], "invalid int value"),
    (["train", "--model", "CIPO", "--data", "{notes}"], "unsupported"),
    (["predict", "--model", "ADM", "--data", "{bars}", "--output", "{tmp}/o.csv"], "no trained ADM model"),
    (["predict", "--run", "../../etc/passwd", "--data", "{bars}", "--output", "{tmp}/o.csv"], "invalid"),
    (["records", "show", "CIPO_19990101_000000"], "no run"),
    (["records", "delete", "/etc/passwd"], "invalid"),
    (["records", "cleanup", "--keep", "-1"], "keep"),
    (["records", "frobnicate"], "invalid choice"),
])
def test_bad_input_ends_in_one_line_and_leaves_saved_work_alone(capsys, trained, bars_csv, tmp_path, args,
                                                                 message):
    data_dir, _ = trained
    (tmp_path / "notes.txt").write_text("not a table")
    before = snapshot(data_dir)
    values = {"bars": bars_csv, "notes": tmp_path / "notes.txt", "tmp": tmp_path}
    code, out, err = run_cli(capsys, *[a.format(**values) for a in args], "--data-dir", str(data_dir))
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err + out
    assert snapshot(data_dir) == before


def test_several_files_are_recorded_one_by_one(capsys, tmp_path, bars):
    early, late = tmp_path / "early.csv", tmp_path / "late.parquet"
    bars.iloc[:120].to_csv(early, index=False)
    bars.iloc[120:].to_parquet(late)
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(early), str(late), *TINY_ARGS,
                             "--data-dir", str(tmp_path / "records"))
    info = json.loads(Path(out.strip().splitlines()[-1]).read_text())["dataset_info"]
    assert code == 0, err
    assert info["dataset_names"] == ["early.csv", "late.parquet"] and info["datasets_used"] == 2
    assert info["data_shapes"] == [[120, 7], [len(bars) - 120, 7]]


def test_files_whose_columns_disagree_are_refused_before_any_record(capsys, tmp_path, bars):
    other = tmp_path / "other.csv"
    bars.rename(columns={"Volume": "Shares"}).to_csv(other, index=False)
    bars.to_csv(tmp_path / "bars.csv", index=False)
    code, _, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(tmp_path / "bars.csv"), str(other),
                           "--data-dir", str(tmp_path / "records"))
    assert code == 2 and "other.csv" in err and len(err.strip().splitlines()) == 1
    assert not list((tmp_path / "records").glob("*.json"))


def test_ctrl_c_cancels_the_training_and_leaves_a_cancelled_record(tmp_path, bars_csv):
    data_dir = tmp_path / "records"
    # SIGINT back to its default in the child: a parent that ignores it (as CI runners may) must not
    # make Python ignore Ctrl-C too.
    training = subprocess.Popen(
        [sys.executable, "main.py", "train", "--model", "CIPO", "--data", str(bars_csv), "--epochs", "1000",
         "--batch-size", "4", "--no-early-stopping", "--data-dir", str(data_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_until(lambda: list(data_dir.glob("CIPO_*.json")), 120, what="the run's first record")
    training.send_signal(signal.SIGINT)
    out, err = training.communicate(timeout=120)
    [record_path] = data_dir.glob("CIPO_*.json")
    assert training.returncode == 130 and out == ""
    assert "Traceback" not in err and f"error: training cancelled (record: {record_path})" in err
    assert not [word for word in TENSORFLOW_CHATTER if word in err], err
    assert json.loads(record_path.read_text())["training_status"] == "cancelled"


def test_a_table_without_a_target_or_a_prose_file_is_refused_before_any_record(capsys, tmp_path, feature_table):
    table, prose = tmp_path / "table.csv", tmp_path / "notes.csv"
    feature_table.rename(columns={"target": "label"}).to_csv(table, index=False)
    prose.write_text("Dear team,\nthe numbers look fine.\n")
    for path, message in ((table, "choose the column to predict (e.g. --target COL)"), (prose, "not a dataset")):
        code, _, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(path),
                               "--data-dir", str(tmp_path / "r"))
        assert code == 2 and len(err.strip().splitlines()) == 1 and message in err, err
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("*.json"))


def test_raw_prices_are_recorded_and_predict_uses_them(capsys, tmp_path, bars):
    path = tmp_path / "aapl.csv"
    bars[bars["Ticker"] == "AAA"].drop(columns="Ticker").assign(**{"Adj Close": lambda t: t["Close"] / 2}).to_csv(
        path, index=False)
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(path), *TINY_ARGS, "--raw-prices",
                             "--data-dir", str(tmp_path / "r"))
    assert code == 0, err
    info = json.loads(Path(out.strip()).read_text())["dataset_info"]
    assert info["prices"] == "raw" and any("raw prices" in note for note in info["notes"])
    code, _, err = run_cli(capsys, "predict", "--model", "CIPO", "--data", str(path), "--output",
                           str(tmp_path / "o.csv"), "--data-dir", str(tmp_path / "r"))
    signals = pd.read_csv(tmp_path / "o.csv")
    assert code == 0 and signals["close"].iloc[-1] == pytest.approx(bars[bars["Ticker"] == "AAA"]["Close"].iloc[-1])


def test_predict_uses_the_pinned_run_and_run_still_overrides(capsys, trained, bars_csv, tmp_path):
    data_dir, record_path = trained
    pinned = record_path.stem
    code, out, err = run_cli(capsys, "train", "--model", "CIPO", "--data", str(bars_csv), *TINY_ARGS,
                             "--data-dir", str(data_dir))
    newest = Path(out.strip().splitlines()[-1]).stem
    assert code == 0 and newest != pinned
    assert run_cli(capsys, "records", "pin", pinned, "--data-dir", str(data_dir))[0] == 0
    output = str(tmp_path / "o.csv")
    code, out, _ = run_cli(capsys, "predict", "--model", "CIPO", "--data", str(bars_csv), "--output", output,
                           "--data-dir", str(data_dir))
    assert code == 0 and f"with run {pinned} ->" in out
    code, out, _ = run_cli(capsys, "predict", "--run", newest, "--data", str(bars_csv), "--output", output,
                           "--data-dir", str(data_dir))
    assert code == 0 and f"with run {newest} ->" in out

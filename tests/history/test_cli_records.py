"""`python main.py records list|best|export|pin` on real records: filters, clear errors, and messages."""

import csv

import pytest

from tests.test_cli import run_cli
from tradepulse.history import query_runs

MARKET, MARKET_2, TABLE, FAILED = range(4)


def records(capsys, store, *args):
    return run_cli(capsys, "records", *args, "--data-dir", str(store.root))


def listed(out: str) -> list[str]:
    return [line.split()[0].rstrip("*") for line in out.splitlines()[1:]]


def test_list_filters_and_sorts(capsys, history):
    store, runs = history
    code, out, err = records(capsys, store, "list")
    assert code == 0 and out.splitlines()[0].split()[:2] == ["run_id", "status"]
    assert sorted(listed(out)) == sorted(runs) and "4 runs, 0 files skipped" in err
    code, out, _ = records(capsys, store, "list", "--ticker", "BBB", "--status", "completed", "--days", "2")
    assert sorted(listed(out)) == sorted(runs[:2])
    code, out, _ = records(capsys, store, "list", "--dataset", "features.csv", "--model", "CIPO")
    assert listed(out) == [runs[TABLE]]
    code, out, err = records(capsys, store, "list", "--sort", "accuracy", "--ascending", "--limit", "2")
    assert code == 0 and len(listed(out)) == 2 and "2 of 4 runs" in err


def test_min_keeps_the_better_runs(capsys, history):
    store, runs = history
    [best] = query_runs(store, sort="f1", limit=1).rows
    code, out, _ = records(capsys, store, "list", "--sort", "f1", "--limit", "1")
    assert listed(out) == [best["run_id"]]
    code, out, _ = records(capsys, store, "list", "--min", f"f1={best['f1_score']}", "--min", "accuracy=0")
    assert code == 0 and listed(out) == [best["run_id"]]


@pytest.mark.parametrize("args, message", [
    (["--min", "speed=3"], "error: unknown metric 'speed'"),
    (["--min", "f1"], "error: --min takes METRIC=VALUE"),
    (["--min", "f1=high"], "is not a number"),
    (["--sort", "colour"], "error: cannot sort by 'colour'"),
    (["--status", "lost"], "error: unknown status 'lost'"),
    (["--since", "yesterday"], "error: not a date"),
])
def test_bad_filters_end_in_one_line(capsys, history, args, message):
    code, out, err = records(capsys, history[0], "list", *args)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and message in err, err


def test_nothing_matching_says_so(capsys, history):
    code, out, err = records(capsys, history[0], "list", "--ticker", "NOPE")
    assert code == 0 and out == "" and "no runs match" in err


def test_best_names_the_winning_runs_per_ticker(capsys, history):
    store, runs = history
    code, out, _ = records(capsys, store, "best")
    lines = out.splitlines()
    assert code == 0 and [line for line in lines if not line.startswith(" ")] == [
        "ticker AAA", "ticker BBB", "dataset features.csv"]
    assert {line.split()[-1] for line in lines if line.startswith(" ")} <= set(runs[:3])
    code, out, _ = records(capsys, store, "best", "--ticker", "aaa")
    assert out.splitlines()[0] == "ticker AAA" and len(out.splitlines()) == 8


def test_export_writes_the_filtered_runs(capsys, history, tmp_path):
    store, runs = history
    out_file = tmp_path / "runs.csv"
    code, out, _ = records(capsys, store, "export", "--csv", str(out_file), "--status", "completed")
    assert code == 0 and out.strip() == f"3 runs -> {out_file}"
    with open(out_file, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["run_id"] for row in rows) == sorted(runs[:3])
    assert all(row["hyperparameters.seed"] for row in rows)


def test_export_to_a_folder_that_does_not_exist_ends_in_one_line(capsys, history, tmp_path):
    code, out, err = records(capsys, history[0], "export", "--csv", str(tmp_path / "missing" / "runs.csv"))
    assert code == 2 and err.strip() == f"error: cannot write {tmp_path / 'missing' / 'runs.csv'}: " \
        "No such file or directory"


def test_pin_refuses_a_failed_run_and_delete_unpins(capsys, history):
    store, runs = history
    code, _, err = records(capsys, store, "pin", runs[FAILED])
    assert code == 2 and "cannot be pinned" in err and "status failed" in err
    code, out, _ = records(capsys, store, "pin", runs[MARKET])
    assert code == 0 and out.strip() == f"{runs[MARKET]} is now CIPO's run for Predict"
    code, out, err = records(capsys, store, "list")
    assert f"{runs[MARKET]}*" in out and "pinned for Predict" in err
    code, out, err = records(capsys, store, "delete", runs[MARKET])
    assert code == 0 and f"run {runs[MARKET]} was pinned for CIPO's Predict: unpinned" in err
    assert store.pinned() == {}

"""Whatever else lies in the data folder is listed as skipped, and never hides a record."""

import json
import os

import pytest

from .conftest import run_cli

RECORD = {"model_name": "CIPO", "training_status": "completed", "timestamp": "2024-03-04T05:06:07",
          "performance_metrics": {"accuracy": 55.0, "f1_score": 50.0}}


@pytest.fixture
def cluttered(store, tmp_path):
    """Three good records among every kind of foreign file; returns (good run ids, {skipped name: reason part})."""
    root = store.root
    good = [store.save_new(dict(RECORD)) for _ in range(2)]
    (root / "seed_app_run.json").write_text(json.dumps({k: RECORD[k] for k in ("model_name", "training_status",
                                                                                "timestamp")}))  # version 0
    good.append("seed_app_run")
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({**RECORD, "secret": "outside"}))
    (root / "inner_dir.json").mkdir()
    (root / "notes").mkdir()
    foreign = {
        "list.json": (json.dumps([1, 2, 3]), "not a JSON object"),
        "settings.json": (json.dumps({"theme": "dark"}), "missing fields"),
        "number.json": ("42", "not a JSON object"),
        "text_status.json": (json.dumps({**RECORD, "training_status": 3}), "is not text"),
        "future.json": (json.dumps({**RECORD, "schema_version": 99}), "newer TradePulse"),
        "empty.json": ("", "empty file"),
        "blank.json": ("  \n\t", "empty file"),
        "truncated.json": (json.dumps(RECORD)[:30], "not valid JSON"),
        "nested.json": ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        "random.json": (os.urandom(512), "not valid JSON"),
        "latin1.json": ('{"model_name": "caf\xe9"}'.encode("latin-1"), "not valid JSON"),
        "bad name!.json": (json.dumps(RECORD), "invalid run id"),
        "README.txt": ("hello", "not a record file"),
        "data.csv": ("a,b\n1,2\n", "not a record file"),
    }
    for name, (content, _reason) in foreign.items():
        path = root / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    os.symlink(outside, root / "escape.json")
    os.symlink(tmp_path / "missing.json", root / "dangling.json")
    os.symlink(root / "loop.json", root / "loop.json")
    os.mkfifo(root / "pipe.json")
    (root / ".hidden.json").write_text(json.dumps(RECORD))  # hidden: neither a record nor reported
    expected = {name: reason for name, (_content, reason) in foreign.items()}
    expected |= {"inner_dir.json": "not a record file", "notes": "not a record file",
                 "escape.json": "outside the data folder", "dangling.json": "outside the data folder",
                 "loop.json": "Too many levels of symbolic links", "pipe.json": "not a record file"}
    return good, expected


def test_the_store_lists_every_record_and_skips_each_foreign_file_with_a_reason(store, cluttered):
    good, expected = cluttered
    listing = store.list()
    assert sorted(r["run_id"] for r in listing.records) == sorted(good)
    reasons = {s.name: s.reason for s in listing.skipped}
    assert sorted(reasons) == sorted(expected)
    for name, part in expected.items():
        assert part in reasons[name], (name, reasons[name])
        assert reasons[name] and "\n" not in reasons[name]
    assert all("outside" not in json.dumps(r) for r in listing.records)  # the symlinked file was not read
    assert store.latest("CIPO") is None  # no saved model folders: nothing to predict with, and no error


def test_records_list_on_the_command_line_shows_the_same(store, cluttered):
    good, expected = cluttered
    result = run_cli("records", "list", "--data-dir", store.root, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0].split()[:2] == ["run_id", "status"]
    assert sorted(row.split()[0] for row in rows[1:]) == sorted(good)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert sorted(line.split(": ")[0].removeprefix("skipped ") for line in skipped) == sorted(expected)
    assert f"{len(good)} runs, {len(expected)} files skipped" in result.stderr
    assert "Traceback" not in result.stderr

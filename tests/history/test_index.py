"""The query index beside the records: rebuilt when deleted or damaged, reconciled with files that other
processes add, change or remove, never fatal on a bad file, and safe with several writers at once."""

import json
import os
import shutil
import subprocess
import sys
import threading

import tradepulse.storage.index as index_module
import tradepulse.storage.listing as listing_module  # where the index reads record files
from tests.history.conftest import record_of
from tests.support import REPO
from tradepulse.history import RunFilter, query_runs
from tradepulse.storage import RecordStore
from tradepulse.storage.index import INDEX_DIR, index_path

MARKET, MARKET_2, TABLE, FAILED = range(4)


def rows(store) -> list[dict]:
    return query_runs(store, sort="run_id", descending=False, limit=1000).rows


def other_process(code: str, *args) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                            cwd=REPO, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    return result


def test_deleting_the_index_loses_nothing(history):
    store, runs = history
    before = rows(store)
    assert [row["run_id"] for row in before] == sorted(runs)
    store.index.close()
    shutil.rmtree(store.root / INDEX_DIR)
    assert rows(RecordStore(store.root)) == before


def test_a_damaged_index_file_is_rebuilt(history):
    store, runs = history
    before = rows(store)
    store.index.close()
    index_path(store.root).write_bytes(b"this is not a database" * 100)
    assert rows(RecordStore(store.root)) == before


def test_records_added_changed_and_removed_by_another_process_appear(history):
    store, runs = history
    assert len(rows(store)) == 4  # the index exists and this process has it open
    other_process("""
import json, os, sys
from tradepulse.storage import RecordStore
root, changed, removed = sys.argv[1:]
RecordStore(root).save_new({"model_name": "BICIPO", "training_status": "completed",
                            "performance_metrics": {"f1_score": 99.5}})
path = os.path.join(root, changed + ".json")
record = json.load(open(path))
record["performance_metrics"]["f1_score"] = 12.25
open(path + ".new", "w").write(json.dumps(record))
os.replace(path + ".new", path)  # no RecordStore: the index is not told
os.unlink(os.path.join(root, removed + ".json"))
""", store.root, runs[MARKET], runs[TABLE])
    after = {row["run_id"]: row for row in rows(store)}
    assert runs[TABLE] not in after and len(after) == 4
    assert after[runs[MARKET]]["f1_score"] == 12.25
    [new] = [row for row in after.values() if row["model"] == "BICIPO"]
    assert new["f1_score"] == 99.5 and query_runs(store, RunFilter(minimum={"f1": 99})).total == 1


def test_a_file_rewritten_in_place_is_seen_when_the_index_is_next_opened(history):
    store, runs = history
    rows(store)
    path = store.path_of(runs[MARKET_2])
    record = json.loads(path.read_text())
    record["performance_metrics"]["accuracy"] = 77.5
    path.write_text(json.dumps(record))  # same folder entry: the folder's mtime does not move
    [row] = [r for r in rows(RecordStore(store.root)) if r["run_id"] == runs[MARKET_2]]
    assert row["accuracy"] == 77.5


def test_a_corrupt_record_and_a_foreign_file_are_skipped_and_listed_never_fatal(history):
    store, runs = history
    rows(store)
    (store.root / "CIPO_20200101_000000.json").write_text("{broken")
    (store.root / "notes.txt").write_text("hello")
    assert [row["run_id"] for row in rows(store)] == sorted(runs)
    assert {(s.name, s.reason) for s in store.index.skipped()} == {
        ("CIPO_20200101_000000.json", "not valid JSON"), ("notes.txt", "not a record file")}
    assert {s.name for s in store.index.skipped()} == {s.name for s in store.list().skipped}  # as the listing says
    fixed = {**record_of(store, runs[FAILED]), "model_name": "CIPO"}
    (store.root / "CIPO_20200101_000000.json").write_text(json.dumps(fixed))
    assert "CIPO_20200101_000000" in {row["run_id"] for row in rows(store)}
    assert [s.name for s in store.index.skipped()] == ["notes.txt"]


def test_reopening_parses_only_changed_files(history, monkeypatch):
    store, runs = history
    rows(store)
    store.index.close()
    parsed = []
    real = listing_module.read_record_file
    monkeypatch.setattr(listing_module, "read_record_file", lambda path: parsed.append(path) or real(path))
    assert len(rows(RecordStore(store.root))) == 4 and parsed == []
    path = store.path_of(runs[MARKET])
    path.write_text(path.read_text() + " ")  # one byte longer
    assert len(rows(RecordStore(store.root))) == 4 and parsed == [path]


def test_the_index_files_are_never_records_or_foreign_files(history):
    store, runs = history
    rows(store)
    store.pin(runs[MARKET])
    assert (store.root / INDEX_DIR).is_dir()
    assert store.list().skipped == [] and store.index.skipped() == []
    assert sorted(r["run_id"] for r in store.list().records) == sorted(runs)


WRITER = """
import sys
from tradepulse.history import query_runs
from tradepulse.storage import RecordStore
store = RecordStore(sys.argv[1])
for index in range(int(sys.argv[3])):
    store.save_new({"model_name": sys.argv[2], "training_status": "completed",
                    "performance_metrics": {"accuracy": float(index)}})
    if index % 5 == 0:
        query_runs(store, limit=5)
"""


def test_two_processes_saving_at_once_both_land_in_the_index(history):
    store, runs = history
    rows(store)  # the index exists, so every save updates it
    count = 25
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(store.root), model, str(count)], cwd=REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE, text=True)
               for model in ("ADM", "Ensemble")]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    assert not any("locked" in text or "not updated" in text for text in errors), errors
    for model in ("ADM", "Ensemble"):
        assert query_runs(store, RunFilter(model=model, status="completed")).total == count
    assert query_runs(store).total == len(runs) + 2 * count


def test_while_a_reconcile_runs_readers_get_the_last_committed_index_without_waiting(history, monkeypatch):
    store, runs = history
    store.index.sync()
    (store.root / "extra.json").write_text("{}")  # a change: the next open's reconcile has a file to read
    reopened = RecordStore(store.root)
    scanning, release = threading.Event(), threading.Event()
    real_signature = index_module._signature

    def slow_signature(path):
        scanning.set()
        release.wait(30)
        return real_signature(path)

    monkeypatch.setattr(index_module, "_signature", slow_signature)
    scan = threading.Thread(target=reopened.index.sync)
    scan.start()
    try:
        assert scanning.wait(30)
        answered = []
        reader = threading.Thread(target=lambda: answered.append(rows(reopened)))
        reader.start()
        reader.join(10)
        assert [row["run_id"] for row in answered[0]] == sorted(runs)  # answered while the scan waits
        assert reopened.index.skipped() == []  # the scan has not written its finding yet
    finally:
        release.set()
        scan.join(30)
    assert [s.name for s in reopened.index.skipped()] == ["extra.json"]

"""The listing cache: only changed files are parsed again; it follows every change; it scales."""

import json
import os
import threading

import pytest

import tradepulse.storage.listing as listing_module
from tradepulse.storage import RecordStore, write_json_atomic

from .helpers import T0, at, make_record, run_ids


@pytest.fixture
def parse_calls(monkeypatch):
    calls = []
    real = listing_module.parse_record

    def counting(raw):
        calls.append(raw)
        return real(raw)

    monkeypatch.setattr(listing_module, "parse_record", counting)
    return calls


def test_relisting_parses_only_changed_files(store, parse_calls):
    ids = [store.save_new(make_record(marker=n), when=at(n)) for n in range(3)]
    store.list()
    assert len(parse_calls) == 3
    store.list()
    assert len(parse_calls) == 3
    write_json_atomic(store.path_of(ids[0]), {**store.load(ids[0]), "training_status": "failed"})
    parse_calls.clear()
    listing = store.list()
    assert len(parse_calls) == 1
    assert {r["run_id"]: r["training_status"] for r in listing.records}[ids[0]] == "failed"


def test_a_same_size_rewrite_with_the_same_mtime_is_still_seen(store):
    run_id = store.save_new(make_record(status="completed"), when=T0)
    path = store.path_of(run_id)
    before = path.stat()
    store.list()
    write_json_atomic(path, {**store.load(run_id), "training_status": "cancelled"})  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert store.list().records[0]["training_status"] == "cancelled"


def test_deleted_and_new_files_show_up_on_relist(store):
    first = store.save_new(make_record(), when=T0)
    store.list()
    store.path_of(first).unlink()
    second = store.save_new(make_record(), when=at(1))
    assert run_ids(store.list()) == [second]


def test_concurrent_lists_and_saves_all_succeed(store):
    errors, done = [], threading.Event()

    def keep_listing():
        while not done.is_set():
            try:
                assert store.list().skipped == []
            except Exception as exc:  # collected: an assertion in a thread would be lost
                errors.append(exc)

    listers = [threading.Thread(target=keep_listing) for _ in range(4)]
    for thread in listers:
        thread.start()
    ids = [store.save_new(make_record(marker=n), when=T0) for n in range(30)]
    done.set()
    for thread in listers:
        thread.join()
    assert errors == []
    assert sorted(run_ids(store.list())) == sorted(ids)


def test_ten_thousand_records_are_listed_and_a_relist_parses_nothing(tmp_path, monkeypatch):
    # Speed itself is measured in benchmarks/; here: all listed, and the cache really spares the parsing.
    root = tmp_path / "many"
    root.mkdir()
    body = make_record(performance_metrics={"loss": [0.5] * 40, "accuracy": 0.6})
    for n in range(10_000):
        record = {**body, "model_name": f"m{n % 7}", "timestamp": f"2024-01-01T00:00:{n % 60:02d}"}
        (root / f"m{n % 7}_{n:05d}.json").write_text(json.dumps(record, indent=2))
    store = RecordStore(root)
    cold = store.list()
    assert len(cold.records) == 10_000 and cold.skipped == []
    parsed = []
    original = listing_module.read_record_file
    monkeypatch.setattr(listing_module, "read_record_file", lambda path: parsed.append(path) or original(path))
    warm = store.list()
    assert len(warm.records) == 10_000
    assert parsed == []

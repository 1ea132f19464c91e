"""list(): order, filter, and every kind of bad file skipped with a reason, never an error."""

import logging
import os
import time

import pytest

from tradepulse.storage import Skipped

from .helpers import T0, at, make_record, run_ids, write_raw


def test_newest_first_by_timestamp_then_run_id(store):
    late = store.save_new(make_record(model="zeta"), when=at(30))
    early = store.save_new(make_record(model="alpha"), when=at(-30))
    same_a = store.save_new(make_record(model="beta"), when=T0)
    same_b = store.save_new(make_record(model="beta"), when=T0)
    assert run_ids(store.list()) == [late, same_b, same_a, early]


def test_timestamps_with_and_without_zone_sort_on_one_clock(store, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        # 10:00 in Tokyo is 01:00 UTC: older than 05:00 UTC, though its digits are larger.
        aware = store.save_new(make_record(timestamp="2024-01-02T10:00:00+09:00"), when=T0)
        naive = store.save_new(make_record(timestamp="2024-01-02T05:00:00"), when=T0)
        assert run_ids(store.list()) == [naive, aware]
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_unreadable_timestamp_lists_the_run_last_instead_of_hiding_it(store):
    odd = store.save_new(make_record(timestamp="last tuesday"), when=at(60))
    normal = store.save_new(make_record(), when=T0)
    listing = store.list()
    assert run_ids(listing) == [normal, odd]
    assert listing.skipped == []


def test_filter_by_model(store):
    alpha = store.save_new(make_record(model="alpha"), when=T0)
    store.save_new(make_record(model="beta"), when=at(1))
    assert run_ids(store.list("alpha")) == [alpha]
    assert store.list("gamma").records == []
    assert len(store.list().records) == 2


def test_records_carry_their_run_id_from_the_file_name(store):
    write_raw(store.root, "alpha_1.json", make_record(run_id="other", timestamp="2024-01-01"))
    assert run_ids(store.list()) == ["alpha_1"]


@pytest.mark.timeout(10)  # the FIFO below would hang a naive reader
def test_bad_files_are_skipped_with_reasons_and_hide_nothing(store, tmp_path, caplog):
    good = [store.save_new(make_record(model=model), when=T0) for model in ("alpha", "beta")]
    root = store.root
    ok = make_record(timestamp="2024-01-01T00:00:00")
    write_raw(root, "malformed.json", '{"model_name": "x",')
    write_raw(root, "empty.json", "")
    (root / "random.json").write_bytes(bytes(range(256)) * 4)
    write_raw(root, "list.json", [make_record()])
    write_raw(root, "partial.json", {"model_name": "x", "hyperparameters": {}})
    write_raw(root, "future.json", {**ok, "schema_version": 99})
    write_raw(root, "nameless.json", {**ok, "model_name": None})
    write_raw(root, "bad name.json", ok)
    write_raw(root, "notes.txt", "hello")
    (root / "stray").mkdir()
    (root / "dir.json").mkdir()
    (root / "outside.json").symlink_to(write_raw(tmp_path, "secret.json", ok))
    (root / "outside_dir").symlink_to(tmp_path)
    (root / "loop.json").symlink_to(root / "loop.json")
    os.mkfifo(root / "fifo.json")  # opening it naively would hang the listing
    write_raw(root, ".alpha_x.json.tmp", "half-writ")  # a temp file: ignored silently
    (root / "models").mkdir()

    with caplog.at_level(logging.WARNING, logger="tradepulse.storage.listing"):
        listing = store.list()

    assert run_ids(listing) == sorted(good, reverse=True)
    expected = {
        "bad name.json": "invalid run id: 'bad name'",
        "dir.json": "not a record file",
        "empty.json": "empty file",
        "fifo.json": "not a record file",
        "future.json": "written by a newer TradePulse",
        "list.json": "not a JSON object",
        "loop.json": "cannot read: Too many levels of symbolic links",
        "malformed.json": "not valid JSON",
        "nameless.json": "field 'model_name' is not text",
        "notes.txt": "not a record file",
        "outside.json": "symlink pointing outside the data folder",
        "outside_dir": "symlink pointing outside the data folder",
        "partial.json": "missing fields: timestamp, training_status",
        "random.json": "not valid JSON",
        "stray": "not a record file",
    }
    assert listing.skipped == [Skipped(name, reason) for name, reason in sorted(expected.items())]
    warned = {record.args[0] for record in caplog.records}
    assert warned == set(expected)


def test_warnings_are_not_repeated_for_unchanged_files(store, caplog):
    write_raw(store.root, "broken.json", "{")
    store.list()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tradepulse.storage.listing"):
        again = store.list()
    assert again.skipped == [Skipped("broken.json", "not valid JSON")]
    assert caplog.records == []


def test_a_symlink_inside_the_folder_is_followed(store):
    run_id = store.save_new(make_record(), when=T0)
    (store.root / "alias.json").symlink_to(store.path_of(run_id))
    assert sorted(run_ids(store.list())) == sorted([run_id, "alias"])


def test_records_handed_out_do_not_change_the_cache(store):
    store.save_new(make_record(), when=T0)
    store.list().records[0]["training_status"] = "tampered"
    assert store.list().records[0]["training_status"] == "completed"

"""kill -9 a process that is saving records: every record on disk is whole, and none is made up.

The writer prints a run id only after save_new returned for it (the record is on disk, fsynced). When
it is killed, the record it was writing may or may not have been published, so the honest count is:

    acknowledged ⊆ records on disk ⊆ acknowledged ∪ {the one id that was being written}

The writer's ids are predictable (a fixed clock, one second per record), so "the one being written"
is a known id, not a loose "+1".
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta

from tradepulse.storage import RecordStore

from .conftest import REPO, run_cli

WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta
    from tradepulse.storage import RecordStore

    store, start = RecordStore(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
    # 4 MB of padding: writing and fsyncing it is most of the loop, so kills tend to land inside a write.
    padding = "x" * 4_000_000
    for i in range(100_000):
        record = {"model_name": "CIPO", "training_status": "completed", "padding": padding, "last": "whole"}
        run_id = store.save_new(record, when=start + timedelta(seconds=i))
        print(run_id, flush=True)
""")

T0 = datetime(2024, 5, 6, 7, 0, 0)


def expected_id(start: datetime, index: int) -> str:
    return f"CIPO_{start + timedelta(seconds=index):%Y%m%d_%H%M%S}"


def kill_writer_after(root, start: datetime, lines: int, delay: float) -> list[str]:
    """Start a writer, SIGKILL it `delay` s after it acknowledged `lines` records; all ids it acknowledged."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(root), start.isoformat()], cwd=REPO,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    acknowledged = []
    try:
        while len(acknowledged) < lines:
            line = writer.stdout.readline()
            assert line, "the writer stopped on its own"
            acknowledged.append(line.strip())
        time.sleep(delay)  # into the next save: json.dumps, the temp file, fsync, link
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        acknowledged += [line.strip() for line in writer.stdout.read().splitlines()]  # still in the pipe
    finally:
        writer.kill()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    return acknowledged


def test_records_survive_kill_9_whole_and_are_counted_honestly(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    acknowledged, may_exist = set(), set()
    # Delays spread over one save (about 25 ms here): kills land before, inside and after writes.
    kills = list(zip((1, 3, 5, 8, 12, 20, 2, 4), (0.0, 0.007, 0.014, 0.021, 0.028, 0.035, 0.05, 0.08)))
    for round_, (lines, delay) in enumerate(kills):
        start = T0 + timedelta(days=round_)
        acked = kill_writer_after(root, start, lines, delay)
        assert acked == [expected_id(start, i) for i in range(len(acked))]  # ids are as predicted
        acknowledged |= set(acked)
        may_exist.add(expected_id(start, len(acked)))  # the record in flight at the kill

    visible = sorted(p for p in root.iterdir() if not p.name.startswith("."))
    on_disk = {p.name.removesuffix(".json") for p in visible}
    assert all(p.suffix == ".json" and p.is_file() for p in visible)
    assert acknowledged <= on_disk <= acknowledged | may_exist
    for path in visible:  # whole records only: each parses and ends with its last field
        record = json.loads(path.read_text())
        assert record["last"] == "whole" and len(record["padding"]) == 4_000_000
        assert record["run_id"] == path.stem

    # A kill between writing the temp file and removing it leaves one hidden temp file per kill at most.
    hidden = [p.name for p in root.iterdir() if p.name.startswith(".")]
    assert len(hidden) <= len(kills) and all(name.endswith(".tmp") for name in hidden)

    listing = RecordStore(root).list()
    assert {r["run_id"] for r in listing.records} == on_disk
    assert listing.skipped == []  # temp files are neither records nor "skipped" noise

    result = run_cli("records", "list", "--data-dir", root)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[1:]  # after the header
    assert {row.split()[0] for row in rows} == on_disk
    assert f"{len(on_disk)} runs, 0 files skipped" in result.stderr

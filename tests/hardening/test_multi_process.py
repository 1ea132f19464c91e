"""Several processes share one data folder: servers behind a proxy (or `--num-procs`) and the command line
save runs into it at the same moment. Every record must arrive whole, under its own run id, and every
process must list them all."""

import json
import subprocess
import sys
import time

import pytest

from tradepulse.storage import RecordStore

from .conftest import REPO

WRITERS, RUNS_EACH = 4, 15
# Each writer waits for the same start time, then saves its runs as fast as it can, all stamped with one
# second: their run ids collide and must each find a free suffix. The query index exists, so every save
# also updates SQLite from several processes.
WRITER = """
import sys, time
from datetime import datetime
from tradepulse.storage import RecordStore
folder, writer, runs, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = RecordStore(folder)
while time.time() < start:
    time.sleep(0.001)
when = datetime(2026, 1, 2, 3, 4, 5)
for index in range(runs):
    record = {"model_name": "CIPO", "training_status": "running", "writer": writer, "sequence": index}
    run_id = store.save_new(record, when=when)
    store.update(run_id, {**record, "training_status": "completed", "performance_metrics": {"f1_score": 1.0}})
    print(run_id, flush=True)
"""


@pytest.mark.timeout(120)
def test_processes_saving_at_once_lose_and_corrupt_nothing(tmp_path):
    folder = tmp_path / "data"
    RecordStore(folder).index.sync()  # the index exists: saves keep it in step
    start = time.time() + 3  # every writer has imported and waits
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), f"w{n}", str(RUNS_EACH), str(start)],
                                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for n in range(WRITERS)]
    reported = {}
    for n, writer in enumerate(writers):
        out, err = writer.communicate(timeout=100)
        assert writer.returncode == 0, err
        reported[f"w{n}"] = out.split()

    saved = [run_id for ids in reported.values() for run_id in ids]
    assert len(saved) == len(set(saved)) == WRITERS * RUNS_EACH  # no run id handed out twice
    for writer, ids in reported.items():
        for sequence, run_id in enumerate(ids):  # each file holds what its own writer wrote last
            record = json.loads((folder / f"{run_id}.json").read_text())
            assert (record["writer"], record["sequence"], record["training_status"]) == (writer, sequence, "completed")

    # Two other processes' views of the folder, as two servers would list it: all records, nothing skipped.
    for store in (RecordStore(folder), RecordStore(folder)):
        listing = store.list()
        assert sorted(r["run_id"] for r in listing.records) == sorted(saved)
        assert listing.skipped == []
    assert not list(folder.glob(".*.tmp"))  # no temp file left behind

"""Saving one record: RecordStore.save_new of a realistic "running" record (temp file, fsync, link)."""

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.common import Row, median, ms, percentile, timer
from benchmarks.listing import fill, realistic_record

SAVES = 300


def _times(store) -> list[float]:
    times, start = [], datetime(2030, 1, 1)
    for index in range(SAVES):
        record = realistic_record(index)
        del record["schema_version"]
        with timer() as took:
            store.save_new(record, when=start + timedelta(seconds=index))
        times.append(took())
    return times


def run() -> list[Row]:
    from tradepulse.storage import RecordStore

    empty = _times(RecordStore(Path(tempfile.mkdtemp(prefix="bench-save-"))))
    crowded_folder = Path(tempfile.mkdtemp(prefix="bench-save-crowded-"))
    fill(crowded_folder, 10_000)
    crowded = _times(RecordStore(crowded_folder))
    return [
        Row("saving one record (save_new, p50 / p95)", f"{ms(median(empty))} / {ms(percentile(empty, 95))}",
            "≤ 10 ms", percentile(empty, 95) <= 0.010, f"{SAVES} saves into an empty folder, fsync included"),
        Row("  same, next to 10,000 records", f"{ms(median(crowded))} / {ms(percentile(crowded, 95))}",
            "≤ 10 ms", percentile(crowded, 95) <= 0.010, ""),
    ]

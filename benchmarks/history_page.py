"""The page with a long run history: launch to page shown, opening the history tab, and the server's memory,
with 100,000 synthetic records in the data folder against an empty one.

The records are benchmarks/history.py's, and their query index is built before the clock starts (as on a
server that ran before; building it from nothing is history.py's row). Launch: `python main.py` until headless
Chromium shows Train Model, then the Saved Data tab until its first page of runs is shown, LAUNCHES times
each, alternating: medians. Memory: the server's resident set once it is quiet after both, 100,000 records
against none.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import Row, chromium, free_port, median, start_server, stop, wait_for_port
from benchmarks.history import COUNT, fill
from benchmarks.roundtrip import wait_until_quiet

LAUNCHES = 3  # each an empty folder, then the full one: medians


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def _launch(browser, folder: Path) -> dict[str, float]:
    """Seconds to Train Model visible and to the history's first page, and the quiet server's RSS (MB)."""
    port, page = free_port(), browser.new_page()
    start = time.perf_counter()
    server = start_server(port, folder)
    try:
        wait_for_port(port, server)
        page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
        page.get_by_role("button", name="Train Model").wait_for(state="visible", timeout=120_000)
        shown = time.perf_counter() - start
        tab = time.perf_counter()
        page.locator(".bk-tab", has_text="Saved Data").click()
        page.get_by_text("Page 1 of").wait_for(state="visible", timeout=120_000)
        history = time.perf_counter() - tab
        wait_until_quiet(server.pid)
        rss = _rss_mb(server.pid)
    finally:
        stop(server)
        page.close()
    return {"shown": shown, "history": history, "rss": rss}


def run() -> list[Row]:
    from tradepulse.storage import RecordStore

    full, empty = Path(tempfile.mkdtemp(prefix="bench-page-full-")), Path(tempfile.mkdtemp(prefix="bench-page-empty-"))
    try:
        fill(full, COUNT)
        RecordStore(full).index.sync()
        os.sync()  # the 1.7 GB just written reach the disk now, not during the launches (as on a server that ran before)
        with chromium() as browser:
            _launch(browser, empty)  # warm-up: the OS caches Python, Panel and their files once
            rounds = [(_launch(browser, empty), _launch(browser, full)) for _ in range(LAUNCHES)]
        none, many = ({key: median([r[side][key] for r in rounds]) for key in rounds[0][side]} for side in (0, 1))
        each = ", ".join(f"{r[1]['shown']:.2f}" for r in rounds)
        more = many["rss"] - none["rss"]
        return [
            Row(f"launch → 'Train Model' visible, {COUNT:,} records", f"{many['shown']:.2f} s", "≤ 3 s",
                many["shown"] <= 3.0, f"median of {LAUNCHES} (all: {each} s); empty folder {none['shown']:.2f} s"),
            Row(f"Saved Data tab → first page of history, {COUNT:,} records", f"{many['history']:.2f} s", "", None,
                f"empty folder {none['history']:.2f} s"),
            Row(f"server memory with {COUNT:,} records vs none (RSS)", f"+{more:.0f} MB", "< 300 MB", more < 300,
                f"{many['rss']:.0f} MB against {none['rss']:.0f} MB, after the page and the history tab"),
        ]
    finally:
        shutil.rmtree(full, ignore_errors=True)
        shutil.rmtree(empty, ignore_errors=True)


"""Server round-trip: GET of a small static asset, idle and while a browser session trains a model.

One server, one headless Chromium session. The session loads the sample data, which starts the server's
TensorFlow import in a thread (GETs during that import are reported on their own row). Idle: SAMPLES
sequential GETs of /assets/logo.svg on one keep-alive connection, once the server's CPU is quiet. Busy: the
session presses Train Model (Ensemble, 60 epochs, early stopping on); GETs are counted only while the run's
record on disk says "running".
"""

import json
import os
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.common import Row, chromium, free_port, ms, percentile, start_server, stop, wait_for_port

SAMPLES = 300
ASSET = "/assets/logo.svg"


def _get_times(session, url, count, keep_going=lambda: True) -> list[float]:
    times = []
    while len(times) < count and keep_going():
        start = time.perf_counter()
        response = session.get(url, timeout=30)
        times.append(time.perf_counter() - start)
        response.raise_for_status()
        time.sleep(0.005)  # a few requests per tick, as a page's assets and polls would be
    return times


def _running(data_dir: Path) -> bool:
    for path in data_dir.glob("*.json"):
        try:
            if json.loads(path.read_text()).get("training_status") == "running":
                return True
        except (OSError, ValueError):
            pass
    return False


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_until_quiet(pid: int, timeout: float = 30) -> None:
    """Until the server uses under 5 % of a core over half a second (its warm-up import is done)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.025:
            return


def run() -> list[Row]:
    port, data_dir = free_port(), Path(tempfile.mkdtemp(prefix="bench-roundtrip-"))
    server = start_server(port, data_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, server)
        with chromium() as browser, requests.Session() as session:
            page = browser.new_page()
            page.goto(base + "/")
            train = page.get_by_role("button", name="Train Model")
            train.wait_for(state="visible", timeout=60_000)
            page.get_by_role("button", name="Use sample data").click()  # data to train on: TensorFlow warms up
            warming = _get_times(session, base + ASSET, SAMPLES // 3)
            wait_until_quiet(server.pid)
            idle = _get_times(session, base + ASSET, SAMPLES)
            page.get_by_role("combobox", name="Model type").select_option("Ensemble")  # three networks in turn
            epochs = page.get_by_role("textbox", name="Epochs", exact=True)
            epochs.fill("60")
            epochs.press("Enter")
            deadline = time.monotonic() + 30
            while train.is_disabled() and time.monotonic() < deadline:
                time.sleep(0.05)
            train.click()
            deadline = time.monotonic() + 30
            while not _running(data_dir) and time.monotonic() < deadline:
                time.sleep(0.02)
            busy = _get_times(session, base + ASSET, SAMPLES, lambda: _running(data_dir))
            still_running = _running(data_dir)
            page.close()
    finally:
        stop(server)
    rows = [_row("idle", idle), _row("right after data is loaded", warming,
                                     "the server imports TensorFlow in a thread meanwhile")]
    if busy:
        note = "" if still_running else f"training ended after {len(busy)} samples"
        rows.append(_row("while a session trains", busy, note))
    else:
        rows.append(Row(f"GET {ASSET} while a session trains", "not measured", "p95 ≤ 100 ms", None,
                        "the training did not start"))
    return rows


def _row(when: str, times: list[float], note: str = "") -> Row:
    p50, p95 = percentile(times, 50), percentile(times, 95)
    return Row(f"GET {ASSET} {when} (p50 / p95)", f"{ms(p50)} / {ms(p95)}", "p95 ≤ 100 ms", p95 <= 0.1,
               f"{len(times)} requests, max {ms(max(times))}" + (f"; {note}" if note else ""))

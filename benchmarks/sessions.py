"""Many traders at once: 12 sessions requested together, the server's memory per open session and after
they close.

One server (`python main.py`, an empty data folder), after one page has been served and discarded (it
imports what every page needs). SESSIONS headless Chromium tabs open the page together: the time until
the last shows Train Model, and the server's resident memory (RSS) with them open, less its memory before,
per session. The tabs close; once the server has discarded the sessions (Bokeh drops a session 15 s after
its websocket closes, checking every 17 s) the memory is read again. A second round of tabs opens and
closes: memory that grows with every round would show there. Last, SESSIONS concurrent GETs of `/` (a desk
opening the page at the same moment): the time until the last response arrived; again with the app served
by PROCESSES processes (Panel's num_procs: they share the port, the kernel hands each connection to one).
Nobody loads data, so the server never imports TensorFlow here (once per process, about 500 MB, when a
session first has data).
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from benchmarks.common import QUIET_ENV, REPO, Row, chromium, free_port, start_server, stop, wait_for_port
from benchmarks.roundtrip import cpu_seconds, wait_until_quiet

SESSIONS = 12
PROCESSES = 2
SERVE_PROCESSES = ("import sys; from tradepulse.ui.app import serve; "
                   "serve(sys.argv[1], int(sys.argv[2]), show=False, num_procs=int(sys.argv[3]))")
DISCARDED_AFTER = 40  # seconds: Bokeh's unused-session lifetime (15 s) plus its check interval (17 s), with margin


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024


def _concurrent_gets(url: str) -> list[float]:
    """Seconds from the common start to each response."""
    times, go = [], threading.Event()

    def get():
        go.wait()
        requests.get(url, timeout=120).raise_for_status()
        times.append(time.perf_counter() - start)

    threads = [threading.Thread(target=get) for _ in range(SESSIONS)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    return times


def _gets_from_processes(data_dir: Path) -> list[float]:
    """The concurrent GETs against the app served by PROCESSES processes (a process group of its own)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE_PROCESSES, str(data_dir), str(port), str(PROCESSES)],
                              cwd=REPO, env={**os.environ, **QUIET_ENV}, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        url = f"http://127.0.0.1:{port}/"
        for _ in range(2 * PROCESSES):  # each process builds a first page (imports)
            requests.get(url, timeout=60)
        time.sleep(2)
        return _concurrent_gets(url)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the forked workers too
        server.wait()


def _open_tabs(browser, url: str) -> tuple[list, float]:
    """SESSIONS tabs, each in its own context (a trader of its own), all asked for the page before any waits."""
    contexts = [browser.new_context() for _ in range(SESSIONS)]
    pages = [context.new_page() for context in contexts]
    start = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit", timeout=120_000)
    for page in pages:
        page.get_by_role("button", name="Train Model").wait_for(state="visible", timeout=120_000)
    return contexts, time.perf_counter() - start


def run() -> list[Row]:
    port, data_dir = free_port(), Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    server = start_server(port, data_dir)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_port(port, server)
        requests.get(url, timeout=60)  # the first page imports what every page needs
        time.sleep(DISCARDED_AFTER)  # that session is discarded before the memory is read
        wait_until_quiet(server.pid)
        before = rss_mb(server.pid)
        rounds = []
        with chromium() as browser:
            for _ in range(2):
                contexts, ready = _open_tabs(browser, url)
                wait_until_quiet(server.pid)
                open_mb = rss_mb(server.pid)
                for context in contexts:
                    context.close()
                time.sleep(DISCARDED_AFTER)
                rounds.append((ready, open_mb, rss_mb(server.pid)))
        wait_until_quiet(server.pid)
        cpu = cpu_seconds(server.pid)
        gets = _concurrent_gets(url)
        cpu_per_page = (cpu_seconds(server.pid) - cpu) / SESSIONS  # the wall time it needs on an idle core
    finally:
        stop(server)
    spread = _gets_from_processes(data_dir)
    (ready, open_mb, closed_mb), (ready_2, open_2, closed_2) = rounds
    per_session = (open_mb - before) / SESSIONS
    last = max(gets)
    return [
        Row(f"{SESSIONS} concurrent GETs of the page: last one served", f"{last:.2f} s", "≤ 3 s", last <= 3.0,
            f"first {min(gets):.2f} s; the server's CPU time per page {cpu_per_page:.2f} s "
            f"({SESSIONS} × = {SESSIONS * cpu_per_page:.2f} s on an otherwise idle core)"),
        Row(f"same, served by {PROCESSES} processes (num_procs)", f"{max(spread):.2f} s", "≤ 3 s", max(spread) <= 3.0,
            f"first {min(spread):.2f} s"),
        Row(f"{SESSIONS} Chromium tabs opened together: the last shows Train Model", f"{ready:.2f} s", "", None,
            f"second round {ready_2:.2f} s"),
        Row("server memory per open session (RSS)", f"{per_session:.1f} MB", "≤ 20 MB", per_session <= 20,
            f"{before:.0f} MB before, {open_mb:.0f} MB with {SESSIONS} tabs open"),
        Row("server memory after the sessions closed (RSS)", f"{closed_mb:.0f} MB / {closed_2:.0f} MB", "", None,
            f"after the first / second round of {SESSIONS} tabs; {before:.0f} MB before, "
            f"{open_2:.0f} MB with the second round open"),
    ]

"""Page speed: launch to page shown, and a new tab on a running server.

Launch: `python main.py --no-browser --port N` until headless Chromium shows "Train Model". The clock
starts just before the server process is created (Chromium is already running, as a trader's browser
would be) and stops when the button is visible. Median of LAUNCHES launches, each on a fresh data folder.

New tab: on one running server, TABS tabs opened one after another in one browser window (its cache warm,
as a trader's browser is after the first visit), each until Train Model is visible; and as many tabs each
in a fresh browser context (an empty cache: every script and style is fetched again). Medians.
"""

import tempfile
import time
from pathlib import Path

from benchmarks.common import Row, chromium, free_port, median, start_server, stop, wait_for_port
from benchmarks.roundtrip import cpu_seconds, wait_until_quiet

LAUNCHES = 3
TABS = 5


def _shown_after(page, url: str) -> tuple[float, float]:
    """Seconds until the page's HTML arrived and until Train Model is visible."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    answered = time.perf_counter()
    page.get_by_role("button", name="Train Model").wait_for(state="visible", timeout=60_000)
    return answered - start, time.perf_counter() - start


def _launch_once(browser) -> dict[str, float]:
    port, page = free_port(), browser.new_page()
    start = time.perf_counter()
    server = start_server(port, Path(tempfile.mkdtemp(prefix="bench-launch-")))
    try:
        wait_for_port(port, server)
        listening = time.perf_counter() - start
        answered, shown = _shown_after(page, f"http://127.0.0.1:{port}/")
    finally:
        stop(server)
        page.close()
    return {"listening": listening, "answered": listening + answered, "shown": listening + shown}


def _new_tabs(browser) -> tuple[list[float], list[float], float]:
    port = free_port()
    server = start_server(port, Path(tempfile.mkdtemp(prefix="bench-tabs-")))
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_port(port, server)
        window = browser.new_context()
        _shown_after(window.new_page(), url)  # the first visit fills the cache and imports what pages need
        wait_until_quiet(server.pid)
        warm, cpu = [], cpu_seconds(server.pid)
        for _ in range(TABS):
            tab = window.new_page()
            warm.append(_shown_after(tab, url)[1])
            tab.close()
        window.close()
        server_cpu = (cpu_seconds(server.pid) - cpu) / TABS
        cold = []
        for _ in range(TABS):
            context = browser.new_context()
            cold.append(_shown_after(context.new_page(), url)[1])
            context.close()
    finally:
        stop(server)
    return warm, cold, server_cpu


def run() -> list[Row]:
    with chromium() as browser:
        _launch_once(browser)  # warm-up: the OS caches Python, Panel and TensorFlow files once
        runs = [_launch_once(browser) for _ in range(LAUNCHES)]
        warm, cold, server_cpu = _new_tabs(browser)
    shown = median([r["shown"] for r in runs])
    each = ", ".join(f"{r['shown']:.2f}" for r in runs)
    tab, fresh = median(warm), median(cold)
    return [
        Row("launch → 'Train Model' visible in headless Chromium", f"{shown:.2f} s", "≤ 2.5 s", shown <= 2.5,
            f"port open {median([r['listening'] for r in runs]):.2f} s, page answered "
            f"{median([r['answered'] for r in runs]):.2f} s; median of {LAUNCHES} (all: {each} s)"),
        Row("new tab on a running server → 'Train Model' visible", f"{tab:.2f} s", "≤ 1 s", tab <= 1.0,
            f"median of {TABS} tabs in one window (all: {', '.join(f'{t:.2f}' for t in warm)} s); "
            f"with an empty browser cache {fresh:.2f} s; the server's CPU time per tab {server_cpu:.2f} s"),
    ]

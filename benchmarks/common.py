"""Pieces the benchmarks share: a result row, timing helpers, a served app and a headless browser."""

import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(REPO)}


@dataclass
class Row:
    measure: str
    figure: str
    goal: str
    met: bool | None  # None: no goal, or not measured
    note: str = ""


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def median(values) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@contextmanager
def timer(clock=time.perf_counter):
    """`with timer() as t:` ...; t() is the seconds the block took (or so far) on `clock`."""
    start, end = clock(), []
    yield lambda: (end[0] if end else clock()) - start
    end.append(clock())


@contextmanager
def wall_and_cpu():
    """`with wall_and_cpu() as t:` ...; t() is (wall seconds, CPU seconds of all this process's threads).

    CPU time hardly moves when other programs compete for the cores, so it shows overhead that the
    wall clock's noise on a shared 2-core machine can hide."""
    with timer() as wall, timer(time.process_time) as cpu:
        yield lambda: (wall(), cpu())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)


def start_server(port: int, data_dir: Path, extra_env: dict | None = None) -> subprocess.Popen:
    """`python main.py --no-browser --port N`, as the README tells a trader to start it."""
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "--no-browser", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **QUIET_ENV, **(extra_env or {})})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright (no `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        total_kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    return (f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu}, "
            f"{total_kb / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}, {platform.system()}")

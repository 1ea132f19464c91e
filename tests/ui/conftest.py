"""Browser-test fixtures: the real app served as a subprocess, and Debian's Chromium driven by Playwright."""

import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import page_answers, wait_until

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60
EXPECT_MS = 15_000  # Playwright's 5 s default is short while a training shares the 2 cores with the server
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class ServedApp:
    url: str
    data_dir: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_app(folder: Path):
    """`python main.py` on a free port with its own data folder, stopped (and reaped) on exit."""
    port, data_dir, log = free_port(), folder / "data", folder / "server.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "main.py", "--port", str(port), "--no-browser", "--data-dir", str(data_dir)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        def up() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the app exited with {process.returncode}:\n{log.read_text()[-2000:]}")
            return page_answers(url, timeout=5)

        wait_until(up, START_TIMEOUT, interval=0.2, what=f"the app at {url}")
        yield ServedApp(url, data_dir)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server for the module's tests that do not care what earlier tests saved."""
    with served_app(tmp_path_factory.mktemp("app")) as served:
        yield served


@pytest.fixture
def fresh_app(tmp_path):
    """A server of its own on an empty data folder."""
    with served_app(tmp_path) as served:
        yield served


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need {CHROMIUM} (Debian's chromium package)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed  # read by the page fixture's teardown
    return report


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test: a new Panel session with its own state."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(EXPECT_MS)
    yield tab
    if getattr(request.node, "call_failed", False):  # what the page showed when the test failed
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    context.close()

"""Browser-test fixtures: the real app served as a subprocess, and Debian's Chromium driven by Playwright."""

from pathlib import Path

import pytest

from ..support import REPO, served_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXPECT_MS = 15_000  # Playwright's 5 s default is short while a training shares the 2 cores with the server
ARTIFACTS = REPO / "test-artifacts"


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

"""Offline: the page loads every script, style and font from the app itself. Every request that would leave
this machine is blocked and recorded; the page must still work and must not have tried any."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .test_browser import open_app, tab

pytestmark = pytest.mark.ui

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def leaves_machine(url: str) -> bool:
    """http(s) or ws(s) to any host but this one; blob: and data: URLs are the page's own."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK


def test_leaves_machine_tells_loopback_from_the_internet():
    assert leaves_machine("https://fonts.googleapis.com/css?family=Open+Sans")
    assert leaves_machine("https://cdn.jsdelivr.net/npm/tabulator-tables/dist/js/tabulator.min.js")
    assert not leaves_machine("http://127.0.0.1:5006/static/js/bokeh.min.js")
    assert not leaves_machine("ws://localhost:5006/ws")
    assert not leaves_machine("blob:http://127.0.0.1:5006/2da67b5f")


def test_page_works_without_the_internet_and_asks_it_for_nothing(page, app):
    seen = []
    page.on("request", lambda request: seen.append(request.url))  # routed or not, every request shows here
    page.on("websocket", lambda socket: seen.append(socket.url))  # websockets bypass routing
    page.route(leaves_machine, lambda route: route.abort("internetdisconnected"))  # as on a closed network
    open_app(page, app)
    page.get_by_role("button", name="Use sample data").click()
    train = page.get_by_role("button", name="Train Model")
    expect(train).to_be_enabled()  # the sample is loaded: the page's websocket round trip works
    train.click(trial=True)  # clickable: visible, enabled, not covered (trial: checked, not pressed)
    tab(page, "Saved Data").click()
    expect(page.get_by_role("button", name="Refresh")).to_be_visible()
    tab(page, "Train & Evaluate").click()
    expect(train).to_be_visible()
    failed_fonts = page.evaluate("() => [...document.fonts].filter(f => f.status === 'error').map(f => f.family)")
    assert failed_fonts == []
    assert any(url.startswith("ws://127.0.0.1") for url in seen)  # the log saw the page's own traffic
    assert [url for url in seen if leaves_machine(url)] == []
    assert not [url for url in seen if "mathjax" in url.lower()]  # no TeX on the page: its bundle is left out

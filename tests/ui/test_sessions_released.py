"""A closed browser session leaves nothing behind: once the server discards it, its state is freed. The app
is served in this process (not as a subprocess) so that the test can count the sessions' state objects."""

import gc
import weakref

import panel as pn
import pytest
from playwright.sync_api import expect

from tradepulse.config import ASSETS_DIR
from tradepulse.storage import DatasetStore, RecordStore
from tradepulse.ui.app import new_session
from tradepulse.ui.state.app_state import ModelsPanelState

from ..support import free_port, wait_until
from .test_browser import tab

# The server runs in this process, where warnings are errors: the libraries' deprecation notices (Panel's
# button_type, pandas' inplace inside Bokeh) must not break the page, as they do not in the served app.
pytestmark = [pytest.mark.ui, pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")]

SESSIONS = 3


@pytest.fixture
def live_sessions(monkeypatch):
    """Counts the session states still alive. A weak registry, not a scan of gc.get_objects(): in the full
    suite the heap holds TensorFlow and every earlier test's objects, and each scan took seconds."""
    alive = weakref.WeakSet()
    built = ModelsPanelState.__init__

    def registered(self, *args, **kwargs):
        built(self, *args, **kwargs)
        alive.add(self)

    monkeypatch.setattr(ModelsPanelState, "__init__", registered)

    def count() -> int:
        gc.collect()  # a closed session's state is freed with its reference cycles
        return len(alive)

    return count


@pytest.fixture
def served_here(tmp_path):
    store, uploads = RecordStore(tmp_path / "data"), DatasetStore(tmp_path / "data")
    pn.extension("tabulator", notifications=True)
    port = free_port()
    # Bokeh discards a session whose websocket closed after this lifetime (15 s by default).
    server = pn.serve(lambda: new_session(store, uploads), port=port, address="127.0.0.1", show=False,
                      threaded=True, static_dirs={"assets": str(ASSETS_DIR)},
                      check_unused_sessions_milliseconds=250, unused_session_lifetime_milliseconds=250)
    yield f"http://127.0.0.1:{port}/"
    server.stop()


def test_closed_sessions_are_freed(browser, served_here, live_sessions):
    contexts = []
    for index in range(SESSIONS):
        context = browser.new_context()
        page = context.new_page()
        page.goto(served_here)
        expect(page.get_by_role("button", name="Train Model")).to_be_visible(timeout=30_000)
        if index == 0:  # a tab built when opened is released too
            tab(page, "Saved Data").click()
            expect(page.get_by_role("button", name="Refresh")).to_be_visible()
        contexts.append(context)
    assert live_sessions() == SESSIONS
    for context in contexts:
        context.close()
    wait_until(lambda: live_sessions() == 0, timeout=20, interval=0.25,
               what=lambda: f"{live_sessions()} sessions alive")

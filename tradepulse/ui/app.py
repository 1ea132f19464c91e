"""The Models Panel page, one per browser session, and the server that serves it."""

import base64
import hashlib
import os
import secrets
import sys
import threading
from pathlib import Path

import panel as pn
import panel.io.resources as panel_resources
from bokeh.settings import settings as bokeh_settings
from panel.theme.fast import Fast
from tornado.web import OutputTransform

from tradepulse.config import ASSETS_DIR, max_upload_bytes
from tradepulse.storage import DatasetStore, RecordStore
from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import call_now
from tradepulse.ui.views import later
from tradepulse.ui.views.data_view import DataView
from tradepulse.ui.views.lazy import built_once_trained, built_when_opened
from tradepulse.ui.views.performance_view import PerformanceView
from tradepulse.ui.views.training_view import TrainingView

TITLE = "TradePulse Models Panel"
PREDICT_TAB, SAVED_TAB = 1, 2
# The template's Open Sans where it is installed, else the system's own sans-serif: no web font to fetch.
FONT_STACK = "'Open Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# FastListTemplate's own inline handlers (sidebar, full-screen and theme buttons): allowed by hash, no others.
TEMPLATE_HANDLERS = ("openNav()", "closeNav()", "toggleFullScreen(this)", "toggleLightDarkTheme('default')",
                     "toggleLightDarkTheme('dark')")


def _sha256(source: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    # Bokeh and Panel start each page with inline <script> elements, compile code with new Function
    # and load modules from blob: URLs.
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    # No inline event handlers (an injected <img onerror=...>) except the template's own.
    "script-src-attr 'unsafe-hashes' " + " ".join(map(_sha256, TEMPLATE_HANDLERS)),
    "style-src 'self' 'unsafe-inline'",  # Bokeh styles its elements inline
    "img-src 'self' data: blob: https://cdn.holoviz.org",  # Panel's login page shows its logo from there
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))


class PolicyHeader(OutputTransform):
    """Adds the Content-Security-Policy to every response: tornado runs its transforms on each one."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return status_code, headers, chunk


def session_dispatch(doc):
    """Run a state change on this session's event loop, holding its document lock."""
    from panel.io.state import set_curdoc

    def dispatch(callback):
        with set_curdoc(doc):
            pn.state.execute(callback, schedule=True)

    return dispatch


# The FAST design without its web font: every stylesheet, script and font comes from the app itself. Named
# Fast: Panel finds a design's bundled files under its class name.
OfflineFast = type("Fast", (Fast,), {"_resources": {kind: urls for kind, urls in Fast._resources.items()
                                                    if kind != "font"}})


def _warm_up_tensorflow(ready: bool):
    # Once a session has data to train on, import TensorFlow in a thread so that Train starts at once. Not at
    # every page load: the import holds the GIL for seconds and would slow the pages others are opening.
    if ready and "keras" not in sys.modules:
        threading.Thread(target=lambda: __import__("keras"), name="warm-up-tensorflow", daemon=True).start()


def build_page(store: RecordStore, uploads: DatasetStore | None = None) -> pn.template.FastListTemplate:
    doc = pn.state.curdoc
    dispatch = session_dispatch(doc) if doc is not None else call_now
    state = ModelsPanelState(store, dispatch, uploads)
    details = built_once_trained(state.training.param.status, lambda: later.run_details(state), later.no_run_details)
    tabs = pn.Tabs(
        ("Train & Evaluate", pn.Column(TrainingView(state=state.training), PerformanceView(state=state.board),
                                       details)),
        dynamic=True, sizing_mode="stretch_width",  # hidden tabs render when opened: a lighter first page
    )
    built_when_opened(tabs, "Predict", lambda: later.predict_tab(state))
    built_when_opened(tabs, "Saved Data", lambda: later.history_tab(state))
    built_when_opened(tabs, "Tune", lambda: later.tune_tab(state, dispatch))
    view_saved = pn.widgets.Button(label="View Saved Data", button_type="light")

    def open_saved(_):
        state.reload_history()
        tabs.active = SAVED_TAB

    view_saved.on_click(open_saved)
    # Predict's run chooser re-reads the runs each time its tab opens: a run pinned or deleted in Saved Data shows.
    tabs.param.watch(lambda event: event.new == PREDICT_TAB and state.prediction.refresh_runs(), "active")
    if doc is not None:
        state.data.param.watch(lambda event: _warm_up_tensorflow(event.new), "ready")
        pn.state.onload(lambda: _warm_up_tensorflow(state.data.ready))
    page = pn.template.FastListTemplate(
        title=TITLE, logo="assets/logo.svg", favicon="assets/logo.svg", accent="#0b3d5c",
        design=OfflineFast, font=FONT_STACK,
        sidebar=[DataView(state=state.data), view_saved], main=[tabs], sidebar_width=380,
    )
    return page


def new_session(store: RecordStore, uploads: DatasetStore) -> None:
    """Panel calls this for each browser session: the page joins the session's document inside one freeze of
    its model graph, so Bokeh walks the models once instead of once per root (a quarter of a session's cost)."""
    doc = pn.state.curdoc
    with doc.models.freeze():
        build_page(store, uploads).server_doc(doc, title=TITLE)


def exposure_options(address: str, port: int, basic_auth: str | None, origins: list[str] | None) -> dict:
    """Server options for who may connect: the websocket origin matches the address the app listens on."""
    options = {"websocket_origin": origins or [f"{address}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]}
    if basic_auth:
        # Panel's own login page; the cookie secret signs the session cookie (new each launch unless set).
        options.update(basic_auth=basic_auth,
                       cookie_secret=os.environ.get("TRADEPULSE_COOKIE_SECRET") or secrets.token_urlsafe(32))
    return options


def serve(data_dir: Path, port: int = 5006, address: str = "127.0.0.1", show: bool = True,
          basic_auth: str | None = None, origins: list[str] | None = None, **kwargs):
    store, uploads = RecordStore(data_dir), DatasetStore(data_dir)  # shared by every session
    # The history index checks the folder (every file's stat) while the server starts; pages opened meanwhile
    # read the index as the last run left it instead of waiting.
    threading.Thread(target=store.index.sync, name="history-index", daemon=True).start()
    upload_limit = max_upload_bytes()  # a bad setting stops the launch with its message, not a session
    # Bokeh's layout checks only log warnings for developers, at a tenth of each page's cost.
    bokeh_settings.perform_document_validation.set_value(False)
    # Panel adds BokehJS's MathJax bundle to every page with an HTML pane in case it shows TeX (about 0.1 s of
    # each page's start in the browser); ours never does: users' text reaches the page with its punctuation
    # escaped. Panel 1.9.4 has no public switch; the offline page test checks the bundle stays out.
    panel_resources._panel_use_mathjax = lambda roots: False
    pn.extension("tabulator", notifications=True)
    pn.serve(
        lambda: new_session(store, uploads), port=port, address=address, show=show, title=TITLE,
        **exposure_options(address, port, basic_auth, origins),
        static_dirs={"assets": str(ASSETS_DIR)},
        transforms=[PolicyHeader],  # Bokeh hands unknown options on to tornado's Application
        # Uploads travel over the websocket: let files up to the upload limit through.
        websocket_max_message_size=upload_limit + 1_000_000, max_buffer_size=upload_limit + 1_000_000,
        **kwargs,
    )

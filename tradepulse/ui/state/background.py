"""Run work off the event loop and hand each result back through the session's dispatcher."""

import logging
import threading
from functools import partial
from typing import Callable

logger = logging.getLogger(__name__)
Dispatch = Callable[[Callable[[], None]], None]


def call_now(callback: Callable[[], None]) -> None:
    """The dispatcher without a browser session (tests, scripts): run the callback in the calling thread."""
    callback()


def run_in_background(work: Callable[[], object], on_done: Callable[[object], None],
                      on_error: Callable[[str], None], dispatch: Dispatch, name: str) -> threading.Thread:
    """Start work in its own thread; on_done(result) or on_error(message) then run through dispatch."""

    def target():
        try:
            result = work()
        except Exception as exc:  # the page must learn of any failure, never a dead thread
            logger.exception("background task %s failed", name)
            dispatch(partial(on_error, str(exc) or type(exc).__name__))
        else:
            dispatch(partial(on_done, result))

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread

"""Long command-line work in a thread, so that Ctrl-C cancels it cleanly instead of killing it midway."""

import threading
from typing import Callable


def run_cancellable(work: Callable[[], object], cancel: threading.Event, name: str,
                    on_interrupt: Callable[[], None] = lambda: None):
    """work()'s result (or its exception, raised here). Ctrl-C sets cancel, which the work checks, and calls
    on_interrupt; the main thread waits on an Event because Thread.join() interrupted by Ctrl-C may return
    before the thread ends."""
    finished, ended = threading.Event(), []

    def target():
        try:
            ended.append(work())
        except BaseException as exc:  # handed to the main thread, which reports it
            ended.append(exc)
        finally:
            finished.set()

    threading.Thread(target=target, name=name, daemon=True).start()
    while True:
        try:
            finished.wait()
            break
        except KeyboardInterrupt:
            cancel.set()
            on_interrupt()
    if isinstance(ended[0], BaseException):
        raise ended[0]
    return ended[0]

"""Small helpers shared by the state and browser tests of the GUI."""

import json
import time
import urllib.request
from pathlib import Path

from tradepulse.sample_data import synthetic_bars


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.05, what=""):
    """Poll predicate until it returns something truthy (returned) or fail after timeout seconds.

    what names the awaited thing in the failure; a callable is asked only then, to show the latest state."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            awaited = (what() if callable(what) else what) or predicate
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {awaited}")
        time.sleep(interval)


def market_csv(tickers=("A", "B"), bars: int = 120, seed: int = 7) -> bytes:
    """A small synthetic market file, as a trader would upload it."""
    return synthetic_bars(tickers=tickers, bars=bars, seed=seed).to_csv(index=False).encode()


def records_on_disk(folder: Path) -> dict[str, dict]:
    """Every record file in the data folder, read directly (not through the store), by run id."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(Path(folder).glob("*.json"))}


def page_answers(url: str, timeout: float) -> bool:
    """Whether an HTTP GET of url returns 200 within timeout seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False

"""Helpers for every test folder: waiting for a condition, and the app served as a subprocess."""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


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


def page_answers(url: str, timeout: float) -> bool:
    """Whether an HTTP GET of url (redirects followed) returns 200 within timeout seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ServedApp:
    url: str
    port: int
    data_dir: Path


@contextmanager
def served_app(folder: Path, *options: str):
    """`python main.py` on a free port with its own data folder, stopped (and reaped) on exit."""
    port, data_dir, log = free_port(), folder / "data", folder / "server.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "main.py", "--port", str(port), "--no-browser", "--data-dir", str(data_dir), *options],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        def up() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the app exited with {process.returncode}:\n{log.read_text()[-2000:]}")
            return page_answers(url, timeout=5)

        wait_until(up, START_TIMEOUT, interval=0.2, what=f"the app at {url}")
        yield ServedApp(url, port, data_dir)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def train_completed(store, data, hyperparameters, evaluation=None) -> str:
    """The run id of a small real CIPO run on data ((file name, table) pairs) that must complete: two folds
    unless evaluation says otherwise."""
    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.training import Status, TrainingRequest, run_training

    evaluation = evaluation or EvaluationSettings(folds=2)
    request = TrainingRequest("CIPO", hyperparameters, tuple(data), evaluation=evaluation)
    outcome = run_training(request, store)
    assert outcome.status is Status.COMPLETED, outcome.error
    return outcome.run_id

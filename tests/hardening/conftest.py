"""Shared pieces of the hardening tests: tiny runs, a CLI runner and a snapshot of a folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.sample_data import synthetic_bars
from tradepulse.storage import RecordStore

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parents[2]
MAIN = REPO / "main.py"

# About a second per model type once TensorFlow is loaded.
SMALL = Hyperparameters(epochs=2, units=8, hidden_layers=1, batch_size=32, lookback=5, mc_samples=3,
                        early_stopping=False)


@pytest.fixture
def store(tmp_path) -> RecordStore:
    """A data folder inside tmp_path, so that tmp_path itself is 'outside' it."""
    return RecordStore(tmp_path / "data")


@pytest.fixture(scope="session")
def small_bars():
    """One ticker, 120 daily bars: about 100 trainable rows after the 20-bar warm-up."""
    return synthetic_bars(tickers=("AAA",), bars=120, seed=3)


def train_small(store: RecordStore, bars) -> str:
    """A completed CIPO run with a saved model; its run id. Judged on one holdout split: one fit, not six."""
    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.training import Status, TrainingRequest, run_training

    holdout = EvaluationSettings(method="holdout")
    outcome = run_training(TrainingRequest("CIPO", SMALL, (("bars.csv", bars),), evaluation=holdout), store)
    assert outcome.status is Status.COMPLETED, outcome.error
    return outcome.run_id


def run_cli(*args, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python main.py ARGS` in a fresh interpreter, as a trader would type it."""
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    return subprocess.run([sys.executable, str(MAIN), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO, env=environment)


def user_lines(stderr: str) -> list[str]:
    """stderr without TensorFlow's start-up chatter (which no setting silences completely)."""
    noise = ("WARNING: All log messages", "I0000 ", "E0000 ", "W0000 ")
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(noise)]


def tree(folder: Path) -> dict[str, tuple]:
    """Every path under `folder` (hidden ones too) with what would show a change to it."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if path.is_dir() and not path.is_symlink():
            found[str(path.relative_to(folder))] = (info.st_mode,)  # its entries are listed on their own
            continue
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else os.readlink(path)
        found[str(path.relative_to(folder))] = (info.st_mode, info.st_size, info.st_mtime_ns, content)
    return found

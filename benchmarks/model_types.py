"""Model types side by side: fit time and out-of-sample F1 of every type on the same data; chart images drawn
per second on one core; ChartCNN's peak memory on 100,000 windows (images drawn batch by batch).

Fit time is the run's own fits (`evaluation.fit_seconds`: every fold and the refit), F1 the pooled
out-of-sample F1 of the up class, beside the majority baseline's. Networks train for 10 epochs (early
stopping on); the scikit-learn types and ChartCNN use their defaults otherwise.
"""

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import QUIET_ENV, REPO, Row

TICKERS, BARS, FOLDS, EPOCHS = ("SYNA", "SYNB", "SYNC"), 2_000, 3, 10
RENDER_GOAL, RENDER_BATCH, RENDER_IMAGES = 2_000, 512, 20_480
MEMORY_WINDOWS = 100_000

# Runs in a fresh interpreter so that its peak resident memory is ChartCNN's alone.
MEMORY_SCRIPT = """
import json, sys
import numpy as np
from tradepulse.models.chart_cnn import ChartCNN
from tradepulse.models.hyperparameters import Hyperparameters
windows, lookback = int(sys.argv[1]), 20
tickers, per = 5, windows // 5 + lookback - 1
rng = np.random.default_rng(0)
close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, (tickers, per)), axis=1)).ravel()
open_ = close * np.exp(rng.normal(0, 0.004, close.size))
bars = np.column_stack([open_, np.maximum(open_, close) * 1.004, np.minimum(open_, close) * 0.996, close,
                        rng.uniform(1e5, 1e6, close.size)])
groups, usable = np.repeat(np.arange(tickers), per), np.ones(close.size, dtype=bool)
y = rng.integers(0, 2, close.size)
rows = np.arange(close.size)
model = ChartCNN(Hyperparameters(epochs=1, batch_size=256, hidden_layers=2, early_stopping=False))
def peak_kb():  # VmHWM starts afresh in a new program; ru_maxrss would carry the parent's peak over exec
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
before = peak_kb()
model.fit(bars, y, groups, usable, rows[rows % 10 != 0], rows[rows % 10 == 0], 2)
proba = model.predict_proba(bars, groups, usable)
print(json.dumps({"before_kb": before, "peak_kb": peak_kb(),
                  "scored": int((~np.isnan(proba[:, 0])).sum())}))
"""


def _settings():
    from tradepulse.models.hyperparameters import Hyperparameters

    return Hyperparameters(epochs=EPOCHS)


def _fit_rows() -> list[Row]:
    from tradepulse.config import MODEL_TYPES
    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.sample_data import synthetic_bars
    from tradepulse.storage import RecordStore
    from tradepulse.training import Status, TrainingRequest, run_training

    data = (("bars.csv", synthetic_bars(tickers=TICKERS, bars=BARS, seed=7)),)
    store, rows = RecordStore(Path(tempfile.mkdtemp(prefix="bench-types-"))), []
    for name in MODEL_TYPES:
        request = TrainingRequest(name, _settings(), data, evaluation=EvaluationSettings(folds=FOLDS))
        outcome = run_training(request, store)
        if outcome.status is not Status.COMPLETED:
            rows.append(Row(f"{name}: fit time, out-of-sample F1", "error", "", None, str(outcome.error)))
            continue
        record = outcome.record
        f1, baseline = record["performance_metrics"]["f1_score"], record["baseline_metrics"]["f1_score"]
        accuracy = record["performance_metrics"]["accuracy"]
        rows.append(Row(f"{name}: fit time, out-of-sample F1 (baseline)",
                        f"{record['evaluation']['fit_seconds']:.1f} s, F1 {f1:.2f}% ({baseline:.2f}%)", "", None,
                        f"accuracy {accuracy:.2f}%; run {record['duration_seconds']:.1f} s"))
    return rows


def _render_row() -> Row:
    from tradepulse.data.chart_images import render, windows

    rng = np.random.default_rng(0)
    n = RENDER_IMAGES + 19
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    open_ = close * np.exp(rng.normal(0, 0.004, n))
    bars = np.column_stack([open_, np.maximum(open_, close) * 1.004, np.minimum(open_, close) * 0.996, close,
                            rng.uniform(1e5, 1e6, n)])
    index, _ = windows(bars, np.zeros(n, dtype=int), np.ones(n, dtype=bool), 20)
    render(bars, index[:RENDER_BATCH], 64)  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(index), RENDER_BATCH):
        render(bars, index[start:start + RENDER_BATCH], 64)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rate = len(index) / wall
    return Row("chart images rendered per second, 64×64, 20 bars, one core", f"{rate:,.0f}",
               f"≥ {RENDER_GOAL:,}", rate >= RENDER_GOAL,
               f"{len(index):,} images in batches of {RENDER_BATCH}; CPU/wall {cpu / wall:.2f}")


def _memory_row() -> Row:
    environment = {**os.environ, **QUIET_ENV, "OMP_NUM_THREADS": "2"}
    result = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(MEMORY_WINDOWS)], capture_output=True,
                            text=True, cwd=REPO, env=environment, timeout=1800)
    if result.returncode:
        return Row("ChartCNN peak memory, 100,000 windows", "error", "", None, result.stderr.strip()[-200:])
    found = json.loads(result.stdout.splitlines()[-1])
    peak, before = found["peak_kb"] / 1024, found["before_kb"] / 1024
    all_at_once = MEMORY_WINDOWS * 64 * 64 * 4 / 2**20
    return Row(f"ChartCNN peak memory, {MEMORY_WINDOWS:,} windows (1 epoch, then predict all)",
               f"{peak:,.0f} MiB", "", None,
               f"{before:,.0f} MiB before the fit (Python, TensorFlow, bars); all images at once would be "
               f"{all_at_once:,.0f} MiB more; {found['scored']:,} windows scored")


def run() -> list[Row]:
    return [_render_row(), *_fit_rows(), _memory_row()]


if __name__ == "__main__":  # `python -m benchmarks.model_types` prints the rows alone
    for row in run():
        print(dataclasses.asdict(row))

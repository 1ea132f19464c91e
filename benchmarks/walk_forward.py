"""Walk-forward evaluation: what the harness adds to its own fits, and its cost against one holdout run.

A CIPO run with 5 walk-forward folds and the refit (six fits) is timed whole; its record carries the time
spent inside the models' fits, so wall time over that sum is what the folds, scoring, metrics and saving
add. The same data and settings are then run with holdout (one fit).
"""

import tempfile
from dataclasses import replace
from pathlib import Path

from benchmarks.common import Row, median, timer

EPOCHS, BATCH, ROUNDS = 10, 32, 3


def run() -> list[Row]:
    import keras  # noqa: F401  (imported before timing)

    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.models.hyperparameters import Hyperparameters
    from tradepulse.sample_data import synthetic_bars
    from tradepulse.storage import RecordStore
    from tradepulse.training import TrainingRequest, run_training

    bars = synthetic_bars(tickers=("SYNA", "SYNB", "SYNC"), bars=2000)
    hp = replace(Hyperparameters(), epochs=EPOCHS, batch_size=BATCH, early_stopping=False)
    store = RecordStore(Path(tempfile.mkdtemp(prefix="bench-wf-")))

    def timed(method: str) -> tuple[float, dict]:
        request = TrainingRequest("CIPO", hp, (("bars.csv", bars),), evaluation=EvaluationSettings(method=method))
        with timer() as took:
            outcome = run_training(request, store)
        assert outcome.status.value == "completed", outcome.error
        return took(), outcome.record

    timed("holdout")  # warm-up: first-use costs paid by neither side
    walk, fits, holdout = [], [], []
    for _ in range(ROUNDS):
        seconds, record = timed("walk-forward")
        walk.append(seconds)
        fits.append(record["evaluation"]["fit_seconds"])
        holdout.append(timed("holdout")[0])
    ratio = median([w / f for w, f in zip(walk, fits)])
    return [
        Row("walk-forward (5 folds + refit): wall time / sum of its fits", f"{ratio:.3f}", "≤ 1.05", ratio <= 1.05,
            f"{median(walk):.2f} s vs {median(fits):.2f} s in fits (medians of {ROUNDS}); 3 tickers × 2,000 bars, "
            f"CIPO, {EPOCHS} epochs, batch {BATCH}"),
        Row("  walk-forward run / holdout run (same data)", f"{median(walk) / median(holdout):.2f}", "", None,
            f"{median(walk):.2f} s vs {median(holdout):.2f} s: six fits on growing windows against one"),
    ]

"""Tuning: 16 small trials on 2 local Dask worker processes against the same 16 run one at a time, and the
share of a study's time spent outside the trials' own fits.

Both studies get the same 16 parameter sets (drawn once, queued in each study), pruning off, so both do
the same work. The sequential study runs in this process (TensorFlow already imported, as in a session
that has trained before); the 2-worker time includes starting the cluster and each worker's TensorFlow
import, as a trader's first study would pay them.
"""

import tempfile
import threading
from pathlib import Path

from benchmarks.common import Row, timer

TRIALS, WORKERS, EPOCHS = 16, 2, 15
SPECS = {"epochs": str(EPOCHS), "early_stopping": "false", "hidden_layers": "1:3", "units": "16:64",
         "batch_size": "32,64", "learning_rate": "1e-4:1e-2:log", "dropout": "0:0.5"}


def _study(root: Path, name: str, request, space, params: list[dict], executor) -> tuple[float, float]:
    from tradepulse.tuning.storage import StudyStore
    from tradepulse.tuning.study import open_study, run_study

    study = open_study(StudyStore(root), name, request, space, "f1", False, False)
    for chosen in params:
        study.enqueue_trial(chosen)
    with timer() as took:
        with executor:
            executor.start(request)
            run_study(study, request, space, executor, TRIALS, None, threading.Event())
        seconds = took()
    states = {t.state.name for t in study.trials}
    assert states == {"COMPLETE"}, states
    return seconds, sum(t.user_attrs["fit_seconds"] for t in study.trials)


def run() -> list[Row]:
    import keras  # noqa: F401  (imported before timing, as in a session that has trained)
    import optuna

    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.models.hyperparameters import Hyperparameters
    from tradepulse.sample_data import synthetic_bars
    from tradepulse.training import TrainingRequest
    from tradepulse.tuning.executors import InProcess, OnDask
    from tradepulse.tuning.space import SearchSpace

    bars = synthetic_bars(tickers=("SYNA", "SYNB", "SYNC"), bars=2000)
    request = TrainingRequest("CIPO", Hyperparameters(), (("bars.csv", bars),),
                              evaluation=EvaluationSettings(method="holdout"))
    space = SearchSpace.build("CIPO", SPECS)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    draw = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=7))
    params = [space.suggest(draw.ask()) for _ in range(TRIALS)]
    root = Path(tempfile.mkdtemp(prefix="bench-tune-"))
    sequential, seq_fits = _study(root, "one", request, space, params, InProcess())
    parallel, par_fits = _study(root, "two", request, space, params, OnDask(workers=WORKERS))
    speedup = sequential / parallel
    outside = 1 - seq_fits / sequential
    outside_parallel = 1 - par_fits / (WORKERS * parallel)
    note = f"CIPO, holdout, 3 tickers × 2,000 bars, {EPOCHS} epochs, no early stopping or pruning"
    return [
        Row(f"tuning, {TRIALS} trials: one at a time / {WORKERS} local Dask workers (speed-up)", f"{speedup:.2f}",
            "≥ 1.3", speedup >= 1.3, f"{sequential:.1f} s vs {parallel:.1f} s (cluster start and each worker's "
            f"TensorFlow import included); {note}"),
        Row("  tuning, one at a time: share of time outside the trials' fits", f"{100 * outside:.1f} %", "≤ 10 %",
            outside <= 0.10, f"{sequential - seq_fits:.1f} s of {sequential:.1f} s: data preparation, scoring, "
            "sampling, journal writes"),
        Row(f"  tuning, {WORKERS} workers: share of worker time outside the fits", f"{100 * outside_parallel:.1f} %",
            "", None, f"{WORKERS} × {parallel:.1f} s against {par_fits:.1f} s in fits: start-up, imports, transfers"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)

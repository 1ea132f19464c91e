"""Tuning: 16 trials on 2 local Dask worker processes against the same 16 run one at a time, twice: trials
judged by the product's default validation (5 walk-forward folds, about 4 s each), and short holdout trials
(one fit, about 1.3 s each), where the workers' fixed start-up (about 3 s) weighs most. Also the share of a
study's time spent outside the trials' own fits.

Both studies get the same 16 parameter sets (drawn once, queued in each study), pruning off, so both do
the same work. The sequential study runs in this process (TensorFlow already imported, as in a session
that has trained before); the 2-worker time includes starting and closing the cluster and each worker's
TensorFlow import, as a trader's first study would pay them. The CPU seconds each study took (this process
and the worker processes) do not depend on what else the machine runs, unlike the wall clock: they show
what the 2 workers cost in all when other programs take a share of the cores.
"""

import resource
import tempfile
import threading
from pathlib import Path

from benchmarks.common import Row, wall_and_cpu

TRIALS, WORKERS, EPOCHS = 16, 2, 15
WALK_TRIALS = 16  # each fits 5 walk-forward folds
SPECS = {"epochs": str(EPOCHS), "early_stopping": "false", "hidden_layers": "1:3", "units": "16:64",
         "batch_size": "32,64", "learning_rate": "1e-4:1e-2:log", "dropout": "0:0.5"}


def _children_cpu() -> float:
    """CPU seconds of this process's ended children: the cluster's worker processes, once closed."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _study(root: Path, name: str, request, space, params: list[dict], executor) -> tuple[float, float, float]:
    """Wall seconds, seconds in the trials' fits and CPU seconds (every process) of one study."""
    from tradepulse.tuning.storage import StudyStore
    from tradepulse.tuning.study import open_study, run_study

    study = open_study(StudyStore(root), name, request, space, "f1", False, False)
    for chosen in params:
        study.enqueue_trial(chosen)
    children = _children_cpu()
    with wall_and_cpu() as took:
        with executor:
            executor.start(request)
            run_study(study, request, space, executor, len(params), None, threading.Event())
        seconds, cpu = took()
    states = {t.state.name for t in study.trials}
    assert states == {"COMPLETE"}, states
    return seconds, sum(t.user_attrs["fit_seconds"] for t in study.trials), cpu + _children_cpu() - children


def _compare(bars, method: str, trials: int) -> tuple:
    """The same `trials` parameter sets one at a time here, then on the 2 workers: (wall, fits, CPU) of each."""
    import optuna

    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.models.hyperparameters import Hyperparameters
    from tradepulse.training import TrainingRequest
    from tradepulse.tuning.executors import InProcess, OnDask
    from tradepulse.tuning.space import SearchSpace

    request = TrainingRequest("CIPO", Hyperparameters(), (("bars.csv", bars),),
                              evaluation=EvaluationSettings(method=method))
    space = SearchSpace.build("CIPO", SPECS)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    draw = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=7))
    params = [space.suggest(draw.ask()) for _ in range(trials)]
    root = Path(tempfile.mkdtemp(prefix="bench-tune-"))
    return (_study(root, "one", request, space, params, InProcess()),
            _study(root, "two", request, space, params, OnDask(workers=WORKERS)))


def run() -> list[Row]:
    import keras  # noqa: F401  (imported before timing, as in a session that has trained)

    from tradepulse.sample_data import synthetic_bars

    bars = synthetic_bars(tickers=("SYNA", "SYNB", "SYNC"), bars=2000)
    (sequential, seq_fits, seq_cpu), (parallel, par_fits, par_cpu) = _compare(bars, "holdout", TRIALS)
    (wf_sequential, _, wf_seq_cpu), (wf_parallel, _, wf_par_cpu) = _compare(bars, "walk-forward", WALK_TRIALS)
    speedup = sequential / parallel
    outside = 1 - seq_fits / sequential
    outside_parallel = 1 - par_fits / (WORKERS * parallel)
    note = f"CIPO, 3 tickers × 2,000 bars, {EPOCHS} epochs, no early stopping or pruning"
    return [
        Row(f"tuning, {TRIALS} short holdout trials: one at a time / {WORKERS} local Dask workers (speed-up)",
            f"{speedup:.2f}", "≥ 1.3", speedup >= 1.3, f"{sequential:.1f} s vs {parallel:.1f} s (cluster start and close, each "
            f"worker's TensorFlow import included); holdout, {note}"),
        Row("  tuning, one at a time: share of time outside the trials' fits", f"{100 * outside:.1f} %", "≤ 10 %",
            outside <= 0.10, f"{sequential - seq_fits:.1f} s of {sequential:.1f} s: data preparation, scoring, "
            "sampling, journal writes"),
        Row(f"  tuning, {WORKERS} workers: share of worker time outside the fits", f"{100 * outside_parallel:.1f} %",
            "", None, f"{WORKERS} × {parallel:.1f} s against {par_fits:.1f} s in fits: start-up, imports, transfers"),
        Row(f"  tuning, {WORKERS} workers: CPU seconds against one at a time", f"{par_cpu / seq_cpu:.2f}", "", None,
            f"{par_cpu:.1f} s (this process: scheduler, sampling, journal; the workers: start-up, imports, trials) "
            f"against {seq_cpu:.1f} s; with {WORKERS} free cores the speed-up can reach about {WORKERS} ÷ this"),
        Row(f"tuning, {WALK_TRIALS} walk-forward trials: one at a time / {WORKERS} local Dask workers (speed-up)",
            f"{wf_sequential / wf_parallel:.2f}", "≥ 1.3", wf_sequential / wf_parallel >= 1.3,
            f"{wf_sequential:.1f} s vs {wf_parallel:.1f} s, CPU {wf_seq_cpu:.1f} s vs {wf_par_cpu:.1f} s "
            f"(ratio {wf_par_cpu / wf_seq_cpu:.2f}); the product's default validation (5 folds, no refit), cluster "
            f"start and close and the TensorFlow imports included; {note}"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)

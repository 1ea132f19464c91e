"""Wall time of run_training against a plain Keras fit of the same network on the same arrays.

Both fit CIPO's network (2 x 64 Dense, dropout 0.2) for the same epochs and batch size, with no early
stopping. run_training also prepares the data, evaluates, saves the model and writes two records; the
row "callback only" fits the plain network with our ProgressCallback to show what the callback costs.
"""

import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.common import Row, median, wall_and_cpu

EPOCHS, BATCH, ROUNDS = 10, 32, 5
CALLBACK_ROUNDS = 3


def _arrays(bars, hp):
    from tradepulse.data import Preprocessor, build_frame, chronological_split

    frame = build_frame(bars)
    trainable = np.flatnonzero(frame.trainable)
    train_rows, val_rows, _ = (trainable[p] for p in chronological_split(len(trainable)))
    preprocessor = Preprocessor.fit(frame, train_rows)
    X, y = preprocessor.transform(frame), preprocessor.encode_labels(frame.labels)
    rows = np.flatnonzero(frame.usable)  # CIPO's inputs: one usable row each
    train, val = np.isin(rows, train_rows), np.isin(rows, val_rows)
    return (X[rows][train], y[rows[train]]), (X[rows][val], y[rows[val]]), len(preprocessor.classes)


def _plain_fit(hp, train, val, n_classes, callbacks=()):
    import keras

    from tradepulse.models.cipo import dense_network

    keras.utils.set_random_seed(hp.seed)
    network = dense_network("CIPO", train[0].shape[1:], n_classes, hp)
    network.compile(optimizer=keras.optimizers.Adam(hp.learning_rate), loss="sparse_categorical_crossentropy")
    network.fit(*train, validation_data=val, epochs=hp.epochs, batch_size=hp.batch_size, verbose=0,
                callbacks=list(callbacks))


def run() -> list[Row]:
    import keras  # noqa: F401  (imported before timing: both sides start warm)

    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.models.hyperparameters import Hyperparameters
    from tradepulse.sample_data import synthetic_bars
    from tradepulse.storage import RecordStore
    from tradepulse.training import TrainingRequest, run_training
    from tradepulse.training.keras_callback import ProgressCallback
    from tradepulse.training.progress import ProgressTracker

    bars = synthetic_bars(tickers=("SYNA", "SYNB", "SYNC"), bars=2000)
    hp = replace(Hyperparameters(), epochs=EPOCHS, batch_size=BATCH, early_stopping=False)
    train, val, n_classes = _arrays(bars, hp)
    store = RecordStore(Path(tempfile.mkdtemp(prefix="bench-train-")))
    # Holdout: one fit, like the plain fit (walk-forward's folds are measured in benchmarks/walk_forward.py).
    request = TrainingRequest("CIPO", hp, (("bars.csv", bars),), evaluation=EvaluationSettings(method="holdout"))
    _plain_fit(replace(hp, epochs=1), train, val, n_classes)  # warm-up: first-use costs paid by neither side

    plain, ours, callback_only, phases = [], [], [], []
    for _ in range(ROUNDS):
        with wall_and_cpu() as took:
            _plain_fit(hp, train, val, n_classes)
        plain.append(took())
        seen = []
        with wall_and_cpu() as took:
            outcome = run_training(request, store, seen.append)
        ours.append(took())
        assert outcome.status.value == "completed", outcome.error
        phases.append(_phase_times(seen, took()[0]))
        if len(callback_only) < CALLBACK_ROUNDS:
            tracker = ProgressTracker(lambda _p: None)
            with wall_and_cpu() as took:
                _plain_fit(hp, train, val, n_classes, [ProgressCallback(tracker, threading.Event())])
            callback_only.append(took())

    wall, cpu = (lambda runs: median([r[0] for r in runs])), (lambda runs: median([r[1] for r in runs]))
    ratio = wall(ours) / wall(plain)
    spans = {name: median([p[name] for p in phases]) for name in phases[0]}
    steps = int(np.ceil(len(train[0]) / BATCH)) * EPOCHS
    return [
        Row("training: run_training / plain Keras fit (wall ratio)", f"{ratio:.2f}", "≤ 1.05", ratio <= 1.05,
            f"{wall(ours):.2f} s vs {wall(plain):.2f} s (medians of {ROUNDS}; best {min(r[0] for r in ours):.2f} vs "
            f"{min(r[0] for r in plain):.2f} s); {len(train[0])} rows, {EPOCHS} epochs, batch {BATCH}, {steps} steps"),
        Row("  same, CPU time ratio", f"{cpu(ours) / cpu(plain):.2f}", "", None,
            f"{cpu(ours):.2f} s vs {cpu(plain):.2f} s of CPU"),
        Row("  plain fit + our ProgressCallback (wall / CPU ratio)",
            f"{wall(callback_only) / wall(plain):.2f} / {cpu(callback_only) / cpu(plain):.2f}", "", None,
            f"median of {CALLBACK_ROUNDS}"),
        Row("  run_training phases", ", ".join(f"{k} {v:.2f} s" for k, v in spans.items()), "", None),
    ]


def _phase_times(snapshots, total: float) -> dict[str, float]:
    """Seconds spent in each phase, from the snapshots' elapsed times."""
    starts = {}
    for snapshot in snapshots:
        starts.setdefault(snapshot.phase.value, snapshot.elapsed)
    names = list(starts) + ["end"]
    starts["end"] = total
    return {name: starts[after] - starts[name] for name, after in zip(names, names[1:])}

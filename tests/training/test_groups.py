"""Cancel and progress when Keras runs batches in groups (steps_per_execution above 1)."""

import threading
import time

import keras
import numpy as np
import pytest

from tests.support import wait_until
from tradepulse.errors import TrainingCancelled
from tradepulse.models.base import model_class
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.training.keras_callback import ProgressCallback
from tradepulse.training.progress import Phase, ProgressTracker


def _data(rows, features=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, features)).astype(np.float32)
    return X, (X[:, 0] > 0).astype(int), np.zeros(rows, dtype=int), np.ones(rows, dtype=bool)


class CancelAfterGroups(keras.callbacks.Callback):
    """Sets the event once `groups` groups have ended; a batch-end hook fires once per group."""

    def __init__(self, event, groups):
        super().__init__()
        self.event, self.groups, self.ended = event, groups, []

    def on_train_batch_end(self, batch, logs=None):
        self.ended.append(batch)
        if len(self.ended) == self.groups:
            self.event.set()


def test_a_cancel_during_a_group_stops_the_fit_before_the_next_group():
    cancel = threading.Event()
    counter = CancelAfterGroups(cancel, groups=2)
    network = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    network.compile(optimizer="adam", loss="sparse_categorical_crossentropy", steps_per_execution=8)
    X, y = np.random.default_rng(0).normal(size=(400, 3)), np.zeros(400, dtype=int)
    with pytest.raises(TrainingCancelled):
        network.fit(X, y, batch_size=10, epochs=5, verbose=0,
                    callbacks=[counter, ProgressCallback(ProgressTracker(None), cancel)])
    assert counter.ended == [7, 15]  # 5 groups of 8 batches were planned per epoch
    assert int(network.optimizer.iterations) == 16


def test_progress_moves_once_per_group_and_keeps_each_epochs_losses():
    X, y, groups, usable = _data(2000)
    seen = []
    tracker = ProgressTracker(seen.append, min_interval=0.0)
    tracker.phase(Phase.TRAINING)
    hp = Hyperparameters(epochs=3, early_stopping=False)
    model = model_class("CIPO")(hp).fit(X, y, groups, usable, np.arange(1600), np.arange(1600, 2000), 2,
                                        callbacks=[ProgressCallback(tracker, threading.Event())])
    group = model.network_.steps_per_execution
    batches = tracker.snapshot.batches
    assert batches == 50 and group == 32
    for epoch in (1, 2, 3):
        reported = [s.batch for s in seen if s.epoch == epoch]
        assert set(reported) == {0, group, batches}  # each group's start, then the epoch's end
    fractions = [s.fraction for s in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(0.92)
    assert [(h.epoch, h.loss, h.val_loss) for h in tracker.snapshot.history] == [
        (h["epoch"], h["loss"], h["val_loss"]) for h in model.history_]
    assert all(isinstance(h.loss, float) and isinstance(h.val_loss, float) for h in tracker.snapshot.history)


@pytest.mark.parametrize("name, rows", [("CIPO", 800_000), ("ADM", 30_000)])
def test_a_cancel_during_a_long_epoch_stops_the_fit_within_a_second(name, rows):
    """Default networks (2 x 64, batch 32; ADM's lookback 20) on enough rows for epochs of several seconds."""
    X, y, groups, usable = _data(rows)
    cancel, tracker, stopped = threading.Event(), ProgressTracker(None), []

    def train():
        try:
            model_class(name)(Hyperparameters(epochs=2, early_stopping=False)).fit(
                X, y, groups, usable, np.arange(rows - 1000), np.arange(rows - 1000, rows), 2,
                callbacks=[ProgressCallback(tracker, cancel)])
        except TrainingCancelled:
            stopped.append(time.monotonic())

    thread = threading.Thread(target=train)
    thread.start()
    # Past the first groups (which build the graph), then half a second into the epoch.
    wait_until(lambda: tracker.snapshot.batch > 0, timeout=120)
    first, first_at = tracker.snapshot.batch, time.monotonic()
    time.sleep(0.5)
    done, cancelled_at = tracker.snapshot.batch, time.monotonic()
    cancel.set()
    thread.join(timeout=30)

    assert stopped and stopped[0] - cancelled_at <= 1.0
    epoch_seconds = (cancelled_at - first_at) / max(done - first, 1) * tracker.snapshot.batches
    assert epoch_seconds >= 3 and not tracker.snapshot.history  # cancelled inside a long first epoch

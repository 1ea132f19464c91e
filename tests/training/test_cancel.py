"""Cancelling: the callback stops the fit at the next batch; the job records it as cancelled."""

import threading

import keras
import numpy as np
import pytest

from tradepulse.errors import TrainingCancelled
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.training import Phase, Status, TrainingRequest, run_training
from tradepulse.training.keras_callback import ProgressCallback
from tradepulse.training.progress import ProgressTracker


class CancelAtBatch(keras.callbacks.Callback):
    """Sets the event at one batch, and counts every batch that still ends."""

    def __init__(self, event, at_batch):
        super().__init__()
        self.event, self.at_batch, self.batches = event, at_batch, 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if self.batches == self.at_batch:
            self.event.set()


def test_the_fit_stops_within_one_batch_of_the_cancel():
    cancel = threading.Event()
    counter = CancelAtBatch(cancel, at_batch=7)
    network = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    network.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    X, y = np.random.default_rng(0).normal(size=(400, 3)), np.zeros(400, dtype=int)
    with pytest.raises(TrainingCancelled):
        network.fit(X, y, batch_size=10, epochs=5, verbose=0,
                    callbacks=[counter, ProgressCallback(ProgressTracker(None), cancel)])
    assert counter.batches == 7  # 200 batches were planned


def test_a_cancelled_run_leaves_a_cancelled_record_with_the_epochs_done(bars, store):
    cancel = threading.Event()

    def cancel_after_first_epoch(progress):
        if progress.history:
            cancel.set()

    hp = Hyperparameters(epochs=50, units=8, batch_size=16, early_stopping=False)
    outcome = run_training(TrainingRequest("CIPO", hp, (("bars", bars),)), store, cancel_after_first_epoch, cancel)
    record = store.load(outcome.run_id)
    assert outcome.status is Status.CANCELLED and record["training_status"] == "cancelled"
    assert 1 <= len(record["history"]) <= 2
    assert record["model_path"] is None and not store.model_dir(outcome.run_id).exists()
    assert record["performance_metrics"]["accuracy"] is None


def test_a_cancel_before_training_starts_still_ends_in_a_record(bars, store):
    cancel = threading.Event()
    cancel.set()
    seen = []
    outcome = run_training(TrainingRequest("ADM", Hyperparameters(epochs=2), (("bars", bars),)), store,
                           seen.append, cancel)
    assert outcome.status is Status.CANCELLED
    assert Phase.TRAINING not in {p.phase for p in seen}
    assert store.load(outcome.run_id)["training_status"] == "cancelled"

"""A Keras callback that feeds a ProgressTracker and stops the fit when a cancel event is set."""

import threading

import keras

from tradepulse.errors import TrainingCancelled
from tradepulse.training.progress import ProgressTracker


class ProgressCallback(keras.callbacks.Callback):
    def __init__(self, tracker: ProgressTracker, cancel: threading.Event):
        super().__init__()
        self.tracker, self.cancel = tracker, cancel

    def _stop_if_cancelled(self):
        # Raising (not model.stop_training) leaves at once: stop_training would still run validation.
        if self.cancel.is_set():
            raise TrainingCancelled()

    def on_train_begin(self, logs=None):
        self.tracker.train_begin(self.params.get("epochs") or 0, self.params.get("steps") or 0)

    def on_epoch_begin(self, epoch, logs=None):
        self._stop_if_cancelled()
        self.tracker.epoch_begin(epoch + 1)

    # Batch *begin* hooks only: a batch-end hook makes Keras wait for each call's logs. Keras calls it once
    # per group of steps_per_execution batches, `batch` being the group's first: cancel acts within one
    # group (keras_base keeps groups short) and progress moves group by group.
    def on_train_batch_begin(self, batch, logs=None):
        self._stop_if_cancelled()
        if self.tracker.batch_due():
            self.tracker.batch_begin(batch)

    def on_test_batch_begin(self, batch, logs=None):
        self._stop_if_cancelled()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        val_loss = logs.get("val_loss")
        self.tracker.epoch_end(epoch + 1, float(logs["loss"]), None if val_loss is None else float(val_loss))

"""Training, prediction and saving shared by the single-network model types."""

import logging
import math
import threading
from abc import abstractmethod
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from tradepulse.errors import DataError
from tradepulse.models.base import Model

PREDICT_CHUNK = 16384  # rows per forward pass: large enough to amortise the call, small enough for memory
# ... or more rows, while the widest layer's output stays within PREDICT_VALUES values (32 MB of float32):
# a small dense network then scores 100,000 rows in one call instead of seven (each costs 1-2 ms).
PREDICT_VALUES = 8_000_000
# Training runs up to MAX_STEPS batches per graph call (Keras's steps_per_execution): Keras's Python work
# per call (loop, callbacks, logs; about 1 ms) is then paid per group, not per batch. More saves little.
MAX_STEPS = 32
# Cancel is checked between groups, so a group must stay well under a second. Its time is estimated
# before the fit (steps_per_execution is fixed once the train function is traced), with rates well below
# those measured on this 2-core machine, so that a busy machine stays within it too: 5 GFLOP/s against
# 20-90, and 250 µs against 70-90 µs per recurrent layer and timestep.
GROUP_SECONDS = 0.25
FLOPS_PER_SECOND = 5e9
SEQUENTIAL_SECONDS = 250e-6  # per layer and timestep: recurrent layers run their timesteps one by one
# Seeding is process-wide in Keras: two sessions building networks at once must not reseed each other
# between the seed and the initial weights or the shuffled order.
_SEEDING = threading.Lock()
# Each fold builds a new network, so tf.function retraces by design: TensorFlow's warning about it is noise.
logging.getLogger("tensorflow").setLevel(logging.ERROR)


def steps_per_execution(network: keras.Model, batch_size: int) -> int:
    """Batches per graph call such that a group's estimated time stays within GROUP_SECONDS."""
    timesteps = network.input_shape[1] if len(network.input_shape) == 3 else 1
    flops = 6 * network.count_params() * timesteps * batch_size  # forward and backward pass of one batch
    seconds = flops / FLOPS_PER_SECOND + len(network.layers) * timesteps * SEQUENTIAL_SECONDS
    return int(max(1, min(MAX_STEPS, GROUP_SECONDS // seconds)))


def _batches(inputs: np.ndarray, labels: np.ndarray, batch_size: int) -> tf.data.Dataset:
    """The rows in order, cut into batches by TensorFlow: no Python work per batch.

    An iterator over it costs about 0.4 ms. Keras's own pipeline for arrays costs 10-12 ms an iterator and
    makes four an epoch (two for training, two for validation): about 45 ms, more than the 130 steps of a
    small network's epoch once they run in groups.
    """
    return tf.data.Dataset.from_tensor_slices((inputs, labels)).batch(batch_size)


def _keras_order(n: int) -> np.ndarray:
    """0..n-1 shuffled as Keras's own pipeline for arrays shuffles them under the current seed: the same
    ops give the same order. With a seed set, Keras reuses that order every epoch, and so do we."""
    def permutation(_):
        return tf.random.shuffle(tf.range(n, dtype=tf.int64))

    return next(iter(tf.data.Dataset.range(1).map(permutation))).numpy()


class KerasModel(Model):
    file_name = "model.keras"

    @abstractmethod
    def build_network(self, input_shape: tuple, n_classes: int) -> keras.Model:
        """The untrained network for inputs of input_shape."""

    def inputs(self, X: np.ndarray, groups: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The network's inputs and, for each, the frame row it scores. Default: one usable row each."""
        rows = np.flatnonzero(usable)
        return X[rows], rows

    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None):
        hp = self.hyperparameters
        inputs, rows = self.inputs(X, groups, usable)
        train, val = np.flatnonzero(np.isin(rows, train_rows)), np.flatnonzero(np.isin(rows, val_rows))
        if not len(train) or not len(val):
            raise DataError(f"too few rows for {self.name}: {len(train)} training and {len(val)} validation inputs")
        if on_member:
            on_member(0, self.name)
        with _SEEDING:
            keras.utils.set_random_seed(hp.seed)
            network = self.build_network(inputs.shape[1:], n_classes)
            train = train[_keras_order(len(train))]
        self._train(network, _batches(inputs[train], y[rows[train]], hp.batch_size),
                    _batches(inputs[val], y[rows[val]], hp.batch_size),
                    steps_per_execution(network, hp.batch_size), callbacks)
        self.n_classes_ = n_classes
        return self

    def _train(self, network, train_data, val_data, group: int, callbacks, extra=()):
        """Compile and fit the network (early-stopped on validation loss when asked); keep its history."""
        hp = self.hyperparameters
        network.compile(optimizer=keras.optimizers.Adam(hp.learning_rate), loss="sparse_categorical_crossentropy",
                        steps_per_execution=group)
        stopping = []
        if hp.early_stopping:
            stopping = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=hp.patience,
                                                      restore_best_weights=True)]
        history = network.fit(train_data, epochs=hp.epochs, shuffle=False, validation_data=val_data, verbose=0,
                              callbacks=[*callbacks, *stopping, *extra])
        self.network_ = network
        self.history_ = [
            {"member": self.name, "epoch": i + 1, "loss": loss, "val_loss": val_loss}
            for i, (loss, val_loss) in enumerate(zip(history.history["loss"], history.history["val_loss"]))
        ]

    def forward(self, inputs: np.ndarray, training: bool = False) -> np.ndarray:
        if not len(inputs):
            return np.empty((0, self.n_classes_), dtype=np.float32)
        widest = max(math.prod(layer.output.shape[1:]) for layer in self.network_.layers)
        step = max(PREDICT_CHUNK, PREDICT_VALUES // widest)
        return np.concatenate([
            keras.ops.convert_to_numpy(self.network_(inputs[i:i + step], training=training))
            for i in range(0, len(inputs), step)
        ])

    def scores(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Probabilities and uncertainty for the network's inputs; deterministic by default."""
        return self.forward(inputs), None

    def predict_distribution(self, X, groups, usable):
        inputs, rows = self.inputs(X, groups, usable)
        proba = np.full((len(X), self.n_classes_), np.nan, dtype=np.float32)
        probabilities, spread = self.scores(inputs)
        proba[rows] = probabilities
        if spread is None:
            return proba, None
        uncertainty = np.full(len(X), np.nan, dtype=np.float32)
        uncertainty[rows] = spread
        return proba, uncertainty

    def save(self, folder: Path) -> dict:
        self.network_.save(Path(folder) / self.file_name)
        return {"n_classes": self.n_classes_}

    @classmethod
    def load(cls, folder, hyperparameters, settings):
        model = cls(hyperparameters)
        # safe_mode refuses lambda layers and other code embedded in the file.
        model.network_ = keras.saving.load_model(Path(folder) / cls.file_name, compile=False, safe_mode=True)
        model.n_classes_ = int(settings["n_classes"])
        return model

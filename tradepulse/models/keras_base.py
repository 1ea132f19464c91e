"""Training, prediction and saving shared by the single-network model types."""

import logging
import threading
from abc import abstractmethod
from pathlib import Path

import keras
import numpy as np

from tradepulse.errors import DataError
from tradepulse.models.base import Model

PREDICT_CHUNK = 16384  # rows per forward pass: large enough to amortise the call, small enough for memory
# Seeding is process-wide in Keras: two sessions building networks at once must not reseed each other
# between the seed and the initial weights.
_SEEDING = threading.Lock()
# Each fold builds a new network, so tf.function retraces by design: TensorFlow's warning about it is noise.
logging.getLogger("tensorflow").setLevel(logging.ERROR)


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
        train, val = np.isin(rows, train_rows), np.isin(rows, val_rows)
        if not train.any() or not val.any():
            raise DataError(f"too few rows for {self.name}: {train.sum()} training and {val.sum()} validation inputs")
        if on_member:
            on_member(0, self.name)
        with _SEEDING:
            keras.utils.set_random_seed(hp.seed)
            network = self.build_network(inputs.shape[1:], n_classes)
        network.compile(optimizer=keras.optimizers.Adam(hp.learning_rate), loss="sparse_categorical_crossentropy")
        stopping = []
        if hp.early_stopping:
            stopping = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=hp.patience,
                                                      restore_best_weights=True)]
        history = network.fit(
            inputs[train], y[rows[train]], validation_data=(inputs[val], y[rows[val]]),
            epochs=hp.epochs, batch_size=hp.batch_size, verbose=0, callbacks=[*callbacks, *stopping],
        )
        self.network_, self.n_classes_ = network, n_classes
        self.history_ = [
            {"member": self.name, "epoch": i + 1, "loss": loss, "val_loss": val_loss}
            for i, (loss, val_loss) in enumerate(zip(history.history["loss"], history.history["val_loss"]))
        ]
        return self

    def forward(self, inputs: np.ndarray, training: bool = False) -> np.ndarray:
        if not len(inputs):
            return np.empty((0, self.n_classes_), dtype=np.float32)
        chunks = range(0, len(inputs), PREDICT_CHUNK)
        return np.concatenate([
            keras.ops.convert_to_numpy(self.network_(inputs[i:i + PREDICT_CHUNK], training=training))
            for i in chunks
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

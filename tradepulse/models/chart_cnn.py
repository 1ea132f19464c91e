"""ChartCNN: a convolutional network on candlestick images of each ticker's last `lookback` bars.

Its X is the frame's raw bars (model_inputs), not the scaled features: each window is drawn as it is
needed, a batch at a time (tradepulse.data.chart_images), so memory does not grow with the data.
"""

import math

import keras
import numpy as np
from sklearn.utils.class_weight import compute_sample_weight

from tradepulse.data.chart_images import BAR_COLUMNS, chart_bars, render, shift_columns, windows
from tradepulse.errors import DataError
from tradepulse.models.keras_base import _SEEDING, FLOPS_PER_SECOND, GROUP_SECONDS, MAX_STEPS, KerasModel

RENDER_CHUNK = 256  # images drawn and scored at once: the first convolution's output is 67 MB at 64×64
MAX_SHIFT = 2  # pixels an augmented image moves along time, either way
MAX_MARGIN = 0.1  # extra price room below and above, as a share of the window's range (shift and scale)
MAX_FILTERS = 128


class ChartImages(keras.utils.PyDataset):
    """Batches of (images, labels[, weights]) drawn on request; augmented and reshuffled every epoch when
    `seed` is given, in the same order every epoch and run otherwise."""

    def __init__(self, bars, index, labels, size, batch_size, weights=None, seed=None):
        super().__init__()
        self.bars, self.index, self.labels, self.weights = bars, index, labels, weights
        self.size, self.batch_size, self.seed, self.epoch = size, batch_size, seed, 0
        self.order = self._order()

    def _order(self):
        if self.seed is None:
            return np.arange(len(self.index))
        return np.random.default_rng((self.seed, self.epoch)).permutation(len(self.index))

    def __len__(self):
        return math.ceil(len(self.index) / self.batch_size)

    def __getitem__(self, i):
        rows = self.order[i * self.batch_size:(i + 1) * self.batch_size]
        if self.seed is None:
            images = render(self.bars, self.index[rows], self.size)
        else:  # moves that keep the direction of time and price: no flips, no rotations
            rng = np.random.default_rng((self.seed, self.epoch, i))
            margins = rng.uniform(0, MAX_MARGIN, (len(rows), 2))
            images = render(self.bars, self.index[rows], self.size, margins)
            images = shift_columns(images, rng.integers(-MAX_SHIFT, MAX_SHIFT + 1, len(rows)))
        batch = (images[..., None], self.labels[rows])
        return batch if self.weights is None else (*batch, self.weights[rows])

    def on_epoch_end(self):
        self.epoch += 1
        self.order = self._order()


def steps_per_execution(network: keras.Model, batch_size: int) -> int:
    """Batches per graph call within GROUP_SECONDS: a convolution costs its weights once per output pixel."""
    flops = sum(layer.count_params() * math.prod(layer.output.shape[1:-1]) for layer in network.layers)
    seconds = 6 * flops * batch_size / FLOPS_PER_SECOND
    return int(max(1, min(MAX_STEPS, GROUP_SECONDS // max(seconds, 1e-9))))


class ChartCNN(KerasModel):
    name = "ChartCNN"
    uses_bars = True

    def model_inputs(self, frame, features):
        return chart_bars(frame)

    def input_names(self, feature_names):
        return list(BAR_COLUMNS)

    def build_network(self, input_shape, n_classes):
        hp = self.hyperparameters
        inputs = keras.Input(shape=input_shape)
        x = inputs
        for depth in range(hp.hidden_layers):
            x = keras.layers.Conv2D(min(16 * 2 ** depth, MAX_FILTERS), 3, padding="same", activation="relu")(x)
            if x.shape[1] >= 4:  # deep stacks stop shrinking once the map is small
                x = keras.layers.MaxPooling2D(2)(x)
        # Global pooling over the price axis only: each time column keeps its place, because the label
        # follows the latest bar (the rightmost), while prices are already scaled to the window.
        x = keras.layers.AveragePooling2D(pool_size=(x.shape[1], 1))(x)
        x = keras.layers.Flatten()(x)
        x = keras.layers.Dense(hp.units, activation="relu")(x)
        if hp.dropout > 0:
            x = keras.layers.Dropout(hp.dropout)(x)
        outputs = keras.layers.Dense(n_classes, activation="softmax")(x)
        return keras.Model(inputs, outputs, name=self.name)

    def fit(self, X, y, groups, usable, train_rows, val_rows, n_classes, callbacks=(), on_member=None):
        hp = self.hyperparameters
        if hp.lookback > hp.image_size:
            raise DataError(f"a {hp.image_size}-pixel chart cannot show {hp.lookback} bars: "
                            "lower lookback or raise image_size")
        index, rows = windows(X, groups, usable, hp.lookback)
        train, val = np.flatnonzero(np.isin(rows, train_rows)), np.flatnonzero(np.isin(rows, val_rows))
        if not len(train) or not len(val):
            raise DataError(f"too few rows for {self.name}: {len(train)} training and {len(val)} validation charts")
        if on_member:
            on_member(0, self.name)
        labels = y[rows].astype(np.int64)
        weights = None
        if hp.class_weight == "balanced":  # rare classes count as much as common ones in the loss
            weights = compute_sample_weight("balanced", labels[train]).astype(np.float32)
        with _SEEDING:
            keras.utils.set_random_seed(hp.seed)
            network = self.build_network((hp.image_size, hp.image_size, 1), n_classes)
        plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                    patience=max(1, hp.patience // 2), min_lr=1e-6)
        self._train(network,
                    ChartImages(X, index[train], labels[train], hp.image_size, hp.batch_size, weights, hp.seed),
                    ChartImages(X, index[val], labels[val], hp.image_size, hp.batch_size),
                    steps_per_execution(network, hp.batch_size), callbacks, extra=[plateau])
        self.n_classes_ = n_classes
        return self

    def predict_distribution(self, X, groups, usable):
        index, rows = windows(X, groups, usable, self.hyperparameters.lookback)
        proba = np.full((len(X), self.n_classes_), np.nan, dtype=np.float32)
        for i in range(0, len(index), RENDER_CHUNK):
            images = render(X, index[i:i + RENDER_CHUNK], self.hyperparameters.image_size)
            proba[rows[i:i + RENDER_CHUNK]] = self.forward(images[..., None])
        return proba, None


MODEL = ChartCNN

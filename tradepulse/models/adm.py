"""ADM: stacked recurrent layers over a lookback window of each ticker's recent rows."""

import keras
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tradepulse.models.keras_base import KerasModel


class ADM(KerasModel):
    name = "ADM"

    def inputs(self, X, groups, usable):
        """One window of the last `lookback` usable rows per row, never crossing tickers.

        A ticker's first lookback-1 usable rows have no full window and get no input.
        """
        lookback = self.hyperparameters.lookback
        windows, rows = [], []
        for group in np.unique(groups):
            positions = np.flatnonzero((groups == group) & usable)
            if len(positions) >= lookback:
                windows.append(sliding_window_view(X[positions], lookback, axis=0).transpose(0, 2, 1))
                rows.append(positions[lookback - 1:])
        if not windows:
            return np.empty((0, lookback, X.shape[1]), dtype=np.float32), np.empty(0, dtype=int)
        return np.ascontiguousarray(np.concatenate(windows)), np.concatenate(rows)

    def build_network(self, input_shape, n_classes):
        hp = self.hyperparameters
        layer = keras.layers.LSTM if hp.recurrent_cell == "lstm" else keras.layers.GRU
        inputs = keras.Input(shape=input_shape)
        x = inputs
        for depth in range(hp.hidden_layers):
            last = depth == hp.hidden_layers - 1
            x = layer(hp.units, return_sequences=not last, dropout=hp.dropout)(x)
        outputs = keras.layers.Dense(n_classes, activation="softmax")(x)
        return keras.Model(inputs, outputs, name=self.name)


MODEL = ADM

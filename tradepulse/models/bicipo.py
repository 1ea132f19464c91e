"""BICIPO: CIPO with Monte-Carlo dropout kept on at prediction time."""

import keras
import numpy as np

from tradepulse.errors import TradePulseError
from tradepulse.models.cipo import dense_network
from tradepulse.models.keras_base import KerasModel


class BICIPO(KerasModel):
    name = "BICIPO"

    def build_network(self, input_shape, n_classes):
        if self.hyperparameters.dropout <= 0:
            raise TradePulseError("BICIPO needs dropout above 0: its uncertainty comes from dropout")
        return dense_network(self.name, input_shape, n_classes, self.hyperparameters)

    def scores(self, inputs):
        """Mean of T stochastic passes; uncertainty is the spread of the predicted class's probability."""
        self._reset_dropout_seeds()
        passes = np.stack([self.forward(inputs, training=True) for _ in range(self.hyperparameters.mc_samples)])
        mean = passes.mean(axis=0)
        predicted = mean.argmax(axis=1)
        spread = passes[:, np.arange(len(inputs)), predicted].std(axis=0)
        return mean, spread

    def _reset_dropout_seeds(self):
        # Each Dropout layer draws from its own seed state, which advances per call: rewinding it makes
        # the same inputs give the same prediction every time.
        for index, layer in enumerate(self.network_.layers):
            generator = getattr(layer, "seed_generator", None)
            if generator is not None:
                start = keras.ops.convert_to_tensor([self.hyperparameters.seed + index, 0], generator.state.dtype)
                generator.state.assign(start)


MODEL = BICIPO

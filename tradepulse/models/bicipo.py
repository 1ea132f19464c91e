"""BICIPO: CIPO with Monte-Carlo dropout kept on at prediction time.

Each row picks its dropout masks from a bank drawn once from the seed, by a hash of its own values: its
prediction is the same alone, within a file or in any chunk, every time, and after saving and loading.
"""

import keras
import numpy as np

from tradepulse.errors import TradePulseError
from tradepulse.models.cipo import dense_network
from tradepulse.models.keras_base import PREDICT_CHUNK, KerasModel

BANK_SIZE = 4096  # masks to pick from: a power of two above the most passes, so a row's passes never share one


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a bijective scramble of uint64 arrays (array arithmetic wraps, unwarned)."""
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    return z ^ (z >> 31)


def row_keys(inputs: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row's float32 values."""
    words = (inputs + np.float32(0)).view(np.uint32)  # + 0: -0.0 hashes as 0.0
    keys = np.zeros(len(inputs), dtype=np.uint64)
    for column in words.T:
        keys = _mix(keys ^ column)
    return keys


class BICIPO(KerasModel):
    name = "BICIPO"

    def build_network(self, input_shape, n_classes):
        if self.hyperparameters.dropout <= 0:
            raise TradePulseError("BICIPO needs dropout above 0: its uncertainty comes from dropout")
        return dense_network(self.name, input_shape, n_classes, self.hyperparameters)

    def scores(self, inputs):
        """Mean of T stochastic passes; uncertainty is the spread of the predicted class's probability."""
        hp = self.hyperparameters
        inputs = np.asarray(inputs, dtype=np.float32)
        layers = [layer.get_weights() for layer in self.network_.layers
                  if isinstance(layer, keras.layers.Dense)]
        # Kept units are scaled by 1 / (1 - rate), as Keras's Dropout does.
        draws = np.random.default_rng(hp.seed).random((BANK_SIZE, hp.units), dtype=np.float32)
        bank = (draws >= hp.dropout) / np.float32(1 - hp.dropout)
        passes = np.concatenate([  # at least one chunk: no rows still give [T, 0, classes]
            self._passes(inputs[i:i + PREDICT_CHUNK], layers, bank)
            for i in range(0, max(len(inputs), 1), PREDICT_CHUNK)
        ], axis=1)
        mean = passes.mean(axis=0)
        predicted = mean.argmax(axis=1)
        spread = passes[:, np.arange(len(inputs)), predicted].std(axis=0)
        return mean, spread

    def _passes(self, inputs, layers, bank):
        """Every pass's probabilities [T, rows, classes]: relu hidden layers, each followed by dropout."""
        keys, steps = row_keys(inputs), np.arange(self.hyperparameters.mc_samples, dtype=np.uint64)[:, None]
        # Per layer, a row's masks are start + t * step (step odd) in the bank: distinct for every pass t.
        picks = [(_mix(keys + 2 * i) + steps * (_mix(keys + 2 * i + 1) | 1)) % BANK_SIZE
                 for i in range(len(layers) - 1)]
        (kernel, bias), *hidden, (out_kernel, out_bias) = layers
        first = np.maximum(inputs @ kernel + bias, 0)  # the same in every pass: dropout comes after it
        probabilities = []
        for t in range(len(steps)):
            x = first * bank[picks[0][t]]
            for (kernel, bias), pick in zip(hidden, picks[1:]):
                x = np.maximum(x @ kernel + bias, 0) * bank[pick[t]]
            logits = x @ out_kernel + out_bias
            exp = np.exp(logits - logits.max(axis=1, keepdims=True))
            probabilities.append(exp / exp.sum(axis=1, keepdims=True))
        return np.stack(probabilities)


MODEL = BICIPO

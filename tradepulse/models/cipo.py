"""CIPO: a feed-forward network on the current row's features."""

import keras

from tradepulse.models.keras_base import KerasModel


def dense_network(name: str, input_shape: tuple, n_classes: int, hp) -> keras.Model:
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for _ in range(hp.hidden_layers):
        x = keras.layers.Dense(hp.units, activation="relu")(x)
        if hp.dropout > 0:
            x = keras.layers.Dropout(hp.dropout)(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


class CIPO(KerasModel):
    name = "CIPO"

    def build_network(self, input_shape, n_classes):
        return dense_network(self.name, input_shape, n_classes, self.hyperparameters)


MODEL = CIPO

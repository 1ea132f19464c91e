"""Training in groups of batches (steps_per_execution): the same fit as one batch per call, and short groups."""

from dataclasses import replace

import keras
import numpy as np
import pytest

from tradepulse.models import keras_base
from tradepulse.models.base import model_class
from tradepulse.models.hyperparameters import Hyperparameters

# Noisy labels and a high learning rate: the networks overfit and early stopping ends the fits before EPOCHS.
EPOCHS = 40
HP = Hyperparameters(epochs=EPOCHS, units=16, learning_rate=0.01, patience=2, lookback=4, mc_samples=3)
# Both paths run the same float32 kernels on the same batches in the same order, and agree bit for bit
# here. The tolerance only leaves room for round-off from threaded kernels (float32 eps is 1.2e-7);
# one batch changed, skipped or reordered moves the losses by 1e-3 or more.
CLOSE = {"rtol": 1e-5, "atol": 1e-6}
GROUP = keras_base.MAX_STEPS


def _problem(n=900, features=5, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, features)).astype(np.float32)
    y = (X[:, 0] + rng.normal(size=n) > 0).astype(int)
    return X, y, np.repeat([0, 1], n // 2), np.ones(n, dtype=bool)


TRAIN, VAL = np.r_[0:300, 450:750], np.r_[300:450, 750:900]


def _fit(name, hp, max_steps, monkeypatch):
    monkeypatch.setattr(keras_base, "MAX_STEPS", max_steps)
    X, y, groups, usable = _problem()
    model = model_class(name)(hp).fit(X, y, groups, usable, TRAIN, VAL, 2)
    return model, model.predict_proba(X, groups, usable)


def _networks(model):
    return [m.network_ for m in getattr(model, "members_", [model])]


@pytest.mark.parametrize("name, hp", [
    ("CIPO", HP), ("BICIPO", HP), ("ADM", HP), ("ADM", replace(HP, recurrent_cell="gru")),
    ("Ensemble", replace(HP, epochs=3)),
], ids=["CIPO", "BICIPO", "ADM-lstm", "ADM-gru", "Ensemble"])
def test_groups_of_batches_train_exactly_like_one_batch_per_call(name, hp, monkeypatch):
    plain, plain_proba = _fit(name, hp, 1, monkeypatch)
    fast, fast_proba = _fit(name, hp, GROUP, monkeypatch)

    assert all(n.steps_per_execution == 1 for n in _networks(plain))
    assert all(n.steps_per_execution > 1 for n in _networks(fast))
    # Same epochs (early stopping ended on the same one) and the same number of batches trained.
    assert [(h["member"], h["epoch"]) for h in fast.history_] == [(h["member"], h["epoch"]) for h in plain.history_]
    assert [int(n.optimizer.iterations) for n in _networks(fast)] == [
        int(n.optimizer.iterations) for n in _networks(plain)]
    if name != "Ensemble":
        assert len(fast.history_) < EPOCHS  # early stopping did stop the fit, restoring the best weights
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose([h[key] for h in fast.history_], [h[key] for h in plain.history_], **CLOSE)
    np.testing.assert_allclose(fast_proba, plain_proba, **CLOSE)


def test_the_fast_path_trains_like_a_plain_keras_fit_with_default_settings(monkeypatch):
    """One batch per call, Keras's own pipeline for arrays and its shuffling: the same batches, and results."""
    fast, fast_proba = _fit("CIPO", HP, GROUP, monkeypatch)
    X, y, _, _ = _problem()
    keras.utils.set_random_seed(HP.seed)
    network = fast.build_network(X.shape[1:], 2)
    network.compile(optimizer=keras.optimizers.Adam(HP.learning_rate), loss="sparse_categorical_crossentropy")
    stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=HP.patience, restore_best_weights=True)
    plain = network.fit(X[TRAIN], y[TRAIN], validation_data=(X[VAL], y[VAL]), epochs=EPOCHS,
                        batch_size=HP.batch_size, verbose=0, callbacks=[stopping]).history
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose([h[key] for h in fast.history_], plain[key], **CLOSE)
    np.testing.assert_allclose(fast_proba, network.predict(X, verbose=0), **CLOSE)


def _network(name, **changes):
    hp = replace(Hyperparameters(), **changes)
    shape = (hp.lookback, 30) if name == "ADM" else (30,)
    return model_class(name)(hp).build_network(shape, 2), hp.batch_size


# Seconds a training step took on this machine (2 cores, other work running; the slowest of a few runs).
@pytest.mark.parametrize("name, changes, measured", [
    ("CIPO", {}, 0.0011),
    ("ADM", {}, 0.0104),
    ("ADM", {"units": 8, "hidden_layers": 3, "lookback": 100, "batch_size": 4}, 0.026),  # long windows
    ("ADM", {"units": 128, "lookback": 40, "batch_size": 128}, 0.093),
    ("CIPO", {"units": 1024, "hidden_layers": 3, "batch_size": 1024}, 0.21),
])
def test_a_group_of_batches_takes_a_fraction_of_a_second(name, changes, measured):
    network, batch_size = _network(name, **changes)
    group = keras_base.steps_per_execution(network, batch_size)
    assert 1 <= group <= GROUP
    assert group == 1 or group * measured <= keras_base.GROUP_SECONDS
    if (name, changes) == ("CIPO", {}):  # cheap steps, where Keras's own work per call dominates: group the most
        assert group == GROUP

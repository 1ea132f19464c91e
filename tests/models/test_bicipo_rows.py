"""BICIPO's Monte-Carlo dropout depends on each row alone: not on its neighbours, batch size or chunking."""

import warnings

import numpy as np
import pytest

from tradepulse.models import bicipo
from tradepulse.models.hyperparameters import Hyperparameters

HP = Hyperparameters(epochs=3, units=16, hidden_layers=2, dropout=0.3, mc_samples=10, batch_size=32,
                     early_stopping=False)


def _fit(hp, n=300, features=5, n_classes=3):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(n, features)).astype(np.float32)
    y = np.digitize(X[:, 0] + X[:, 1], [-0.5, 0.5])
    model = bicipo.BICIPO(hp).fit(X, y, np.zeros(n, dtype=int), np.ones(n, dtype=bool),
                                  np.arange(200), np.arange(200, 250), n_classes)
    return model, X


@pytest.fixture(scope="module")
def trained():
    return _fit(HP)


def _assert_same(actual, expected):
    np.testing.assert_allclose(actual[0], expected[0], rtol=0, atol=1e-6)
    np.testing.assert_allclose(actual[1], expected[1], rtol=0, atol=1e-6)


def test_rows_predicted_alone_match_the_same_rows_within_the_file(trained):
    model, X = trained
    mean, spread = model.scores(X)
    _assert_same(model.scores(X[-50:]), (mean[-50:], spread[-50:]))
    _assert_same(model.scores(X[7:8]), (mean[7:8], spread[7:8]))


def test_shuffled_rows_keep_their_predictions(trained):
    model, X = trained
    mean, spread = model.scores(X)
    order = np.random.default_rng(0).permutation(len(X))
    _assert_same(model.scores(X[order]), (mean[order], spread[order]))


def test_chunking_does_not_change_predictions(trained, monkeypatch):
    model, X = trained
    whole = model.scores(X)
    monkeypatch.setattr(bicipo, "PREDICT_CHUNK", 7)
    _assert_same(model.scores(X), whole)


def test_repeated_calls_are_identical(trained):
    model, X = trained
    first, again = model.scores(X), model.scores(X)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])


def test_saved_and_loaded_model_predicts_identically(trained, tmp_path):
    model, X = trained
    settings = model.save(tmp_path)
    loaded = bicipo.BICIPO.load(tmp_path, HP, settings)
    for mine, theirs in zip(model.scores(X), loaded.scores(X)):
        np.testing.assert_array_equal(mine, theirs)


def test_identical_rows_agree_while_different_rows_draw_different_masks(trained):
    model, X = trained
    copies = X.copy()
    copies[10] = copies[200]
    copies[11, 2] = -0.0
    copies[12] = copies[11]
    copies[12, 2] = 0.0  # the same input as row 11
    mean, spread = model.scores(copies)
    # Same masks, so equal up to float rounding (a row's place in a matrix product can move the last bit).
    np.testing.assert_allclose(mean[10], mean[200], rtol=0, atol=1e-6)
    np.testing.assert_allclose(mean[11], mean[12], rtol=0, atol=1e-6)
    assert (spread > 0).mean() > 0.95
    # Rows one float step apart would predict almost alike if they shared masks; with their own masks they
    # differ by the Monte-Carlo noise.
    nudged = X.copy()
    nudged[:, 3] = np.nextafter(nudged[:, 3], np.float32(np.inf))
    gap = np.abs(model.scores(nudged)[0] - model.scores(X)[0]).max(axis=1)
    assert np.median(gap) > 1e-3


def test_passes_match_keras_when_dropout_keeps_every_unit():
    model, X = _fit(Hyperparameters(epochs=2, units=8, hidden_layers=3, dropout=1e-9, mc_samples=3,
                                    early_stopping=False))
    mean, spread = model.scores(X)
    np.testing.assert_allclose(mean, model.forward(X), rtol=0, atol=1e-5)
    np.testing.assert_allclose(spread, 0, atol=1e-6)


def test_hashing_raises_no_overflow_warning(trained):
    model, X = trained
    extremes = np.array([[-340.0, 340.0, -0.0, 1e-40, -1.0]], dtype=np.float32)  # sign bit, subnormal
    with warnings.catch_warnings(), np.errstate(over="raise"):
        warnings.simplefilter("error")
        model.scores(np.concatenate([X, -X, extremes]))
        model.scores(X[:0])

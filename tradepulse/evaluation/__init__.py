"""Honest evaluation: validation splits, fold runs with pooled out-of-sample predictions, metrics."""

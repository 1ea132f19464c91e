"""Chronological train/validation/test split: earlier rows train, later rows judge."""

import itertools
import math

import numpy as np

from tradepulse.errors import DataError


def _sizes(n_rows: int, fractions: tuple[float, float, float]) -> tuple[int, int, int]:
    validation = math.floor(n_rows * fractions[1] + 0.5)
    test = math.floor(n_rows * fractions[2] + 0.5)
    return n_rows - validation - test, validation, test


def _fits(n_rows: int, fractions, min_rows) -> bool:
    return all(size >= least for size, least in zip(_sizes(n_rows, fractions), min_rows))


def chronological_split(
    n_rows: int, fractions=(0.7, 0.15, 0.15), min_rows=(8, 2, 2)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions 0..n_rows-1 cut in order (never shuffled) into train, validation and test."""
    fractions, min_rows = tuple(fractions), tuple(min_rows)
    if len(fractions) != 3 or min(fractions) <= 0 or not math.isclose(sum(fractions), 1.0):
        raise ValueError(f"split fractions must be three positive numbers summing to 1, got {fractions}")
    if not _fits(n_rows, fractions, min_rows):
        # The smallest row count that satisfies every minimum, to tell the user what is needed.
        need = next(n for n in itertools.count(sum(min_rows)) if _fits(n, fractions, min_rows))
        raise DataError(
            f"too few rows for a train/validation/test split: {n_rows} rows, need at least {need}"
        )
    train, validation, _ = _sizes(n_rows, fractions)
    positions = np.arange(n_rows)
    return positions[:train], positions[train : train + validation], positions[train + validation :]

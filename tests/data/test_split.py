import numpy as np
import pytest

from tradepulse.data import chronological_split
from tradepulse.errors import DataError


@pytest.mark.parametrize(("n_rows", "sizes"), [(100, (70, 15, 15)), (20, (14, 3, 3)), (12, (8, 2, 2))])
def test_parts_are_ordered_disjoint_and_cover_everything(n_rows, sizes):
    train, validation, test = chronological_split(n_rows)
    assert (len(train), len(validation), len(test)) == sizes
    np.testing.assert_array_equal(np.concatenate([train, validation, test]), np.arange(n_rows))


def test_custom_fractions():
    train, validation, test = chronological_split(50, fractions=(0.6, 0.2, 0.2), min_rows=(1, 1, 1))
    assert (train[-1], validation[0], validation[-1], test[0]) == (29, 30, 39, 40)


def test_too_few_rows():
    expected = "too few rows for a train/validation/test split: 11 rows, need at least 12"
    with pytest.raises(DataError, match=expected):
        chronological_split(11)


@pytest.mark.parametrize("fractions", [(0.8, 0.2, 0.0), (0.5, 0.3, 0.3), (0.5, 0.5)])
def test_bad_fractions(fractions):
    with pytest.raises(ValueError, match="three positive numbers summing to 1"):
        chronological_split(100, fractions=fractions)

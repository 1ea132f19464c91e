"""Fuzz the data manager after loading: build_frame, the split and the preprocessing.

Property: every table ends in model inputs (finite, one row per frame row) or a TradePulseError with a
message; nothing else escapes. The same for predicting on a later table with the learned preprocessing.
"""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tradepulse.data import Frame, Preprocessor, build_frame, chronological_split
from tradepulse.errors import TradePulseError

from .fuzz_strategies import COLUMN_NAMES, check_outcome, messy_frames, ohlcv_frames, plausible_tables

FAST = settings(max_examples=65, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=1000, derandomize=False)


def _check_frame(frame: Frame):
    n = frame.n_rows
    assert n > 0 and len(frame.usable) == len(frame.groups) == len(frame.meta) == n
    assert frame.labels is None or len(frame.labels) == n
    numeric = frame.features.select_dtypes("number").to_numpy(np.float64)
    assert not np.isinf(numeric).any()


def _inputs(preprocessor: Preprocessor, frame: Frame):
    X = preprocessor.transform(frame)
    assert X.shape == (frame.n_rows, len(preprocessor.feature_names))
    assert np.isfinite(X).all(), "model inputs hold NaN or infinity"
    return X


def train_then_predict(train_df, later_df, kind, target):
    """What a training run and a later prediction do with the data, up to the network."""
    frame = build_frame(train_df, kind=kind, target=target)
    _check_frame(frame)
    trainable = np.flatnonzero(frame.trainable)
    train_rows, val_rows, test_rows = (trainable[p] for p in chronological_split(len(trainable)))
    assert len(train_rows) + len(val_rows) + len(test_rows) == len(trainable)
    preprocessor = Preprocessor.fit(frame, train_rows)
    _inputs(preprocessor, frame)
    codes = preprocessor.encode_labels(frame.labels)
    assert (codes[trainable] >= 0).all() or True  # unseen labels outside training raise instead
    event("stage reached: training inputs made")
    saved = Preprocessor.from_dict(json.loads(json.dumps(preprocessor.to_dict())))
    later_df = train_df.iloc[::-1] if later_df is None else later_df
    later = build_frame(later_df, kind=saved.kind, target=saved.target_name, require_target=False)
    _check_frame(later)
    _inputs(saved, later)


def _run(train_df, later_df, kind, target):
    outcome = check_outcome(lambda: train_then_predict(train_df, later_df, kind, target))
    assert outcome is None or isinstance(outcome, TradePulseError)


# later_df None: predict on the training table itself, newest rows first.
TABLES = dict(train_df=st.one_of(plausible_tables(), plausible_tables(), messy_frames()),
              later_df=st.one_of(st.none(), plausible_tables(), messy_frames()),
              kind=st.sampled_from([None] * 8 + ["table", "market", "bogus"]),
              target=st.sampled_from([None] * 20 + ["target"] * 5 + list(COLUMN_NAMES) + ["missing"]))
MARKETS = dict(train_df=ohlcv_frames(), later_df=st.none() | ohlcv_frames(),
               kind=st.sampled_from([None, None, None, "market", "table"]),
               target=st.sampled_from([None, None, None, None, "next_bar_up", "Close", "target"]))


@FAST
@given(**TABLES)
def test_any_table_gives_inputs_or_a_data_error(train_df, later_df, kind, target):
    _run(train_df, later_df, kind, target)


@FAST
@given(**MARKETS)
def test_any_market_bars_give_inputs_or_a_data_error(train_df, later_df, kind, target):
    _run(train_df, later_df, kind, target)


@pytest.mark.slow
@SLOW
@given(**TABLES)
def test_any_table_gives_inputs_or_a_data_error_long_run(train_df, later_df, kind, target):
    _run(train_df, later_df, kind, target)


@pytest.mark.slow
@SLOW
@given(**MARKETS)
def test_any_market_bars_give_inputs_or_a_data_error_long_run(train_df, later_df, kind, target):
    _run(train_df, later_df, kind, target)

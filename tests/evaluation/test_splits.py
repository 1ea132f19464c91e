"""Validation plans: walk-forward on real timestamps never trains on its test block's time or later,
stratified k-fold keeps every class in every fold, holdout cuts on time."""

import numpy as np
import pandas as pd
import pytest

from tradepulse.data import build_frame
from tradepulse.errors import DataError
from tradepulse.evaluation.runner import frame_timeline
from tradepulse.evaluation.splits import plan
from tradepulse.sample_data import synthetic_bars


def two_calendars() -> pd.DataFrame:
    """IBM trades every business day; MSFT skips Mondays and starts a month later."""
    ibm = synthetic_bars(tickers=("IBM",), bars=260, seed=1)
    msft = synthetic_bars(tickers=("MSFT",), bars=260, seed=2)
    msft["Date"] = pd.to_datetime(msft["Date"]) + pd.Timedelta(days=31)
    msft = msft[pd.to_datetime(msft["Date"]).dt.day_of_week != 0]
    return pd.concat([ibm, msft], ignore_index=True)


def market_plan(method=None, folds=5, data=None):
    frame = build_frame(two_calendars() if data is None else data)
    rows = np.flatnonzero(frame.trainable)
    y = frame.labels.fillna(-1).to_numpy(int)
    timeline = frame_timeline(frame)
    return frame, timeline, plan(method, rows, y, timeline, folds, seed=3, is_market=True)


def test_walk_forward_never_trains_on_a_bar_at_or_after_its_test_block():
    frame, timeline, folds_plan = market_plan()
    assert folds_plan.method == "walk-forward" and len(folds_plan.folds) == 5
    previous_end = None
    for fold in folds_plan.folds:
        test_start = timeline.times[fold.test].min()
        training = np.concatenate([fold.fit, fold.validation])
        assert timeline.times[training].max() < test_start
        assert timeline.label_end[training].max() < test_start  # no training label looks into the block
        # early stopping rows are later than the fitted rows, with their own purge gap
        assert timeline.label_end[fold.fit].max() < timeline.times[fold.validation].min()
        if previous_end is not None:
            assert test_start > previous_end  # consecutive, non-overlapping blocks
        previous_end = timeline.times[fold.test].max()
        assert len(set(frame.meta["ticker"].to_numpy()[fold.test])) == 2


def test_walk_forward_cuts_every_ticker_on_the_same_calendar_time():
    frame, timeline, folds_plan = market_plan()
    for fold in folds_plan.folds:
        start = timeline.times[fold.test].min()
        # every trainable row at or after the cut (up to the block's end) is in the test block, whatever its ticker
        trainable = np.flatnonzero(frame.trainable)
        in_block = trainable[(timeline.times[trainable] >= start) & (timeline.times[trainable] <= timeline.times[fold.test].max())]
        assert set(in_block) == set(fold.test)


def test_the_refit_uses_all_history_with_its_last_part_for_early_stopping():
    frame, timeline, folds_plan = market_plan()
    refit = folds_plan.refit
    trainable = np.flatnonzero(frame.trainable)
    assert timeline.times[refit.validation].max() == timeline.times[trainable].max()
    assert timeline.label_end[refit.fit].max() < timeline.times[refit.validation].min()
    assert len(refit.test) == 0 and 0.1 < len(refit.validation) / len(trainable) < 0.2


def test_holdout_cuts_on_time_so_no_timestamp_sits_on_both_sides():
    _, timeline, folds_plan = market_plan("holdout")
    [fold] = folds_plan.folds
    assert folds_plan.refit is None
    parts = [set(timeline.times[part].tolist()) for part in (fold.fit, fold.validation, fold.test)]
    assert not (parts[0] & parts[1]) and not (parts[1] & parts[2]) and not (parts[0] & parts[2])
    assert max(parts[1]) < min(parts[2])


def test_short_data_lowers_the_folds_with_a_note_and_too_short_data_is_refused():
    bars = synthetic_bars(tickers=("AAA",), bars=60, seed=4)
    _, _, short = market_plan(folds=10, data=bars)
    assert len(short.folds) == 5 and "lowered from 10 to 5" in short.notes[0]
    with pytest.raises(DataError, match="too little history for walk-forward"):
        market_plan(data=bars.head(30))


def test_k_fold_is_refused_for_market_bars_and_walk_forward_for_tables_without_time():
    with pytest.raises(DataError, match="k-fold shuffles rows across time"):
        market_plan("k-fold")
    rows, y = np.arange(40), np.repeat([0, 1], 20)
    with pytest.raises(DataError, match="walk-forward needs a time column"):
        plan("walk-forward", rows, y, None, 5, seed=1, is_market=False)


def test_k_fold_on_class_sorted_rows_holds_every_class_in_every_fold_and_scores_each_row_once():
    rows, y = np.arange(90), np.repeat([0, 1, 2], 30)  # sorted by class, as penguins or glass tables are
    folds_plan = plan(None, rows, y, None, 5, seed=7, is_market=False)
    assert folds_plan.method == "k-fold"
    tested = np.concatenate([fold.test for fold in folds_plan.folds])
    assert sorted(tested) == list(rows)
    for fold in folds_plan.folds:
        assert set(y[fold.test]) == set(y[fold.fit]) == set(y[fold.validation]) == {0, 1, 2}
        assert not set(fold.test) & (set(fold.fit) | set(fold.validation))
    again = plan(None, rows, y, None, 5, seed=7, is_market=False)
    assert all((a.test == b.test).all() for a, b in zip(folds_plan.folds, again.folds))  # seeded


def test_k_fold_lowers_the_folds_to_the_rarest_class():
    y = np.array([0] * 30 + [1] * 3)
    folds_plan = plan("k-fold", np.arange(len(y)), y, None, 5, seed=1, is_market=False)
    assert len(folds_plan.folds) == 3 and "rarest class has 3 rows" in folds_plan.notes[0]

"""Uploads into a session: broken files and files over the limit are refused; what was loaded stays usable."""

import errno
import os

import pandas as pd
import pytest

from tradepulse.storage import DatasetStore
from tradepulse.ui.state.data import DataState

from ...data.shapes import PROSE, SPLIT_DAY, csv_bytes, daily_bars
from ..helpers import market_csv


@pytest.mark.parametrize("name", ["x.csv", "x.parquet"])
def test_a_broken_upload_is_reported_and_earlier_data_stays_usable(state, name):
    state.data.add_files({"bars.csv": market_csv()})
    assert state.data.problem == ""

    state.data.add_files({name: os.urandom(4096)})

    assert name in state.data.problem
    assert [d.name for d in state.data.datasets] == ["bars.csv"]
    assert state.data.selected == ["bars.csv"]
    assert state.data.ready, state.data.status
    assert state.training.can_train


def test_a_good_file_next_to_a_broken_one_still_loads(state):
    state.data.add_files({"bad.csv": b"\xff\xfe\x00garbage", "bars.csv": market_csv()})

    assert "bad.csv" in state.data.problem
    assert state.data.selected == ["bars.csv"]
    assert state.data.status == "Ready: 1 dataset(s), 240 rows, market data (A, B)"


def test_an_upload_over_the_limit_is_refused_with_a_message(state):
    content = market_csv()
    state.data.max_upload_bytes = len(content) - 1

    state.data.add_files({"bars.csv": content})

    assert "bars.csv" in state.data.problem and "upload limit" in state.data.problem
    assert state.data.datasets == []
    assert not state.data.ready
    state.data.max_upload_bytes = len(content)
    state.data.add_files({"bars.csv": content})
    assert state.data.problem == ""
    assert [d.name for d in state.data.datasets] == ["bars.csv"]


def test_a_later_good_upload_clears_the_problem(state):
    state.data.add_files({"x.csv": os.urandom(512)})
    assert state.data.problem

    state.data.add_files({"bars.csv": market_csv()})

    assert state.data.problem == ""
    assert state.data.ready


def test_uploads_are_kept_and_come_back_with_the_newest_selected_in_a_new_session(tmp_path):
    uploads = DatasetStore(tmp_path)
    first = DataState(uploads=uploads)
    first.add_files({"my bars.csv": market_csv()})
    first.add_files({"older.csv": market_csv(seed=3)})
    assert first.selected == ["older.csv"]
    # my_bars.csv uploaded again later: the most recently written file is the one a new session selects.
    newer = (uploads.folder / "older.csv").stat().st_mtime + 60
    os.utime(uploads.folder / "my_bars.csv", (newer, newer))

    later = DataState(uploads=DatasetStore(tmp_path))  # a restart: a new store on the same folder
    assert [d.name for d in later.datasets] == ["my_bars.csv", "older.csv"] and later.selected == ["my_bars.csv"]
    assert later.ready, later.status
    assert later.datasets[0].table.equals(first.datasets[0].table)


def test_removal_asks_first_then_deletes_the_kept_upload(tmp_path):
    uploads = DatasetStore(tmp_path)
    state = DataState(uploads=uploads)
    state.add_files({"bars.csv": market_csv()})
    state.param.trigger("remove_selected")
    assert "bars.csv" in state.pending_removal and uploads.names() == ["bars.csv"]
    state.param.trigger("confirm_removal")
    assert state.datasets == [] and uploads.names() == [] and state.pending_removal == ""


def test_an_upload_that_cannot_be_kept_is_still_usable_and_says_so(tmp_path, monkeypatch):
    state = DataState(uploads=DatasetStore(tmp_path))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    state.add_files({"bars.csv": market_csv()})
    assert state.selected == ["bars.csv"] and state.ready
    assert "for this session only" in state.problem and "No space left" in state.problem


def test_a_damaged_kept_upload_is_reported_and_the_others_come_back(tmp_path):
    uploads = DatasetStore(tmp_path)
    uploads.save("good.csv", market_csv())
    uploads.save("bad.parquet", b"not parquet at all")
    state = DataState(uploads=uploads)
    assert [d.name for d in state.datasets] == ["good.csv"]
    assert "bad.parquet" in state.problem


def test_two_single_ticker_files_are_named_as_two_tickers(state):
    state.data.add_files({"aapl.csv": csv_bytes(daily_bars(seed=1)), "goog.csv": csv_bytes(daily_bars(seed=2))})
    assert state.data.status == "Ready: 2 dataset(s), 320 rows, market data (AAPL, GOOG)"


def test_the_status_says_which_prices_are_used(state):
    state.data.add_files({"aapl.csv": csv_bytes(daily_bars(split_ratio=2.0, adj_close="Adj Close"))})
    assert state.data.ready and state.data.prices == "adjusted"
    assert "prices adjusted for splits and dividends" in state.data.status
    assert "possible split" not in state.data.status

    state.data.adjusted_prices = False

    assert state.data.ready and state.data.prices == "raw"
    assert "raw prices: the adjusted close is not used" in state.data.status
    assert f"possible split on {SPLIT_DAY} (AAPL, about 2:1): prices look unadjusted" in state.data.status


def test_a_date_and_close_file_is_ready_as_market_data(state):
    state.data.add_files({"ibm.csv": csv_bytes(daily_bars()[["Date", "Close"]])})
    assert state.data.ready and state.data.target_classes == ["down", "up"]
    assert state.data.status.startswith("Ready: 1 dataset(s), 160 rows, market data (IBM); no volume column")


def test_a_table_without_a_target_asks_for_one_in_the_page(state):
    titanic = pd.DataFrame({"fare": daily_bars()["Close"], "survived": [0, 1] * 80})
    state.data.add_files({"titanic.csv": csv_bytes(titanic)})
    assert not state.data.ready and state.data.target is None
    assert state.data.status == "No target column: choose the target column in the sidebar"
    assert not state.training.can_train

    state.data.target = "survived"

    assert state.data.ready and state.data.target_classes == ["0", "1"]
    assert state.data.status == "Ready: 1 dataset(s), 160 rows, table data"


def test_a_file_that_cannot_be_a_dataset_is_refused_and_not_kept(tmp_path):
    uploads = DatasetStore(tmp_path)
    state = DataState(uploads=uploads)
    state.add_files({"aapl.csv": csv_bytes(daily_bars())})

    state.add_files({"notes.csv": PROSE})

    assert state.problem.startswith("notes.csv: 2 rows and no numeric column: not a dataset")
    assert uploads.names() == ["aapl.csv"]
    assert [d.name for d in state.datasets] == ["aapl.csv"] and state.selected == ["aapl.csv"] and state.ready

"""Uploads into a session: broken files and files over the limit are refused; what was loaded stays usable."""

import os

import pytest

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
    assert state.data.status == "Ready: 1 dataset(s), 240 rows, market data"


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

"""Saved Data and the sidebar on a 1,366 × 768 laptop screen: the preview shows every column of an OHLCV
file, the runs table's main columns fit without scrolling, and before a run is chosen the page says to
choose one instead of showing an empty record and chart."""

import re

import pytest
from playwright.sync_api import expect

from ..data.shapes import csv_bytes, daily_bars
from .test_browser import TRAINING_MS, open_app, type_number, upload

pytestmark = pytest.mark.ui

LAPTOP = {"width": 1366, "height": 768}
OHLCV = ("Date", "Open", "High", "Low", "Close", "Adj Close", "Volume")
MAIN_COLUMNS = ("run_id", "time", "model", "ticker", "status", "accuracy", "f1", "sharpe", "return", "dataset",
                "seconds")
NO_RUN = "Select a run to see its details."


def within(inner: dict, outer: dict) -> bool:
    return outer["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1


def header(scope, title: str):
    return scope.get_by_role("columnheader", name=title, exact=True)


def test_saved_data_fits_a_laptop_and_asks_for_a_run_before_showing_one(page, fresh_app):
    page.set_viewport_size(LAPTOP)
    open_app(page, fresh_app)
    upload(page, "aapl.csv", csv_bytes(daily_bars(n=300, adj_close="Adj Close")))
    sidebar = page.locator("input[type=file]").bounding_box()  # as wide as the sidebar's column
    for title in OHLCV:
        expect(header(page, title)).to_be_visible()
        assert within(header(page, title).bounding_box(), sidebar), title

    page.get_by_label("Validation").select_option("holdout")
    type_number(page, "Epochs", 1)
    page.get_by_role("button", name="Train Model").click()
    expect(page.get_by_text(re.compile(r"^Finished after \d+ s$"))).to_be_visible(timeout=TRAINING_MS)

    page.get_by_role("button", name="View Saved Data").click()
    expect(page.get_by_text(NO_RUN)).to_be_visible()
    expect(page.get_by_text("No properties")).to_be_hidden()  # no empty record
    expect(page.get_by_text("Run details")).to_be_hidden()
    runs = page.locator(".tabulator").filter(has=header(page, "run_id"))
    table = runs.bounding_box()
    assert table["x"] + table["width"] <= LAPTOP["width"]
    for title in MAIN_COLUMNS:
        assert within(header(runs, title).bounding_box(), table), title
    # accuracy, F1 and the strategy's return
    expect(runs.get_by_role("gridcell", name=re.compile(r"^-?\d{1,3}\.\d\d%$"))).to_have_count(3)

    runs.get_by_role("gridcell", name=re.compile(r"^CIPO_\d{8}_\d{6}$")).click()
    expect(page.get_by_text(NO_RUN)).to_be_hidden()
    expect(page.get_by_role("gridcell", name="Run id", exact=True)).to_be_visible()  # the record, readable
    expect(page.get_by_text(re.compile(r"^Run CIPO_\d{8}_\d{6}: holdout, 1 fold"))).to_be_visible()

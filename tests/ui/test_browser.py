"""The served app in headless Chromium: upload, train, predict, saved runs, reset, cancel, a broken upload."""

import json
import os
import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS
from ..support import page_answers, wait_until
from .helpers import market_csv, records_on_disk

pytestmark = pytest.mark.ui

TRAINING_MS = 90_000
PERCENT = re.compile(r"^-?\d{1,3}\.\d\d%( ▼)?$")  # ▼: does not beat its baseline or buy-and-hold
READY = "Data Status: Ready: 1 dataset(s), 300 rows, market data"


def open_app(page, app):
    page.goto(app.url)
    expect(page.get_by_role("button", name="Train Model")).to_be_visible(timeout=30_000)


def upload(page, name: str, content: bytes):
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}])


def type_number(page, label: str, value: int):
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")  # Bokeh sends a number input's value on change, not on each key


def tab(page, title: str):
    return page.locator(".bk-tab", has_text=title)  # Bokeh's tab headers carry no ARIA role


def performance_row(page, model: str):
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="Baseline F1"))
    return table.get_by_role("row").filter(has=page.get_by_role("cell", name=model, exact=True))


def cell(row, text):
    return row.get_by_role("cell", name=text, exact=True)


def test_train_then_predict_view_saved_runs_and_reset(page, fresh_app):
    open_app(page, fresh_app)
    cipo = performance_row(page, "CIPO")
    expect(cell(cipo, "Not Trained")).to_have_count(1)
    upload(page, "bars.csv", market_csv(bars=150))
    expect(page.get_by_text(READY)).to_be_visible()
    type_number(page, "Hidden layers", 11)  # out of range: refused, the box returns to the last valid value
    page.get_by_label("Hidden layers", exact=True).blur()
    expect(page.get_by_label("Hidden layers", exact=True)).to_have_value("2")
    # 3, not the default 2: a record that ignored the typed value must fail the check below.
    type_number(page, "Hidden layers", 3)
    type_number(page, "Epochs", 3)

    page.get_by_role("button", name="Train Model").click()
    expect(page.locator("progress")).to_have_attribute("value", "100", timeout=TRAINING_MS)
    expect(cell(cipo, "Trained")).to_have_count(1)
    expect(cipo.get_by_role("cell", name=PERCENT)).to_have_count(9)  # accuracy … max drawdown
    # One cell names the data, the validation method and the test period.
    judged = re.compile(r"^bars\.csv\s+walk-forward\s+\d{4}-\d\d-\d\d →\s+\d{4}-\d\d-\d\d$")
    expect(cipo.get_by_role("cell", name=judged)).to_have_count(1)
    expect(page.get_by_text(re.compile(r"Status: Trained CIPO run CIPO_\d{8}_\d{6}"))).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1900})  # the template scrolls inside: show it all
    expect(cipo).to_be_in_viewport()
    page.screenshot(path=ARTIFACTS / "trained.png")
    # The run's details: a row per fold and the mean ± std across them (Tabulator draws rows once in view).
    page.get_by_text(re.compile(r"walk-forward, 5 fold\(s\), out-of-sample")).scroll_into_view_if_needed()
    expect(page.get_by_role("gridcell", name="mean ± std", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^5 \d{4}-\d\d-\d\d → "))).to_have_count(1)
    page.set_viewport_size({"width": 1400, "height": 1000})

    records = wait_until(lambda: records_on_disk(fresh_app.data_dir), 10, what="the record file")
    [(run_id, record)] = records.items()
    assert record["training_status"] == "completed"
    assert (record["hyperparameters"]["hidden_layers"], record["hyperparameters"]["epochs"]) == (3, 3)

    tab(page, "Predict").click()
    page.get_by_role("button", name="Predict", exact=True).click()
    expect(page.get_by_text(re.compile(rf"\d+ of 300 rows scored by run {run_id}"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("columnheader", name="signal")).to_be_visible()
    # Newest bars come first, and they are scored: a signal shows without paging.
    expect(page.get_by_role("gridcell", name=re.compile(r"^(Buy|Sell|Hold)$")).first).to_be_visible()

    page.get_by_role("button", name="View Saved Data").click()
    expect(page.get_by_role("gridcell", name=run_id, exact=True)).to_be_visible()

    tab(page, "Train & Evaluate").click()
    page.get_by_role("button", name="Reset Performance").click()
    expect(cell(cipo, "Not Trained")).to_have_count(1)
    expect(cell(cipo, "N/A")).to_have_count(11)
    assert json.loads((fresh_app.data_dir / f"{run_id}.json").read_text())["training_status"] == "completed"


def test_cancel_a_long_training_while_the_page_keeps_answering(page, app):
    open_app(page, app)
    upload(page, "bars.csv", market_csv(bars=150))
    expect(page.get_by_text(READY)).to_be_visible()
    type_number(page, "Epochs", 1000)
    page.get_by_text("Advanced", exact=True).click()
    # Without early stopping the run has 1,000 epochs a fold to go: it cannot end by itself before Cancel,
    # however slow the host (with it, a fast fit finished before the click once).
    early_stopping = page.locator(".bk-Checkbox", has_text="Early stopping").get_by_role("checkbox")
    early_stopping.uncheck()
    type_number(page, "Batch size", 8)

    page.get_by_role("button", name="Train Model").click()
    expect(page.locator("progress")).to_have_attribute("value", re.compile(r"^[1-9]\d?$"), timeout=TRAINING_MS)
    cipo = performance_row(page, "CIPO")
    expect(cell(cipo, "Training…")).to_have_count(1)

    # While the model trains: a new visitor gets the page, and this page's clicks reach the server.
    assert page_answers(app.url, timeout=30)
    page.get_by_role("button", name="View Saved Data").click()
    expect(page.get_by_role("gridcell", name="running", exact=True)).to_be_visible()
    tab(page, "Train & Evaluate").click()
    expect(cell(cipo, "Training…")).to_have_count(1)  # all of that happened during the training

    page.get_by_role("button", name="Cancel", exact=True).click()
    expect(cell(cipo, "Cancelled")).to_have_count(1, timeout=TRAINING_MS)
    expect(page.get_by_text(re.compile(r"Status: Cancelled CIPO run"))).to_be_visible()
    cancelled = [r for r in records_on_disk(app.data_dir).values() if r["training_status"] == "cancelled"]
    assert len(cancelled) == 1
    assert {k: cancelled[0]["hyperparameters"][k] for k in ("epochs", "early_stopping", "batch_size")} == {
        "epochs": 1000, "early_stopping": False, "batch_size": 8}
    assert len(cancelled[0]["history"]) < 1000


def test_a_broken_upload_shows_its_error_and_keeps_the_earlier_data(page, app):
    open_app(page, app)
    upload(page, "bars.csv", market_csv(bars=150))
    expect(page.get_by_text(READY)).to_be_visible()

    upload(page, "x.parquet", os.urandom(4096))

    # .first: the same message shows in the Data alert and in a notification toast.
    expect(page.get_by_text("cannot read x.parquet as parquet").first).to_be_visible()
    expect(page.get_by_text(READY)).to_be_visible()
    expect(page.get_by_role("button", name="Train Model")).to_be_enabled()

    # The good upload was kept in the data folder: a new session (a reload) lists it again.
    page.reload()
    expect(page.get_by_text("bars.csv: 300 rows × 7 columns, market")).to_be_visible()

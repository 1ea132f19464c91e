"""Train & Evaluate in detail: a disabled Train says why; a new session selects the newest upload; the
performance row names its data and test period, is blank while its model trains and keeps the last good
run beside a cancelled one; the ETA; the Ensemble's three learning curves; Advanced shows what applies."""

import re

import pytest
from playwright.sync_api import expect

from ..data.shapes import csv_bytes, daily_bars
from ..support import wait_until
from .figures import titled
from .helpers import market_csv, records_on_disk
from .test_browser import PERCENT, TRAINING_MS, cell, open_app, performance_row, type_number, upload

pytestmark = pytest.mark.ui

READOUT = re.compile(r"^(Epoch \d+/\d+|[A-Z]+ Epoch|Finished after|Cancelled after|Preparing|Training…)")
EPOCH_ETA = re.compile(r"Epoch (\d+)/\d+ · .*ETA (\d+) (s|min)")
JUDGED = re.compile(r"^aapl\.csv\s+holdout\s+\d{4}-\d\d-\d\d →\s+\d{4}-\d\d-\d\d$")


def train_button_says(page, reason: str):
    expect(page.get_by_text(reason, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Train Model")).to_be_disabled()


def holdout(page, epochs: int):
    page.get_by_label("Validation").select_option("holdout")
    type_number(page, "Epochs", epochs)


def readout(page):
    return page.get_by_text(READOUT)


def test_a_disabled_train_says_why_and_a_new_session_selects_the_newest_upload(page, fresh_app):
    open_app(page, fresh_app)
    train_button_says(page, "No data yet: upload a file or press Use sample data (sidebar)")

    upload(page, "older.csv", market_csv(seed=1))
    expect(page.get_by_role("button", name="Train Model")).to_be_enabled()
    expect(page.get_by_text("No data yet", exact=False)).to_be_hidden()
    upload(page, "newer.csv", market_csv(seed=2))
    expect(page.locator(".choices__inner").filter(has_text="newer.csv")).to_be_visible()

    page.reload()  # a new session: the kept uploads come back, the newest one chosen
    expect(page.get_by_text("Data Status: Ready: 1 dataset(s), 240 rows, market data (A, B)")).to_be_visible()
    chosen = page.locator(".choices__inner")
    expect(chosen.filter(has_text="newer.csv")).to_be_visible()
    expect(chosen.filter(has_text="older.csv")).to_have_count(0)
    expect(page.get_by_role("button", name="Train Model")).to_be_enabled()

    page.get_by_role("button", name="Remove item: 'newer.csv'").click()
    train_button_says(page, "No dataset selected: choose one under Datasets to use (sidebar)")


def test_the_performance_row_the_eta_and_a_cancel_beside_the_last_good_run(page, fresh_app):
    open_app(page, fresh_app)
    upload(page, "aapl.csv", csv_bytes(daily_bars(n=300, adj_close="Adj Close")))
    holdout(page, epochs=40)
    page.get_by_text("Advanced", exact=True).click()
    type_number(page, "Patience (epochs)", 200)  # every epoch runs: the ETA can be checked against the time
    page.get_by_role("button", name="Train Model").click()
    readings = set()

    def finished():
        readings.update(readout(page).all_inner_texts())
        return any(r.startswith("Finished after") for r in readings)

    wait_until(finished, TRAINING_MS / 1000, interval=0.1, what=lambda: f"the end of training ({readings})")
    [record] = records_on_disk(fresh_app.data_dir).values()
    etas = [(int(m[1]), int(m[2]) * (60 if m[3] == "min" else 1)) for m in map(EPOCH_ETA.search, readings) if m]
    assert etas, readings
    assert all(epoch >= 2 for epoch, _ in etas), etas  # the first epoch (graph building) is never extrapolated
    assert max(eta for _, eta in etas) <= 2 * record["duration_seconds"] + 10, (etas, record["duration_seconds"])

    cipo = performance_row(page, "CIPO")
    expect(cell(cipo, "Trained")).to_have_count(1)
    expect(cipo.get_by_role("cell", name=JUDGED)).to_have_count(1)
    accuracy = cipo.get_by_role("cell", name=PERCENT).first.inner_text()

    type_number(page, "Epochs", 1000)
    type_number(page, "Batch size", 8)
    page.get_by_role("button", name="Train Model").click()
    expect(cell(cipo, "Training…")).to_have_count(1)
    expect(cipo.get_by_role("cell", name=PERCENT)).to_have_count(0)  # blanks, not the last run's numbers
    train_button_says(page, "A training is running: wait for it to end or cancel it")
    eta_shown = page.get_by_text(re.compile(r"^Epoch \d+/1000 · .* · ETA \d+ (s|min)$"))
    expect(eta_shown).to_be_visible(timeout=TRAINING_MS)
    page.get_by_role("button", name="Cancel", exact=True).click()

    expect(cell(cipo, "Cancelled (last completed run shown)")).to_have_count(1, timeout=TRAINING_MS)
    expect(cell(cipo, accuracy)).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^Cancelled after \d+ s$"))).to_be_visible()

    # Saved Data writes the completed run's percentage the same way.
    page.get_by_role("button", name="View Saved Data").click()
    run = page.get_by_role("row").filter(has=page.get_by_role("gridcell", name=record["run_id"], exact=True))
    expect(run.get_by_role("gridcell", name=accuracy.removesuffix(" ▼"), exact=True)).to_have_count(1)


def test_the_ensembles_members_are_three_curves_and_advanced_shows_what_applies(page, fresh_app):
    open_app(page, fresh_app)
    page.get_by_text("Advanced", exact=True).click()
    only = {"ADM": ["Lookback (rows or bars)", "ADM cell"], "BICIPO": ["BICIPO passes"],
            "Ensemble": ["Ensemble weight ADM", "Ensemble weight CIPO", "Ensemble weight BICIPO"]}
    for model in ("CIPO", "ADM", "BICIPO", "Ensemble"):
        page.get_by_label("Model type").select_option(model)
        shown = sum(only.values(), []) if model == "Ensemble" else only.get(model, [])
        for label in sum(only.values(), []):
            expect(page.get_by_label(label, exact=True)).to_have_count(1 if label in shown else 0)
        expect(page.get_by_label("Units per layer", exact=True)).to_be_visible()
    header, select = page.locator(".card-header").bounding_box(), page.get_by_label("Model type").bounding_box()
    assert (header["x"], header["width"]) == (select["x"], select["width"])  # as wide as the column

    upload(page, "bars.csv", market_csv())
    holdout(page, epochs=2)
    page.get_by_role("button", name="Train Model").click()
    expect(page.get_by_text(re.compile(r"^Finished after \d+ s$"))).to_be_visible(timeout=TRAINING_MS)
    live = titled(page, "Learning curve of the current fit")
    page.get_by_role("button", name="View Saved Data").click()
    page.get_by_role("gridcell", name=re.compile(r"^Ensemble_\d{8}_\d{6}$")).click()
    expect(page.get_by_role("gridcell", name="Run id", exact=True)).to_be_visible()  # the record, readable
    # The curve is drawn on the document's next tick: wait until it has its lines.
    saved = wait_until(lambda: (found := titled(page, "Selected run's learning curve (its saved model)"))
                       ["legend_items"] and found, 15, what="the saved run's learning curve")
    for curve in (live, saved):
        points = {line["name"]: line["x"] for line in curve["lines"]}
        assert {points[f"{member} {loss}"] == [1, 2] for member in ("ADM", "CIPO", "BICIPO")
                for loss in ("loss", "val_loss")} == {True}, points  # a pair of curves per member
        assert curve["sides"]["right"] == ["Legend"] and "Legend" not in curve["sides"]["center"]
        assert len(curve["legend_items"]) == 6

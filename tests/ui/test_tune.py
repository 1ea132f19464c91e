"""The Tune tab: a 3-trial study on the sidebar's data fills the trials table live, then its best trial is
trained into a run that the tab names."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import market_csv, records_on_disk
from .test_browser import open_app, tab, upload

pytestmark = pytest.mark.ui
STUDY_MS = 180_000


def fill(page, label: str, value: str):
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")  # Bokeh sends a text input's value on change, not on each key


def test_a_three_trial_study_fills_the_trials_table_and_names_its_best_run(page, fresh_app):
    open_app(page, fresh_app)
    upload(page, "aapl.csv", market_csv(tickers=("AAPL",), bars=200))
    expect(page.get_by_text(re.compile(r"Data Status: Ready"))).to_be_visible()
    tab(page, "Tune").click()
    expect(page.get_by_role("button", name="Start")).to_be_visible(timeout=30_000)
    page.get_by_label("Validation").select_option("holdout")
    for label, spec in (("epochs", "2"), ("hidden_layers", "1:2"), ("units", "4:16"), ("batch_size", "32,64")):
        fill(page, label, spec)
    fill(page, "Trials", "3")
    fill(page, "Study name (blank: a new name)", "browser")
    page.get_by_role("button", name="Start").click()

    best_run = page.get_by_text(re.compile(r"Best run: CIPO_\d{8}_\d{6}"))
    expect(best_run).to_be_visible(timeout=STUDY_MS)
    trials = page.get_by_role("row").filter(has=page.get_by_role("gridcell", name=re.compile(r"^(complete|pruned)$")))
    expect(trials).to_have_count(3)
    expect(page.get_by_text(re.compile(r"Study browser finished: best trial \d"))).to_be_visible()
    [record] = [r for r in records_on_disk(fresh_app.data_dir).values() if r.get("study") == "browser"]
    assert record["training_status"] == "completed" and record["run_id"] in best_run.inner_text()
    assert record["hyperparameters"]["epochs"] == 2 and 1 <= record["hyperparameters"]["hidden_layers"] <= 2
    assert (fresh_app.data_dir / "studies" / "browser.journal").is_file()

"""Predict in detail: it starts on the sidebar's data; one ticker needs no chooser; the Buy / Hold / Sell
rule is written beside the table, adjustable, and carried by the CSV; the chart opens on the latest year
with a range tool, a hover and its legend outside the plot; data without the run's features is refused in
words that name the run."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tradepulse.sample_data import synthetic_feature_table

from ..data.shapes import csv_bytes, daily_bars
from .figures import figures, titled
from .helpers import market_csv
from .test_browser import TRAINING_MS, open_app, tab, type_number, upload

pytestmark = pytest.mark.ui

YEAR_MS = 365 * 24 * 3600 * 1000
RULE = "Buy when P(up) ≥ {:.2f}, Sell when P(up) ≤ {:.2f}, Hold in between (threshold 0.50 ± band {:.2f})"


def train_one_epoch(page, name: str, content: bytes):
    upload(page, name, content)
    page.get_by_label("Validation").select_option("holdout")
    type_number(page, "Epochs", 1)
    page.get_by_role("button", name="Train Model").click()
    expect(page.get_by_text(re.compile(r"^Finished after \d+ s$"))).to_be_visible(timeout=TRAINING_MS)


def predict(page, dataset: str, outcome: str = "rows scored by run"):
    expect(page.get_by_label("Predict on")).to_have_value(dataset)  # the sidebar's choice, already set
    page.get_by_role("button", name="Predict", exact=True).click()
    expect(page.get_by_text(outcome).first).to_be_visible(timeout=30_000)


def test_predict_starts_on_the_sidebars_data_with_an_adjustable_rule_in_the_csv_and_a_readable_chart(
        page, fresh_app):
    open_app(page, fresh_app)
    train_one_epoch(page, "aapl.csv", csv_bytes(daily_bars(n=600, adj_close="Adj Close")))  # 2.3 years, 1 ticker
    tab(page, "Predict").click()
    predict(page, "aapl.csv")
    expect(page.get_by_label("Ticker")).to_be_hidden()  # one ticker: nothing to choose
    expect(page.get_by_text(RULE.format(0.55, 0.45, 0.05))).to_be_visible()

    type_number(page, "Hold band (±)", "0.1")
    expect(page.get_by_text(RULE.format(0.60, 0.40, 0.10))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), newline="") as signals:
        rows = [row for row in csv.DictReader(signals) if row["p_up"]]
    assert {(row["buy_if_p_up_at_least"], row["sell_if_p_up_at_most"]) for row in rows} == {("0.6", "0.4")}
    for row in rows:
        p_up = float(row["p_up"])
        assert row["signal"] == ("Buy" if p_up >= 0.6 else "Sell" if p_up <= 0.4 else "Hold"), row

    chart = titled(page, "Signals on close")
    [overview] = [f for f in figures(page) if any(line["name"] == "overview" for line in f["lines"])]
    start, end, x_range = chart["x_range"]
    assert end - start == YEAR_MS and start > overview["x_range"][0]  # the latest year of 2.3
    assert {"type": "RangeTool", "tooltips": None, "x_range": x_range} in overview["tools"]
    [hover] = [tool for tool in chart["tools"] if tool["type"] == "HoverTool"]
    assert [label for label, _ in hover["tooltips"]] == ["date", "close", "P(up)", "signal"]
    assert chart["sides"]["above"][0] == "Legend" and "Legend" not in chart["sides"]["center"]
    assert chart["legend_items"] == ["close", "Buy", "Sell"]
    assert {line["name"] for line in chart["lines"]} == {"close", "Buy", "Sell"}

    # Other data chosen in the sidebar becomes what Predict runs on; two tickers get their chooser.
    upload(page, "pair.csv", market_csv(tickers=("A", "B")))
    predict(page, "pair.csv")
    expect(page.get_by_label("Ticker")).to_be_visible()


def test_data_without_the_runs_features_names_the_run_what_it_was_trained_on_and_the_columns(page, fresh_app):
    open_app(page, fresh_app)
    train_one_epoch(page, "bars.csv", market_csv())
    upload(page, "features.csv", csv_bytes(synthetic_feature_table()))
    tab(page, "Predict").click()
    predict(page, "features.csv", outcome="Prediction failed")
    expect(page.get_by_text(re.compile(
        r"^Prediction failed: run CIPO_\d{8}_\d{6} \(CIPO, trained on bars\.csv: market data\) cannot use this "
        r"data: market data needs columns .*close"))).to_be_visible()

"""The run history in the browser: filter it, compare two runs (only the rows that differ), download the
filtered history as CSV and the comparison's report."""

import csv
import dataclasses
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import TINY
from tradepulse.sample_data import synthetic_bars
from tradepulse.storage import RecordStore

from ..reports.test_report import parsed
from ..support import served_app, train_completed, wait_until
from .figures import figures
from .test_browser import open_app

pytestmark = pytest.mark.ui


def titles(page) -> set[str]:
    return {title for figure in figures(page) for title in figure["titles"]}


def _train(store, name: str, tickers: tuple[str, ...], seed: int) -> str:
    data = ((name, synthetic_bars(tickers=tickers, bars=120, seed=len(name))),)
    return train_completed(store, data, dataclasses.replace(TINY, seed=seed))


@pytest.fixture
def history(tmp_path):
    """Three finished runs in the data folder before the server starts: two on bars.csv, one on ccc.csv."""
    store = RecordStore(tmp_path / "data")
    runs = [_train(store, "bars.csv", ("AAA", "BBB"), seed) for seed in (1, 2)]
    runs.append(_train(store, "ccc.csv", ("CCC",), 1))
    with served_app(tmp_path) as served:
        yield served, runs


def test_filter_compare_and_download_the_history_and_a_report(page, history):
    app, (first, second, other) = history
    open_app(page, app)
    page.get_by_role("button", name="View Saved Data").click()
    expect(page.get_by_text("Page 1 of 1 · 3 run(s)")).to_be_visible()
    runs = page.locator(".tabulator").filter(has=page.get_by_role("columnheader", name="ticker", exact=True))

    page.get_by_label("Ticker", exact=True).first.fill("nothing")
    page.get_by_label("Ticker", exact=True).first.press("Enter")
    expect(page.get_by_text("No runs match these filters.")).to_be_visible()
    page.get_by_label("Ticker", exact=True).first.fill("")
    page.get_by_label("Dataset", exact=True).fill("bars.csv")
    page.get_by_label("Dataset", exact=True).press("Enter")
    expect(page.get_by_text("Page 1 of 1 · 2 run(s)")).to_be_visible()
    expect(runs.get_by_role("gridcell", name=other, exact=True)).to_have_count(0)

    runs.get_by_role("gridcell", name=first, exact=True).click()
    expect(page.get_by_text(re.compile(rf"^Run {first}: .*, 2 fold"))).to_be_visible()
    runs.get_by_role("gridcell", name=second, exact=True).click()
    page.get_by_role("button", name="Compare ticked runs").click()
    compared = page.locator(".tabulator").filter(has=page.get_by_role("columnheader", name="Differs"))
    expect(compared.get_by_role("gridcell", name="seed", exact=True)).to_be_visible()
    expect(compared.get_by_role("gridcell", name="hidden_layers", exact=True)).to_have_count(0)  # alike
    differs = compared.get_by_role("gridcell", name="yes", exact=True)
    expect(differs.first).to_be_visible()
    assert differs.count() == compared.locator(".tabulator-row").count()  # only the rows that differ
    overlaid = {"Learning curve (the saved model's fit)", "Out-of-sample equity: strategy vs buy-and-hold",
                "F1 per fold", "Sharpe per fold"}
    wait_until(lambda: overlaid <= titles(page), 15, what=lambda: f"overlaid charts; shown: {titles(page)}")

    page.get_by_role("button", name="Build report of these runs").click()
    with page.expect_download() as report:
        page.get_by_role("button", name="Download report").click()
    html = Path(report.value.path()).read_text(encoding="utf-8")
    assert first in html and second in html and other not in html

    page.get_by_role("button", name="Export CSV").click()
    with page.expect_download() as exported:
        page.get_by_role("button", name="Download CSV").click()
    with open(exported.value.path(), newline="", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    assert sorted(row["run_id"] for row in rows) == sorted([first, second])
    assert {row["dataset"] for row in rows} == {"bars.csv"} and "hyperparameters.seed" in rows[0]
    # Built in the server, where the page's tables were drawn: none of their stylesheets may be linked.
    assert not [link for link in parsed(html).links if link.startswith("http")]  # opens with no network

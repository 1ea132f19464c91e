"""Text from users' files and records shows as text in the page, never as HTML, and the page's policy
forbids inline event handlers (issue 13)."""

import csv
import json
import os

import pytest
from playwright.sync_api import expect

from tradepulse.sample_data import synthetic_bars, synthetic_feature_table
from tradepulse.storage.datasets import stored_name
from tradepulse.ui.app import CONTENT_SECURITY_POLICY, TITLE

from ..support import wait_until
from .helpers import records_on_disk
from .test_browser import TRAINING_MS, open_app, tab, type_number, upload

pytestmark = pytest.mark.ui

# Quoted attributes: Markdown passes such tags through as HTML (unquoted ones with = inside it escapes).
IMG = "<img src=x onerror=\"document.title='pwned'\">"
SCRIPT = "<script>document.title='pwned'</script>"
LINK = "<a href=\"javascript:document.title='pwned'\">link</a>"
BOLD = "<b>bold</b>"
FORMULA = '=HYPERLINK("http://example.invalid","open")'  # a spreadsheet would run it from a CSV cell
TICKERS = (IMG + "ticker", BOLD + "ticker", FORMULA)
CLASSES = (IMG + "class", LINK + "class", BOLD + "class")
BROKEN_FILE = IMG + "file.parquet"
MARKET_FILE = IMG + "bars.csv"  # not kept (see below), so the page goes on naming it as uploaded


def market_file() -> bytes:
    bars = synthetic_bars(tickers=TICKERS, bars=90, seed=7)
    bars[SCRIPT + "column"] = LINK + "cell"
    return bars.to_csv(index=False).encode()


def feature_file() -> bytes:
    table = synthetic_feature_table(rows=240, seed=5, classes=CLASSES)
    return table.rename(columns={"momentum": BOLD + "feature"}).to_csv(index=False).encode()


def watch(page) -> list[str]:
    """Dialogs and CSP violations the page meets, from the first script on."""
    seen = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.expose_function("reportViolation", lambda directive: seen.append(f"CSP {directive}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => reportViolation(e.violatedDirective))")
    return seen


def literal(page, text: str):
    """The first visible element whose text contains `text` as typed (hidden <option>s also carry it)."""
    return page.get_by_text(text).filter(visible=True).first


def assert_inert(page, seen: list[str]):
    """No payload became an element (CSS locators pierce open shadow roots) and no script ran."""
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("a[href^=javascript]").count() == 0
    assert page.locator("b", has_text="bold").count() == 0
    # Playwright's text matching skips <script> content: read it. (The page's own JSON scripts carry a type.)
    assert page.locator("script").evaluate_all(
        "els => els.filter(e => !e.type && e.textContent.includes('pwned')).length") == 0
    assert page.title() == TITLE
    assert seen == []


def train_and_wait(page, data_dir, runs: int) -> str:
    """Train, wait for the data folder's `runs`-th completed run and return its id."""
    page.get_by_role("button", name="Train Model").click()

    def completed() -> list[str]:  # ids end in the start time: sorted oldest first
        return sorted(r["run_id"] for r in records_on_disk(data_dir).values() if r["training_status"] == "completed")

    run_id = wait_until(lambda: completed()[runs - 1:], TRAINING_MS / 1000, what=f"completed run {runs}")[-1]
    expect(page.get_by_text(f"Status: Trained CIPO run {run_id}")).to_be_visible()
    return run_id


def predict_on(page, dataset: str, run_id: str):
    tab(page, "Predict").click()
    page.get_by_label("Predict on").select_option(dataset)
    page.get_by_role("button", name="Predict", exact=True).click()
    expect(page.get_by_text(f"rows scored by run {run_id}")).to_be_visible(timeout=30_000)


def test_payloads_in_uploaded_files_show_as_text(page, fresh_app):
    # A folder where the upload would be kept: saving fails and the upload lives on under its own name.
    (fresh_app.data_dir / "datasets" / stored_name(MARKET_FILE)).mkdir()
    seen = watch(page)
    open_app(page, fresh_app)

    upload(page, BROKEN_FILE, os.urandom(512))  # its name comes back in the error line and the toast
    expect(page.get_by_text(f"cannot read {BROKEN_FILE} as parquet")).to_have_count(2)

    upload(page, MARKET_FILE, market_file())
    expect(page.get_by_text("Data Status: Ready: 1 dataset(s), 270 rows, market data")).to_be_visible()
    expect(literal(page, f"{MARKET_FILE} is loaded for this session only")).to_be_visible()
    expect(literal(page, f"{MARKET_FILE}: 270 rows × 8 columns, market")).to_be_visible()  # the datasets list
    expect(page.locator(".choices__inner").filter(has_text=MARKET_FILE)).to_be_visible()  # the chosen ones
    for text in (SCRIPT + "column", LINK + "cell", TICKERS[0]):  # the preview's title and cells
        expect(literal(page, text)).to_be_visible()
    type_number(page, "Epochs", 2)
    market_run = train_and_wait(page, fresh_app.data_dir, runs=1)
    predict_on(page, MARKET_FILE, market_run)
    expect(page.get_by_role("gridcell", name=TICKERS[1], exact=True).first).to_be_visible()  # newest first
    expect(page.get_by_label("Ticker")).to_have_value(TICKERS[1])  # the chart's ticker, sorted first
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), newline="") as signals:
        assert {row["ticker"] for row in csv.DictReader(signals)} == {*TICKERS[:2], "'" + FORMULA}

    upload(page, "features.csv", feature_file())
    expect(page.get_by_text("Data Status: Ready: 1 dataset(s), 240 rows, table data")).to_be_visible()
    expect(literal(page, BOLD + "feature")).to_be_visible()
    tab(page, "Train & Evaluate").click()
    table_run = train_and_wait(page, fresh_app.data_dir, runs=2)
    predict_on(page, "features.csv", table_run)
    for label in CLASSES:  # each class's probability column is titled with its label
        expect(literal(page, f"p_{label}")).to_be_visible()
    first, second, third = (page.get_by_role("gridcell", name=label, exact=True) for label in CLASSES)
    expect(first.or_(second).or_(third).first).to_be_visible()  # the predicted class

    page.get_by_role("button", name="View Saved Data").click()
    page.get_by_role("gridcell", name=table_run, exact=True).click()
    expect(literal(page, CLASSES[0])).to_be_visible()  # the record's classes, in the readable record
    page.wait_for_timeout(500)  # an injected image's onerror fires once its load fails
    assert_inert(page, seen)


def payload_record(model_name: str) -> dict:
    """A finished run as the app writes it, whose user-visible strings were edited to carry payloads."""
    return {
        "schema_version": 2, "model_name": model_name, "timestamp": "2024-01-02T03:04:05",
        "training_status": "completed", "started_at": "2024-01-02T03:04:05", "ended_at": "2024-01-02T03:04:09",
        "duration_seconds": 4.0,
        "hyperparameters": {"epochs": 3, "learning_rate": 0.001, "batch_size": 32, "hidden_layers": 2,
                            "units": IMG + "units", "dropout": 0.2},
        "performance_metrics": {"accuracy": 60.0, "precision": 55.0, "recall": 50.0, "f1_score": 52.0,
                                "roc_auc": None},
        "baseline_metrics": {"accuracy": 40.0, "precision": 40.0, "recall": 40.0, "f1_score": 30.0},
        "dataset_info": {"datasets_used": 1, "total_records": 300, "dataset_names": [SCRIPT + "dataset"],
                         "data_shapes": [[300, 7]], "kind": "table", "target": BOLD + "target",
                         "notes": [LINK + "note"]},
        "classes": [IMG + "class", BOLD + "class"], "error": SCRIPT + "error",
        "history": [{"member": model_name, "epoch": 1, "loss": 0.7, "val_loss": 0.69}],
        "split_sizes": {"train": 210, "validation": 45, "test": 45},
        "confusion_matrix": [[10, 5], [6, 24]], "model_path": None,
    }


def test_payloads_in_records_on_disk_show_as_text(page, fresh_app):
    folder = fresh_app.data_dir
    (folder / "CIPO_20240102_030405.json").write_text(json.dumps(payload_record("CIPO")))
    (folder / "ADM_20240102_030406.json").write_text(json.dumps(payload_record(BOLD + "model")))
    (folder / f"{IMG}.json").write_text("{}")  # a foreign file, listed as skipped by its name
    seen = watch(page)
    open_app(page, fresh_app)

    page.get_by_role("button", name="View Saved Data").click()
    expect(literal(page, f"Skipped files: {IMG}.json")).to_be_visible()
    for text in (SCRIPT + "dataset", BOLD + "model"):  # runs table, summary
        expect(literal(page, text)).to_be_visible()
    page.get_by_role("gridcell", name="CIPO_20240102_030405", exact=True).click()
    # The selected run's readable record, notes included.
    for text in (SCRIPT + "error", IMG + "class", BOLD + "target", LINK + "note", IMG + "units"):
        expect(literal(page, text)).to_be_visible()
    page.wait_for_timeout(500)
    assert_inert(page, seen)


def test_the_page_forbids_inline_event_handlers(page, app):
    seen = watch(page)
    response = page.goto(app.url)
    expect(page.get_by_role("button", name="Train Model")).to_be_visible(timeout=30_000)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert seen == []  # the app itself needs nothing the policy forbids

    # Were escaping ever missed, the policy still stops an injected handler.
    directive = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective), {once: true});
        const img = document.createElement('img');
        img.setAttribute('onerror', "document.title='pwned'");
        img.src = 'x';
        document.body.append(img);
    })""")
    assert directive == "script-src-attr"
    page.wait_for_timeout(300)
    assert page.title() == TITLE

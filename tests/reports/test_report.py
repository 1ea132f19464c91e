"""The HTML report: its sections, escaped text, no network, its size, and records that lack fields."""

import argparse
import json
from html.parser import HTMLParser

import pytest

from tradepulse.errors import StorageError, TradePulseError
from tradepulse.reports import command
from tradepulse.reports.report import build_report, write_report
from tradepulse.storage import RecordStore

PAYLOAD = "<script>alert(1)</script>"
MAX_BYTES = 5_000_000


class Links(HTMLParser):
    """Every tag, and the src/href attributes of all of them."""

    def __init__(self):
        super().__init__()
        self.tags, self.links = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_a_single_run_report_holds_every_section_and_opens_offline(runs, tmp_path):
    path = write_report(runs.store, [runs.seeds[0]], tmp_path / "one.html")
    html = path.read_text()
    for section in ("<h3>Summary</h3>", "<h3>Metrics (out of sample)</h3>", "<h3>Hyperparameters</h3>",
                    "<h3>Folds</h3>", "Confusion matrix (out of sample)", "ROC curve (out of sample)",
                    "Precision-recall curve (out of sample)", "Learning curve", "Out-of-sample equity", "Drawdown"):
        assert section in html, section
    assert "Bokeh.embed.embed_items" in html and len(html) > 500_000  # BokehJS itself is in the file
    links = parsed(html)
    assert links.links == [] and "link" not in links.tags  # nothing is fetched: scripts and styles inline
    assert not [tag for tag in links.tags if tag in ("iframe", "img")]
    assert [p.name for p in tmp_path.iterdir()] == ["one.html"]  # written atomically: no temp file left


def test_a_comparison_report_shows_differences_warnings_and_seed_groups(runs, tmp_path):
    ids = [*runs.seeds, runs.deeper, runs.costly]
    path = write_report(runs.store, ids, tmp_path / "five.html")
    html = path.read_text()
    assert path.stat().st_size <= MAX_BYTES
    assert "<h2>What differs</h2>" in html and "<h2>Not directly comparable</h2>" in html
    assert "Different cost settings (Cost (bps per side))" in html
    assert "<h2>Repeated runs (differ only in seed)</h2>" in html and f"3 runs: {', '.join(runs.seeds)}" in html
    assert "<td>hidden_layers</td>" in html and "<td>epochs</td>" not in html.split("<h2>Side by side")[0]
    assert "Learning curves (each run&#x27;s saved model)" in html  # Bokeh escapes its JSON for HTML
    assert "Accuracy % per fold" in html and "Sharpe per fold" in html
    assert all(f"<summary>{run_id}</summary>" in html for run_id in ids)
    assert parsed(html).links == []


def test_user_text_is_escaped(runs, tmp_path):
    [record] = runs.load(runs.seeds[0])
    record["dataset_info"]["dataset_names"] = [PAYLOAD]
    record["dataset_info"]["notes"] = [f"note {PAYLOAD}"]
    record["feature_importance"] = {"method": "permutation", "metric": "f1_score",
                                    "features": [{"feature": PAYLOAD, "importance": 0.1, "std": 0.01}]}
    store = RecordStore(tmp_path / "records")
    store.save_new(record)
    html = build_report(store, [record["run_id"]])
    assert PAYLOAD not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the tables show it as text
    assert "Feature importance (permutation, drop in f1_score)" in html


def test_a_schema_1_record_with_missing_fields_shows_blanks(runs, tmp_path):
    store = RecordStore(tmp_path / "records")
    old = {"model_name": "CIPO", "timestamp": "2025-01-02T03:04:05", "training_status": "completed",
           "schema_version": 1, "hyperparameters": {"epochs": 3}, "performance_metrics": {"accuracy": 51.0},
           "trading_metrics": {"strategy_return_pct": 1.5, "bars": 30}}
    (store.root / "CIPO_20250102_030405.json").write_text(json.dumps(old))
    html = build_report(store, ["CIPO_20250102_030405"])
    assert "<td>accuracy</td><td>51.00%</td><td></td>" in html  # no baseline: a blank cell
    assert "<td>total_return_pct</td><td>1.50%</td><td></td>" in html
    assert "<h3>Folds</h3>" not in html and "Confusion matrix" not in html
    new = runs.seeds[0]
    (store.root / f"{new}.json").write_bytes(runs.store.path_of(new).read_bytes())
    both = build_report(store, ["CIPO_20250102_030405", new])
    assert "Different target (Target): (blank) in CIPO_20250102_030405; next_bar_up in " + new in both


def test_size_of_five_runs_stays_under_the_limit(runs, tmp_path):
    ids = [*runs.seeds, runs.deeper, runs.table]
    assert len(build_report(runs.store, ids).encode()) <= MAX_BYTES


def cli(*argv) -> argparse.Namespace:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(parents=[common])
    command.add_parser(parser.add_subparsers(dest="command"), common)
    return parser.parse_args(list(argv))


def test_the_report_command_writes_the_file(runs, tmp_path, capsys):
    output = tmp_path / "report.html"
    assert command.run(cli("report", *runs.seeds[:2], "--output", str(output), "--data-dir",
                           str(runs.store.root))) == 0
    assert capsys.readouterr().out.strip() == str(output) and output.stat().st_size > 0


@pytest.mark.parametrize("problem, message", [
    ("unknown", "no run 'nope'"), ("seven", "give 1 to 6 runs, not 7"), ("folder", "no folder .* to write"),
    ("data", "no data folder at")])
def test_bad_input_is_one_clear_error(runs, tmp_path, problem, message):
    ids = {"unknown": ["nope"], "seven": [runs.seeds[0]] * 7}.get(problem, [runs.seeds[0]])
    output = tmp_path / ("missing/report.html" if problem == "folder" else "report.html")
    data = tmp_path / "nothing" if problem == "data" else runs.store.root
    with pytest.raises(TradePulseError, match=message) as raised:
        command.run(cli("report", *ids, "--output", str(output), "--data-dir", str(data)))
    assert "\n" not in str(raised.value) and not output.exists()
    assert problem != "unknown" or isinstance(raised.value, StorageError)

"""The run history over 100,000 synthetic schema-2 records: building the query index from nothing, a
filtered and sorted page, the leaderboard, CSV export of all, and the memory of a process that opened it.

Records are realistic in shape (benchmarks/listing.py's, with varied model, tickers, status, metrics and
time) and written directly (the store's fsyncs would only slow the set-up). Memory is measured in fresh
processes: the resident set after opening the store and showing a page, 100,000 records against none.
"""

import random
import resource
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from benchmarks.common import QUIET_ENV, REPO, Row, percentile, timer
from benchmarks.listing import realistic_record

COUNT = 100_000
QUERIES = 50
TICKERS = [f"T{i:02d}" for i in range(40)]
STATUSES = ["completed"] * 18 + ["failed", "cancelled"]

_RSS = """
import resource, sys
from tradepulse.history import query_runs, RunFilter
from tradepulse.storage import RecordStore
store = RecordStore(sys.argv[1])
page = query_runs(store, RunFilter(status="completed"), sort="f1_score", limit=50)
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
print(rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, page.total)
"""


def fill(folder: Path, count: int) -> None:
    rng = random.Random(7)
    base = realistic_record(0)
    start = datetime.now() - timedelta(days=400)
    for index in range(count):
        model = ("ADM", "CIPO", "BICIPO", "Ensemble")[index % 4]
        started = start + timedelta(seconds=index * 400 * 86_400 // count)  # spread over 400 days
        tickers = sorted(rng.sample(TICKERS, rng.choice((1, 1, 2, 3))))
        metrics = {**base["performance_metrics"], "accuracy": rng.uniform(40, 65), "f1_score": rng.uniform(30, 70),
                   "roc_auc": rng.uniform(40, 70), "mcc": rng.uniform(-0.2, 0.3)}
        strategy = {**base["trading_metrics"]["strategy"], "sharpe": rng.gauss(0.3, 1), "win_rate_pct": rng.uniform(40, 60),
                    "total_return_pct": rng.gauss(5, 20), "max_drawdown_pct": -rng.uniform(2, 40)}
        record = {**base, "model_name": model, "timestamp": started.isoformat(timespec="seconds"),
                  "started_at": started.isoformat(timespec="milliseconds"), "training_status": rng.choice(STATUSES),
                  "performance_metrics": metrics,
                  "trading_metrics": {**base["trading_metrics"], "strategy": strategy},
                  "hyperparameters": {**base["hyperparameters"], "epochs": rng.choice((10, 20, 50)),
                                      "seed": rng.randrange(1000)},
                  "dataset_info": {**base["dataset_info"], "tickers": tickers,
                                   "dataset_names": [f"{'_'.join(tickers).lower()}.csv"]}}
        run_id = f"{model}_{started:%Y%m%d_%H%M%S}_{index}"
        (folder / f"{run_id}.json").write_bytes(orjson.dumps({**record, "run_id": run_id}))


def _rss(folder: Path) -> tuple[int, int, int]:
    """(resident KB, peak KB, matching runs) of a fresh process that opens `folder` and shows a page."""
    out = subprocess.run([sys.executable, "-c", _RSS, str(folder)], capture_output=True, text=True, check=True,
                         cwd=REPO, env=QUIET_ENV | {"PATH": "/usr/bin:/bin"}).stdout
    rss, peak, total = map(int, out.split())
    return rss, peak, total


def run() -> list[Row]:
    from tradepulse.history import RunFilter, export_csv, leaderboard, query_runs
    from tradepulse.storage import RecordStore

    folder, empty = Path(tempfile.mkdtemp(prefix="bench-history-")), Path(tempfile.mkdtemp(prefix="bench-empty-"))
    try:
        with timer() as wrote:
            fill(folder, COUNT)
        size = sum(path.stat().st_size for path in folder.iterdir()) / COUNT
        store = RecordStore(folder)
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with timer() as built:
            store.index.sync()
        build_peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
        with timer() as resynced:
            RecordStore(folder).index.reconcile()  # a second process's open: nothing changed, nothing parsed
        rng, pages = random.Random(3), []
        for _ in range(QUERIES):
            filters = RunFilter(model=rng.choice(("CIPO", "ADM", None)), ticker=rng.choice(TICKERS + [None]),
                                status="completed", days=rng.choice((30, 90, None)), minimum={"f1": rng.uniform(30, 50)})
            sort = rng.choice(("f1_score", "sharpe", "time", "max_drawdown_pct", "accuracy"))
            with timer() as took:
                page = query_runs(store, filters, sort=sort, offset=rng.choice((0, 50, 500)), limit=50)
            pages.append(took())
        by_hyperparameter = []
        for offset in range(0, 250, 50):  # a hyperparameter is read beside the scanned rows: slower
            with timer() as took:
                query_runs(store, RunFilter(status="completed"), sort="hyperparameters.epochs", offset=offset)
            by_hyperparameter.append(took())
        with timer() as board_took:
            board = leaderboard(store)
        out = folder.parent / f"{folder.name}.csv"
        with timer() as exported:
            written = export_csv(store, out)
        assert written == COUNT and len(board) == len(TICKERS) and page.total >= 0
        csv_mb = out.stat().st_size / 1e6
        out.unlink()
        full_rss, full_peak, total = _rss(folder)
        empty_rss, _, _ = _rss(empty)
        more = (full_rss - empty_rss) / 1024
        return [
            Row(f"history index built from nothing, {COUNT:,} records", f"{built():.1f} s", "", None,
                f"{size / 1024:.1f} KB per record (writing them took {wrote():.0f} s); peak memory +{build_peak:.0f} MB"),
            Row(f"history index reconcile, {COUNT:,} unchanged records", f"{resynced():.2f} s", "", None,
                "a new process's open: stat only, nothing parsed"),
            Row("history page of 50, filtered and sorted (p95)", f"{percentile(pages, 95) * 1000:.1f} ms", "≤ 50 ms",
                percentile(pages, 95) <= 0.05, f"{QUERIES} queries, median {percentile(pages, 50) * 1000:.1f} ms"),
            Row("history page sorted by a hyperparameter (median)", f"{percentile(by_hyperparameter, 50) * 1000:.0f} ms",
                "", None, "all completed runs, 5 pages"),
            Row(f"history leaderboard, {len(TICKERS)} tickers × 7 metrics", f"{board_took() * 1000:.0f} ms",
                "≤ 200 ms", board_took() <= 0.2, ""),
            Row(f"history CSV export of all {COUNT:,} runs", f"{exported():.2f} s", "≤ 5 s", exported() <= 5.0,
                f"{csv_mb:.0f} MB"),
            Row(f"history memory, {COUNT:,} records vs none (RSS)", f"+{more:.0f} MB", "< 300 MB", more < 300,
                f"after opening and a page of {total:,} matches; peak {full_peak / 1024:.0f} MB"),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(empty, ignore_errors=True)

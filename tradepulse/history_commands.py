"""`python main.py records ...`: the run history on the command line (list, best, export, pin, show, delete,
cleanup). The parser is built without importing the history (so that `--help` stays instant)."""

import json
import sys

from tradepulse.config import MODEL_TYPES

LIST_COLUMNS = (  # (column, header, width, format) of `records list`; run_id and status first, as before
    ("status", "status", 11, "{}"), ("time", "time", 19, "{}"), ("model", "model", 8, "{}"),
    ("tickers", "tickers", 14, "{}"), ("accuracy", "accuracy", 8, "{:.2f}"), ("f1_score", "f1", 8, "{:.2f}"),
    ("sharpe", "sharpe", 7, "{:.2f}"), ("strategy_return_pct", "return%", 8, "{:.2f}"),
    ("duration_seconds", "duration", 9, "{:.1f}s"),
)
BEST_HEADERS = {"f1_score": "f1", "accuracy": "accuracy", "roc_auc": "roc_auc", "sharpe": "sharpe",
                "strategy_return_pct": "return%", "max_drawdown_pct": "max_dd%", "win_rate_pct": "win%"}


def add_filter_options(parser) -> None:
    parser.add_argument("--model", choices=MODEL_TYPES)
    parser.add_argument("--ticker")
    parser.add_argument("--dataset", metavar="NAME", help="a dataset's file name, as recorded")
    parser.add_argument("--status", help="completed, failed, cancelled, running or interrupted")
    parser.add_argument("--days", type=float, metavar="N", help="only runs started in the last N days")
    parser.add_argument("--since", metavar="DATE", help="runs started on or after (YYYY-MM-DD[THH:MM])")
    parser.add_argument("--until", metavar="DATE", help="runs started on or before")
    parser.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                        help="lowest value of a metric, e.g. f1=55 or sharpe=0.5 (repeatable)")
    parser.add_argument("--sort", default="time", metavar="COLUMN", help="a metric or column (default: time)")
    parser.add_argument("--ascending", action="store_true", help="sort lowest first (default: highest, newest)")


def add_records_parser(commands, common, parser_class):
    """The `records` command and its actions, under the subparsers `commands`."""
    records = commands.add_parser("records", parents=[common], help="the run history: list, best, export, pin...")
    actions = records.add_subparsers(dest="action", required=True, parser_class=parser_class)
    listing = actions.add_parser("list", parents=[common], help="runs matching filters, newest first")
    add_filter_options(listing)
    listing.add_argument("--limit", type=int, default=100, help="rows to show (default 100)")
    best = actions.add_parser("best", parents=[common], help="the best completed run per ticker and metric")
    best.add_argument("--ticker")
    export = actions.add_parser("export", parents=[common], help="the filtered history as CSV, every field")
    export.add_argument("--csv", required=True, metavar="FILE")
    add_filter_options(export)
    actions.add_parser("pin", parents=[common], help="use this completed run for its model type's Predict") \
        .add_argument("run_id")
    actions.add_parser("show", parents=[common]).add_argument("run_id")
    actions.add_parser("delete", parents=[common]).add_argument("run_id")
    cleanup = actions.add_parser("cleanup", parents=[common])
    cleanup.add_argument("--keep", type=int, required=True, help="newest runs to keep per model")
    cleanup.add_argument("--model", choices=MODEL_TYPES)
    return records


def _filters(args):
    from tradepulse.history import RunFilter, parse_minimum
    from tradepulse.history.filters import sort_expression

    sort_expression(args.sort)  # an unknown column is refused before anything else
    return RunFilter(model=args.model, ticker=args.ticker, dataset=args.dataset, status=args.status,
                     since=args.since, until=args.until, days=args.days,
                     minimum=dict(parse_minimum(text) for text in args.min))


def _cell(value, width: int, form: str) -> str:
    shown = "" if value is None else form.format(value) if form != "{}" else str(value)
    return shown[:width].rjust(width) if form != "{}" else shown[:width].ljust(width)


def _list(store, args) -> None:
    from tradepulse.history import query_runs

    page = query_runs(store, _filters(args), sort=args.sort, descending=not args.ascending, limit=args.limit)
    for skipped in store.index.skipped():
        print(f"skipped {skipped.name}: {skipped.reason}", file=sys.stderr)
    if not page.rows:
        print("no runs match", file=sys.stderr)
        return
    pinned = set(store.pinned().values())
    print(" ".join([f"{'run_id':<36}", *(h.ljust(w) if f == "{}" else h.rjust(w) for _, h, w, f in LIST_COLUMNS)]))
    for row in page.rows:
        mark = "*" if row["run_id"] in pinned else ""
        print(" ".join([f"{row['run_id'] + mark:<36}", *(_cell(row[c], w, f) for c, _, w, f in LIST_COLUMNS)]))
    shown = f"{len(page.rows)} of {page.total}" if page.total > len(page.rows) else f"{page.total}"
    pins = ", * pinned for Predict" if pinned & {row["run_id"] for row in page.rows} else ""
    print(f"{shown} runs, {len(store.index.skipped())} files skipped{pins}", file=sys.stderr)


def _best(store, args) -> None:
    from tradepulse.history import leaderboard

    rows = leaderboard(store, ticker=args.ticker)
    if not rows:
        print("no completed runs" + (f" on {args.ticker}" if args.ticker else ""), file=sys.stderr)
        return
    for row in rows:
        print(f"{row.by} {row.group}")
        for metric, header in BEST_HEADERS.items():
            best = row.best.get(metric)
            if best is not None:
                print(f"  {header:<9} {best.value:>10.2f}  {best.run_id}")


def run(store, args) -> int:
    if args.action == "list":
        _list(store, args)
    elif args.action == "best":
        _best(store, args)
    elif args.action == "export":
        from tradepulse.history import export_csv

        count = export_csv(store, args.csv, _filters(args), sort=args.sort, descending=not args.ascending)
        print(f"{count} runs -> {args.csv}" if count else f"no runs match: {args.csv} holds the header only")
    elif args.action == "pin":
        model = store.pin(args.run_id)
        print(f"{args.run_id} is now {model}'s run for Predict")
    elif args.action == "show":
        print(json.dumps(store.load(args.run_id), indent=2))
    elif args.action == "delete":
        notice = store.delete(args.run_id)
        print(f"deleted {args.run_id}")
        if notice:
            print(notice, file=sys.stderr)
    elif args.action == "cleanup":
        pinned = store.pinned()
        deleted = store.cleanup(args.keep, model=args.model)
        print(f"deleted {len(deleted)} runs" + (f": {', '.join(deleted)}" if deleted else ""))
        for model, run_id in pinned.items():
            if run_id in deleted:
                print(f"run {run_id} was pinned for {model}'s Predict: unpinned", file=sys.stderr)
    return 0

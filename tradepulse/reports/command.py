"""`python main.py report RUN_ID [RUN_ID ...] --output report.html`: the evaluation report of 1 to 6 runs.

The report modules (Bokeh, scikit-learn) are imported when the command runs, so that the parser stays quick.
"""

from tradepulse.config import data_dir
from tradepulse.errors import TradePulseError


def add_parser(commands, common) -> None:
    """Register `report` on the CLI's subparsers; `common` is the parent parser that carries --data-dir."""
    report = commands.add_parser("report", parents=[common],
                                 help="write a self-contained HTML evaluation report of 1 to 6 runs")
    report.add_argument("run_ids", nargs="+", metavar="RUN_ID", help="one run, or 2 to 6 runs to compare")
    report.add_argument("--output", required=True, metavar="REPORT.html", help="the HTML file to write")


def run(args) -> int:
    from tradepulse.reports.report import write_report
    from tradepulse.storage import RecordStore

    folder = data_dir(getattr(args, "data_dir", None))
    if not folder.is_dir():  # reading must not leave an empty folder behind
        raise TradePulseError(f"no data folder at {folder}: nothing has been trained there yet")
    path = write_report(RecordStore(folder), list(args.run_ids), args.output)
    print(path)
    return 0

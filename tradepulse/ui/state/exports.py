"""The history as CSV and evaluation reports as HTML, built in a worker thread into this session's temporary
folder; the page offers the file once it is ready."""

import shutil
import tempfile
import weakref
from pathlib import Path

import param

from tradepulse.history import RunFilter, export_csv
from tradepulse.storage import RecordStore
from tradepulse.ui.state.background import Dispatch, call_now, run_in_background


class Exports(param.Parameterized):
    csv_file = param.String(None, allow_None=True, doc="The last exported history, ready to download")
    csv_name = param.String("history.csv")
    report_file = param.String(None, allow_None=True, doc="The last built report, ready to download")
    report_name = param.String("report.html")
    busy = param.Boolean(False)
    message = param.String("")

    def __init__(self, store: RecordStore, dispatch: Dispatch = call_now, **params):
        super().__init__(**params)
        self.store, self.dispatch = store, dispatch
        self._folder = Path(tempfile.mkdtemp(prefix="tradepulse-export-"))
        weakref.finalize(self, shutil.rmtree, self._folder, True)  # gone with the session

    def export(self, filters: RunFilter, sort: str = "time", descending: bool = True) -> None:
        path = self._folder / "history.csv"
        self._start(lambda: export_csv(self.store, path, filters, sort, descending),
                    lambda count: self.param.update(csv_file=str(path), message=f"{count} run(s) exported"),
                    "exporting the history", csv_file=None)

    def report(self, run_ids: list[str]) -> None:
        from tradepulse.reports.report import write_report  # Bokeh's plotting: imported by a first report

        name = f"report_{'_'.join(run_ids)}.html"
        self._start(lambda: write_report(self.store, list(run_ids), self._folder / "report.html"),
                    lambda path: self.param.update(report_file=str(path), report_name=name,
                                                   message=f"Report of {len(run_ids)} run(s) ready"),
                    "building the report", report_file=None)

    def _start(self, work, done, what: str, **cleared) -> None:
        if self.busy:
            self.message = "Wait for the file being built"
            return
        self.param.update(busy=True, message=f"{what.capitalize()}…", **cleared)

        def finished(result):
            self.busy = False
            done(result)

        def failed(message: str):
            self.param.update(busy=False, message=f"Failed {what}: {message}")

        run_in_background(work, finished, failed, self.dispatch, name=what.replace(" ", "-"))

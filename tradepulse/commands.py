"""What each CLI command does, once its arguments are parsed."""

import os
import sys
import threading

from tradepulse.config import data_dir
from tradepulse.csv_export import write_safe_csv
from tradepulse.data import read_table
from tradepulse.errors import TradePulseError
from tradepulse.interruptible import run_cancellable
from tradepulse.storage import RecordStore
from tradepulse.training.progress import Progress
from tradepulse.training.record import Status


def _store(args, create: bool = True) -> RecordStore:
    folder = data_dir(getattr(args, "data_dir", None))
    if not create and not folder.is_dir():  # reading must not leave an empty folder behind
        raise TradePulseError(f"no data folder at {folder}: nothing has been trained there yet")
    return RecordStore(folder)


def _import_keras_quietly():
    """Import Keras with TensorFlow's start-up lines (absl, oneDNN, cpu_feature_guard) kept off the terminal:
    they are written to file descriptor 2 before any log setting applies."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.stderr.flush()
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import keras  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _progress_text(progress: Progress) -> str:
    parts = [progress.stage] if progress.stage_count > 1 else []
    if progress.epochs:
        member = f"{progress.member} " if progress.member_count > 1 else ""
        parts.append(f"{member}epoch {progress.epoch}/{progress.epochs}")
    else:
        parts.append(progress.phase.value)
    if progress.loss is not None:
        parts.append(f"loss {progress.loss:.4f}")
    return " · ".join(parts)


class _ProgressBar:
    """A tqdm bar, drawn from the first progress snapshot on: a run refused before it starts (a full disk,
    say) leaves only its error line."""

    def __init__(self):
        self._bar = None

    def show(self, progress: Progress):
        if self._bar is None:
            from tqdm import tqdm

            # leave=False: the bar clears itself, so the summary or the error line stands alone.
            self._bar = tqdm(total=100, file=sys.stderr, leave=False,
                             bar_format="{l_bar}{bar}| {elapsed}<{remaining} {postfix}")
        self._bar.n = round(100 * progress.fraction)
        self._bar.set_postfix_str(_progress_text(progress), refresh=False)
        self._bar.refresh()

    def close(self):
        if self._bar is not None:
            self._bar.close()


def train(args) -> int:
    from tradepulse.cli_options import training_request
    from tradepulse.run_summary import summary_lines
    from tradepulse.training import run_training

    store = _store(args)
    request = training_request(args)
    _import_keras_quietly()
    cancel, bar = threading.Event(), _ProgressBar()
    try:  # the job stops before its next batch when cancelled, and still writes its record
        result = run_cancellable(lambda: run_training(request, store, bar.show, cancel), cancel, "train")
    finally:
        bar.close()
    path = store.path_of(result.run_id)
    if result.status is Status.COMPLETED:
        print("\n".join(summary_lines(result.record)), file=sys.stderr)
        print(path)
        return 0
    reason = f": {result.error}" if result.error else ""
    print(f"error: training {result.status.value}{reason} (record: {path})", file=sys.stderr)
    return 1 if result.status is Status.FAILED else 130


def predict(args) -> int:
    from tradepulse.predict import predict as run_predict

    store = _store(args, create=False)
    table = read_table(args.data)
    _import_keras_quietly()
    prediction = run_predict(store, table, model_name=args.model, run_id=args.run, band=args.band)
    write_safe_csv(prediction.table, args.output)  # a ticker like =HYPERLINK(...) stays text in a spreadsheet
    for note in prediction.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"{len(prediction.table)} rows predicted with run {prediction.run_id} -> {args.output}")
    return 0


def records(args) -> int:
    from tradepulse.history_commands import run as run_records

    return run_records(_store(args, create=False), args)


def serve(args) -> int:
    from tradepulse.ui.app import serve as serve_app

    serve_app(data_dir(getattr(args, "data_dir", None)), port=args.port, address=args.address, show=args.show,
              basic_auth=args.basic_auth, origins=args.allow_websocket_origin, num_procs=args.num_procs)
    return 0


def tune(args) -> int:
    from tradepulse.tuning.command import run as run_tuning

    if args.command == "tune" and not (args.workers or args.scheduler):
        _import_keras_quietly()  # trials run in this process: keep TensorFlow's start-up lines off the terminal
    return run_tuning(args)


def report(args) -> int:
    from tradepulse.reports.command import run as run_report

    return run_report(args)


def run(args) -> int:
    return {"train": train, "predict": predict, "records": records, "serve": serve, "report": report,
            "tune": tune, "studies": tune}[args.command](args)

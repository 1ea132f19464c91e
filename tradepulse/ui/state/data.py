"""Datasets loaded in one browser session: uploads, the bundled sample, the target column."""

from dataclasses import dataclass
from functools import cache

import pandas as pd
import param

from tradepulse.config import ASSETS_DIR, max_upload_bytes
from tradepulse.data import (
    ADJUSTED, MARKET, RAW, TargetMissing, check_dataset, combine_tables, detect_kind, read_table,
)
from tradepulse.data.market import market_bars
from tradepulse.data.preprocess import label_classes
from tradepulse.data.table import target_column
from tradepulse.errors import DataError, StorageError
from tradepulse.sample_data import SAMPLE_FILE_NAME
from tradepulse.storage import DatasetStore

SAMPLE_LABEL = f"{SAMPLE_FILE_NAME} (synthetic sample)"
SHOWN_TICKERS = 8  # named in the status line; more are counted


@cache
def sample_table() -> pd.DataFrame:
    """The bundled sample, read once per process and shared by every session (pandas copies on write)."""
    return read_table(ASSETS_DIR / SAMPLE_FILE_NAME)


@dataclass(frozen=True)
class LoadedDataset:
    name: str
    table: pd.DataFrame
    kind: str

    @property
    def description(self) -> str:
        rows, columns = self.table.shape
        return f"{self.name}: {rows} rows × {columns} columns, {self.kind}"


class DataState(param.Parameterized):
    datasets = param.List(default=[], item_type=LoadedDataset, doc="Loaded datasets, in the order they came")
    selected = param.ListSelector(default=[], objects=[], label="Datasets to use",
                                  doc="Used together for training: their columns must agree")
    target = param.Selector(default=None, objects=[None], allow_None=True, label="Target column",
                            doc="The column a feature table's model learns to predict")
    status = param.String("No data loaded", doc="The Data Status line")
    ready = param.Boolean(False, doc="The selected datasets can be trained on together")
    target_classes = param.List(default=[], doc="The classes to predict: up/down, or the target's values")
    problem = param.String("", doc="The latest loading problem, for a notification")
    adjusted_prices = param.Boolean(True, label="Adjusted prices",
                                    doc="Market data with an Adj Close column: scale open, high, low and close "
                                        "to split- and dividend-adjusted prices; off: the raw traded prices")
    max_upload_bytes = param.Integer(None, allow_None=True, bounds=(1, None),
                                     doc="Largest file accepted (default: the configured upload limit)")
    pending_removal = param.String("", doc="Datasets waiting for the trader to confirm their removal")
    remove_selected = param.Event(label="Remove selected")
    confirm_removal = param.Event(label="Confirm removal")

    def __init__(self, uploads: DatasetStore | None = None, **params):
        super().__init__(**params)
        self.uploads = uploads  # where uploads are kept across sessions and restarts; None: memory only
        self._pending: list[str] = []
        if self.max_upload_bytes is None:
            self.max_upload_bytes = max_upload_bytes()
        if uploads is not None:
            self._restore()

    def _restore(self) -> None:
        """Earlier uploads come back, the newest one selected: most likely what the trader works on."""
        restored, written, problems = [], {}, []
        for name in self.uploads.names():
            try:
                table = self.uploads.load(name, read_table)
                check_dataset(table, name)
                written[name] = (self.uploads.folder / name).stat().st_mtime_ns  # a re-upload counts as new
                restored.append(LoadedDataset(name, table, detect_kind(table)))
            except (DataError, OSError) as exc:
                problems.append(f"kept upload {name} is not loaded: {exc}")
        self.datasets = restored
        self.param.selected.objects = [d.name for d in restored]
        self.selected = [max(written, key=written.get)] if written else []
        self.problem = "; ".join(problems)

    def add_files(self, files: dict[str, bytes]) -> None:
        """Load uploaded files; a bad file is reported and the others (and earlier ones) are kept."""
        loaded, problems = [], []
        for name, content in files.items():
            try:
                if len(content) > self.max_upload_bytes:
                    limit = self.max_upload_bytes / 1e6
                    raise DataError(f"{name} is {len(content) / 1e6:.3g} MB, above the {limit:.3g} MB upload limit")
                table = read_table(content, name=name)
                check_dataset(table, name)  # before it is kept: a refused file stays out of the data folder
            except DataError as exc:
                problems.append(str(exc))
                continue
            if self.uploads is not None:
                try:
                    name = self.uploads.save(name, content)
                except StorageError as exc:  # usable now, but say it will not outlive the session
                    problems.append(f"{name} is loaded for this session only: {exc}")
            loaded.append(LoadedDataset(name, table, detect_kind(table)))
        self._add(loaded)
        self.problem = "; ".join(problems)

    def use_sample(self) -> None:
        table = sample_table()
        self._add([LoadedDataset(SAMPLE_LABEL, table, detect_kind(table))])
        self.problem = ""

    def _add(self, loaded: list[LoadedDataset]) -> None:
        names = {d.name for d in loaded}
        self.datasets = [d for d in self.datasets if d.name not in names] + loaded  # a re-upload replaces
        self.param.selected.objects = [d.name for d in self.datasets]
        # Newly loaded datasets become the selection: the trader just chose them. When nothing loaded
        # (every file refused), the earlier selection stays, so a bad upload never disables Train.
        self.selected = [d.name for d in loaded] or list(self.selected)

    @param.depends("remove_selected", watch=True)
    def _ask_removal(self):
        self._pending = list(self.selected)
        if self._pending:
            self.pending_removal = f"Remove {', '.join(self._pending)}? Kept uploads are deleted from the data folder."

    @param.depends("confirm_removal", watch=True)
    def _remove_pending(self):
        names, self._pending, self.pending_removal = self._pending, [], ""
        for name in names:
            self.remove(name)

    def remove(self, name: str) -> None:
        """Forget a dataset, and delete its kept upload from the data folder."""
        if self.uploads is not None and name in self.uploads.names():
            try:
                self.uploads.delete(name)
            except StorageError as exc:
                self.problem = str(exc)
                return
        self.datasets = [d for d in self.datasets if d.name != name]
        self.param.selected.objects = [d.name for d in self.datasets]
        self.selected = [n for n in self.selected if n != name]

    def chosen(self) -> list[LoadedDataset]:
        return [d for d in self.datasets if d.name in self.selected]

    def training_tables(self) -> tuple[tuple[str, pd.DataFrame], ...]:
        return tuple((d.name, d.table) for d in self.chosen())

    @property
    def prices(self) -> str:
        """build_frame's `prices` for the chosen setting: "adjusted" or "raw"."""
        return ADJUSTED if self.adjusted_prices else RAW

    def _show(self, status: str, ready: bool = False, target=None, classes=(), objects=(None,)) -> None:
        self.param.target.objects = list(objects)
        changes = dict(target_classes=list(classes), ready=ready, status=status)
        # The target only when it changed: _refresh watches it, and inside a triggered event (Remove) param
        # calls watchers for unchanged values too.
        changes.update({} if target == self.target else {"target": target})
        self.param.update(changes)

    def _market_status(self, combined: pd.DataFrame, ready: str) -> None:
        try:
            bars, notes = market_bars(combined, self.prices)
        except DataError as exc:
            self._show(f"Cannot train on this data: {exc}")
            return
        tickers = sorted(bars["ticker"].unique())  # combine_tables names every market file's ticker
        shown = ", ".join(tickers[:SHOWN_TICKERS])
        shown += f", … ({len(tickers)} tickers)" if len(tickers) > SHOWN_TICKERS else ""
        self._show("; ".join([f"{ready}, market data ({shown})", *notes]), ready=True, classes=["down", "up"])

    def _table_status(self, combined: pd.DataFrame, ready: str) -> None:
        columns = [None, *combined.columns]
        target = self.target if self.target in columns else None
        if target is None:
            try:
                target = target_column(combined, None)
            except TargetMissing:  # the engine's words name no widget; the page says where to choose
                self._show("No target column: choose the target column in the sidebar", objects=columns)
                return
        classes = [str(label) for label in label_classes(combined[target])]  # the engine's order
        self._show(f"{ready}, table data", ready=True, target=target, classes=classes, objects=columns)

    @param.depends("selected", "datasets", "target", "adjusted_prices", watch=True, on_init=True)
    def _refresh(self):
        chosen = self.chosen()
        if not chosen:
            self._show("No data loaded" if not self.datasets else "No dataset selected")
            return
        try:
            combined = combine_tables(list(self.training_tables()))
        except DataError as exc:
            self._show(f"Cannot use these together: {exc}")
            return
        ready = f"Ready: {len(chosen)} dataset(s), {len(combined)} rows"
        if {d.kind for d in chosen} == {MARKET}:
            self._market_status(combined, ready)
        else:
            self._table_status(combined, ready)

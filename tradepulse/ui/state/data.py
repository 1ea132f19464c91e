"""Datasets loaded in one browser session: uploads, the bundled sample, the target column."""

from dataclasses import dataclass

import pandas as pd
import param

from tradepulse.config import ASSETS_DIR, max_upload_bytes
from tradepulse.data import MARKET, combine_tables, detect_kind, read_table
from tradepulse.errors import DataError
from tradepulse.sample_data import SAMPLE_FILE_NAME

SAMPLE_LABEL = f"{SAMPLE_FILE_NAME} (synthetic sample)"


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
    problem = param.String("", doc="The latest loading problem, for a notification")
    max_upload_bytes = param.Integer(None, allow_None=True, bounds=(1, None),
                                     doc="Largest file accepted (default: the configured upload limit)")

    def __init__(self, **params):
        super().__init__(**params)
        if self.max_upload_bytes is None:
            self.max_upload_bytes = max_upload_bytes()

    def add_files(self, files: dict[str, bytes]) -> None:
        """Load uploaded files; a bad file is reported and the others (and earlier ones) are kept."""
        loaded, problems = [], []
        for name, content in files.items():
            try:
                if len(content) > self.max_upload_bytes:
                    limit = self.max_upload_bytes / 1e6
                    raise DataError(f"{name} is {len(content) / 1e6:.3g} MB, above the {limit:.3g} MB upload limit")
                table = read_table(content, name=name)
                loaded.append(LoadedDataset(name, table, detect_kind(table)))
            except DataError as exc:
                problems.append(str(exc))
        self._add(loaded)
        self.problem = "; ".join(problems)

    def use_sample(self) -> None:
        table = read_table(ASSETS_DIR / SAMPLE_FILE_NAME)
        self._add([LoadedDataset(SAMPLE_LABEL, table, detect_kind(table))])
        self.problem = ""

    def _add(self, loaded: list[LoadedDataset]) -> None:
        names = {d.name for d in loaded}
        self.datasets = [d for d in self.datasets if d.name not in names] + loaded  # a re-upload replaces
        self.param.selected.objects = [d.name for d in self.datasets]
        # Newly loaded datasets become the selection: the trader just chose them. When nothing loaded
        # (every file refused), the earlier selection stays, so a bad upload never disables Train.
        self.selected = [d.name for d in loaded] or list(self.selected)

    def remove(self, name: str) -> None:
        self.datasets = [d for d in self.datasets if d.name != name]
        self.param.selected.objects = [d.name for d in self.datasets]
        self.selected = [n for n in self.selected if n != name]

    def chosen(self) -> list[LoadedDataset]:
        return [d for d in self.datasets if d.name in self.selected]

    def training_tables(self) -> tuple[tuple[str, pd.DataFrame], ...]:
        return tuple((d.name, d.table) for d in self.chosen())

    @param.depends("selected", "datasets", watch=True, on_init=True)
    def _refresh(self):
        chosen = self.chosen()
        if not chosen:
            self.param.target.objects = [None]
            self.target = None
            self.status = "No data loaded" if not self.datasets else "No dataset selected"
            return
        try:
            combined = combine_tables(list(self.training_tables()))
        except DataError as exc:
            self.status = f"Cannot use these together: {exc}"
            return
        kinds = {d.kind for d in chosen}
        columns = [None] + [c for c in combined.columns if kinds != {MARKET}]
        self.param.target.objects = columns
        if self.target not in columns:
            self.target = next((c for c in columns if c and str(c).lower() == "target"), None)
        rows = len(combined)
        self.status = f"Ready: {len(chosen)} dataset(s), {rows} rows, {'/'.join(sorted(kinds))} data"

    @property
    def ready(self) -> bool:
        return self.status.startswith("Ready")

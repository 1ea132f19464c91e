"""Uploaded datasets kept in the data folder, so that an upload outlives the session and a restart."""

import os
import re
import threading
from pathlib import Path

import pandas as pd

from tradepulse.config import DATASETS_SUBDIR
from tradepulse.errors import StorageError
from tradepulse.storage.atomic import write_bytes_atomic
from tradepulse.storage.names import check_name

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def stored_name(upload_name: str) -> str:
    """A safe file name for an upload: path parts dropped, other characters folded to '_'."""
    base = Path(str(upload_name).replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    safe = _UNSAFE.sub("_", stem).strip("._-")[:100] or "dataset"
    return check_name(safe + _UNSAFE.sub("", suffix).lower(), "dataset name")


class DatasetStore:
    """<data dir>/datasets/: one file per upload name (a re-upload of a name replaces it).

    Parsed tables are cached by (name, mtime, size) and shared by every session: pandas' copy-on-write
    keeps one session's changes from reaching another's table.
    """

    def __init__(self, root: Path):
        self.folder = Path(root) / DATASETS_SUBDIR
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {self.folder}: {exc.strerror or exc}") from exc
        self._cache: dict[str, tuple[tuple, pd.DataFrame]] = {}
        self._lock = threading.Lock()

    def save(self, upload_name: str, content: bytes) -> str:
        name = stored_name(upload_name)
        write_bytes_atomic(self.folder / name, content, what="dataset")
        return name

    def names(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if p.is_file() and not p.name.startswith("."))

    def load(self, name: str, reader) -> pd.DataFrame:
        """The stored file parsed by reader(path), from the cache while the file is unchanged."""
        path = self.folder / check_name(name, "dataset name")
        info = path.stat()
        key = (info.st_mtime_ns, info.st_size)
        with self._lock:
            cached = self._cache.get(name)
        if cached and cached[0] == key:
            return cached[1]
        table = reader(path)
        with self._lock:
            self._cache[name] = (key, table)
        return table

    def delete(self, name: str) -> None:
        try:
            (self.folder / check_name(name, "dataset name")).unlink()
        except FileNotFoundError:
            raise StorageError(f"no stored dataset {name!r}") from None
        with self._lock:
            self._cache.pop(name, None)

"""File and folder names of the data folder, and the check every user-controlled name passes."""

import os
import re
from pathlib import Path

from tradepulse.config import DATASETS_SUBDIR, MODELS_SUBDIR
from tradepulse.errors import StorageError

RECORD_SUFFIX = ".json"
OWN_SUBDIRS = (MODELS_SUBDIR, DATASETS_SUBDIR)  # the app's folders beside the records, never "skipped"
RUN_ID_TIME_FORMAT = "%Y%m%d_%H%M%S"
MODEL_TMP_PREFIX = ".tmp-"  # hidden, so a half-written model folder is never taken for a saved one
MAX_MODEL_NAME = 100  # leaves room for "_YYYYmmdd_HHMMSS_N" within the 128 characters of a run id

# fullmatch, not "$": "$" would also accept a trailing newline.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")

__all__ = [
    "MAX_MODEL_NAME",
    "MODELS_SUBDIR",
    "MODEL_TMP_PREFIX",
    "OWN_SUBDIRS",
    "RECORD_SUFFIX",
    "RUN_ID_TIME_FORMAT",
    "check_name",
    "is_inside",
]


def check_name(value: str, what: str = "name") -> str:
    """Return `value` if it is safe as a single file name, else raise StorageError.

    Allowed: a letter or digit, then up to 127 letters, digits, "_", "." or "-", without "..".
    This rules out separators, absolute paths, NUL bytes, hidden names and the empty string.
    """
    if not isinstance(value, str) or not _NAME.fullmatch(value) or ".." in value:
        raise StorageError(f"invalid {what}: {value!r}")
    return value


def is_inside(path: str | os.PathLike, real_root: Path) -> bool:
    """Whether `path`, with every symlink followed, lies in `real_root` (already resolved)."""
    # realpath, not Path.resolve: on Python 3.11 resolve raises on a symlink loop.
    return Path(os.path.realpath(path)).is_relative_to(real_root)

"""Crash-safe JSON writes: temp file in the same folder, fsync, then an atomic rename or link."""

import contextlib
import json
import math
import numbers
import os
import tempfile
from pathlib import Path

from tradepulse.errors import StorageError


def write_json_atomic(path: Path, data, *, overwrite: bool = True) -> Path:
    """Write `data` as JSON to `path` so that readers see the old file or the whole new one.

    NaN and infinities become null (JSON has no such numbers, and a metric that diverged should not
    make the whole record unsaveable). NumPy scalars are written as plain numbers.
    With overwrite=False an existing `path` is never replaced: FileExistsError is raised instead.
    Any other OSError becomes a StorageError with a one-line message; no partial file is left.
    """
    text = json.dumps(_json_safe(data), indent=2, allow_nan=False)
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes_atomic(path: Path, content: bytes, *, overwrite: bool = True, what: str = "record") -> Path:
    """Write `content` to `path` atomically: temp file in the same folder, fsync, then replace or link."""
    path = Path(path)
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}", suffix=".tmp")
    except OSError as exc:
        raise _write_error(folder, exc, what) from exc
    published = linked = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
            published = True
        else:
            # link() fails if `path` exists, atomically: two writers can never both win one name.
            os.link(tmp, path)
            linked = True
        fsync_dir(folder)
    except FileExistsError:
        raise
    except OSError as exc:
        if linked:
            # The new name is ours alone (link() is exclusive): take it back, so that an error
            # means "nothing was saved" and no caller is left with a record it was never told of.
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise _write_error(folder, exc, what) from exc
    finally:
        # Only replace() consumes the temp name; after link() it is a second name for the record.
        if not published:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def fsync_dir(folder: Path) -> None:
    """Make a rename or link inside `folder` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe_os_error(exc: OSError) -> str:
    """The human part of an OSError ("No space left on device"), without errno or paths."""
    if exc.strerror:
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


def _write_error(folder: Path, exc: OSError, what: str) -> StorageError:
    return StorageError(f"cannot write {what} to {folder}: {describe_os_error(exc)}")


def _json_safe(value):
    """Copy of `value` with non-finite floats as None and NumPy scalars as Python numbers."""
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    if isinstance(value, (bool, str)) or value is None:
        return value
    # NumPy registers its scalar types with the numbers ABCs, so no NumPy import is needed here.
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    return value

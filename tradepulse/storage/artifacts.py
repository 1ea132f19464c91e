"""Saved-model folders, published atomically: written under a hidden temp name, then renamed."""

import os
import shutil
import tempfile
from pathlib import Path

from tradepulse.errors import StorageError
from tradepulse.storage.atomic import describe_os_error, fsync_dir
from tradepulse.storage.names import MODEL_TMP_PREFIX


class ModelFolderWriter:
    """Context manager yielding a temp folder that becomes `final` only if the block succeeds.

    Use through RecordStore.open_model_dir(run_id). The temp folder sits next to `final` (one
    filesystem, so the rename is atomic) and is hidden, so a half-written model is never listed.
    An existing saved model is never replaced.
    """

    def __init__(self, final: Path):
        self.final = Path(final)
        self.tmp_dir: Path | None = None

    def __enter__(self) -> Path:
        parent = self.final.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.tmp_dir = Path(
                tempfile.mkdtemp(dir=parent, prefix=f"{MODEL_TMP_PREFIX}{self.final.name}-")
            )
        except OSError as exc:
            raise self._error(exc) from exc
        return self.tmp_dir

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if exc_type is not None:
            shutil.rmtree(self.tmp_dir, ignore_errors=True)
            return False
        renamed = False
        try:
            _fsync_files(self.tmp_dir)
            if os.path.lexists(self.final):
                raise StorageError(f"a saved model for run {self.final.name!r} already exists")
            # rename() would replace an existing empty folder, hence the check; a racing writer's
            # folder is not empty, and rename() refuses to replace that.
            os.rename(self.tmp_dir, self.final)
            renamed = True
            fsync_dir(self.final.parent)
        except OSError as exc:
            if renamed:  # an error means "no saved model": take back the folder we just published
                shutil.rmtree(self.final, ignore_errors=True)
            raise self._error(exc) from exc
        finally:
            if self.tmp_dir.exists():
                shutil.rmtree(self.tmp_dir, ignore_errors=True)
        return False

    def _error(self, exc: OSError) -> StorageError:
        return StorageError(f"cannot save model to {self.final.parent}: {describe_os_error(exc)}")


def _fsync_files(folder: Path) -> None:
    """Flush every file the caller wrote, so the published folder survives a power cut whole."""
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))

"""Simulated storage failures: a full disk or a read-only folder, at a chosen system call.

Tests run as root, for whom chmod does not stop writes, so the failing calls are patched instead.
The patches fail only what a real full or read-only disk would fail: creating, writing, flushing and
renaming; reading and listing keep working.
"""

import errno
import os
import stat

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # "No space left on device"
EROFS = OSError(errno.EROFS, os.strerror(errno.EROFS))  # "Read-only file system"
STEPS = ("create", "write", "fsync_file", "publish", "fsync_dir")


class _FullFile:
    """A file object whose writes fail, as on a full disk; closing still works."""

    def __init__(self, handle, error):
        self._handle, self._error = handle, error

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._handle.close()

    def write(self, _data):
        raise self._error

    def __getattr__(self, name):
        return getattr(self._handle, name)


class Faults:
    """Break one step of every write (optionally only under `where`); `heal()` undoes it all."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def heal(self):
        self._monkeypatch.undo()

    def fail(self, step: str, error: OSError, where: str | None = None):
        mp, real = self._monkeypatch, {n: getattr(os, n) for n in ("open", "mkdir", "fdopen", "fsync", "link",
                                                                  "replace", "rename")}

        def here(path) -> bool:
            return where is None or str(where) in os.fsdecode(path)

        if step == "create":
            def open_(path, flags, *args, **kwargs):
                if flags & os.O_CREAT and here(path):
                    raise error
                return real["open"](path, flags, *args, **kwargs)

            def mkdir(path, *args, **kwargs):
                if here(path):
                    raise error
                return real["mkdir"](path, *args, **kwargs)

            mp.setattr(os, "open", open_)
            mp.setattr(os, "mkdir", mkdir)
        elif step == "write":
            mp.setattr(os, "fdopen", lambda *a, **k: _FullFile(real["fdopen"](*a, **k), error))
        elif step in ("fsync_file", "fsync_dir"):
            want_dir = step == "fsync_dir"

            def fsync(fd):
                if stat.S_ISDIR(os.fstat(fd).st_mode) == want_dir:
                    raise error
                return real["fsync"](fd)

            mp.setattr(os, "fsync", fsync)
        elif step == "publish":
            for name in ("link", "replace", "rename"):
                def publish(src, dst, *args, _call=real[name], **kwargs):
                    if here(dst):
                        raise error
                    return _call(src, dst, *args, **kwargs)

                mp.setattr(os, name, publish)
        else:
            raise ValueError(step)

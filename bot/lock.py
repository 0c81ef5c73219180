"""One ``marsad run`` per data dir: an exclusive ``fcntl`` lock on ``DATA_DIR/marsad.lock``.

Two bots on one database would send every alert twice. The lock is held by the
open file, so the kernel drops it when the process dies, however it dies: no
stale lock file to clean up after a crash. The file holds the owner's pid, for
the message the second instance prints.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from bot.errors import MarsadError

LOCK_NAME = "marsad.lock"


class AlreadyRunning(MarsadError):
    """Another process holds the data dir's lock."""


class DataDirUnusable(MarsadError):
    """The data dir cannot hold the lock file (read-only, or not a folder)."""


class DataDirLock:
    """``with DataDirLock(data_dir):`` holds the lock for the block, or raises AlreadyRunning."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only data dir, or a file in its place: one line, exit 1
            raise DataDirUnusable(
                f"cannot write the lock file {self.path}: {exc.strerror}; the data dir must be a writable folder"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {owner})" if owner.isdigit() else ""
            raise AlreadyRunning(
                f"another marsad is already running on data dir {self.path.parent}{who}; stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the lock
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

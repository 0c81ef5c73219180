"""Names renamed into a folder, from Linux inotify's ``IN_MOVED_TO``.

A file renamed into the inbox is complete, so it can be taken at once; a file
written in place must settle first. watchfiles reports both as "added" (and folds
the writes of a quick copy into that same event), so it cannot tell them apart:
this watcher asks the kernel for rename-ins alone. Where inotify is unavailable
(not Linux, no libc, the watch limit reached) :meth:`MoveWatcher.start` returns
False and every file settles, as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import struct
from pathlib import Path

logger = logging.getLogger(__name__)

IN_MOVED_TO = 0x00000080
IN_ISDIR = 0x40000000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = getattr(os, "O_CLOEXEC", 0o2000000)
_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of NUL-padded name


class MoveWatcher:
    """``start()``, then ``names()`` whenever ``fileno()`` is readable; ``close()`` at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None

    def start(self) -> bool:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            init, add = libc.inotify_init1, libc.inotify_add_watch
        except (OSError, AttributeError):
            return False
        fd = init(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            return False
        if add(fd, os.fsencode(self.folder), IN_MOVED_TO | IN_ONLYDIR) < 0:
            reason = os.strerror(ctypes.get_errno())
            logger.info("rename events unavailable for %s (%s): renamed files settle too", self.folder, reason)
            os.close(fd)
            return False
        self._fd = fd
        return True

    @property
    def started(self) -> bool:
        return self._fd is not None

    def fileno(self) -> int:
        if self._fd is None:
            raise ValueError("MoveWatcher not started")
        return self._fd

    def names(self) -> list[str]:
        """The names renamed into the folder since the last call (files only, in order)."""
        if self._fd is None:
            return []
        found: list[str] = []
        while True:
            try:
                data = os.read(self._fd, 64 * 1024)
            except BlockingIOError:
                return found
            if not data:
                return found
            offset = 0
            while offset + _HEADER.size <= len(data):
                _wd, mask, _cookie, length = _HEADER.unpack_from(data, offset)
                raw = data[offset + _HEADER.size : offset + _HEADER.size + length]
                offset += _HEADER.size + length
                # On IN_Q_OVERFLOW the kernel dropped events: the files they named simply settle.
                if mask & IN_MOVED_TO and not mask & IN_ISDIR:
                    found.append(os.fsdecode(raw.rstrip(b"\0")))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

"""Reading files that others put in the bot's way, without being tricked into reading something else.

Two strictnesses, one primitive (:func:`read_regular`):

- **Inbox entries** (anyone who can write to the inbox chose them): never a link (``O_NOFOLLOW``, and the entry is
  classified with ``lstat`` before anything is opened), only a regular file with one name (a second hard link may
  live outside the inbox), checked again on the opened descriptor with ``fstat``.
- **Named files** (``--config``, ``MARSAD_FEEDS``, ``marsad feeds import FILE``, ``marsad analyze|ingest PATH``: the
  operator named them, so a link is followed) must still be regular files of bounded size: a FIFO cannot block the
  bot (``O_NONBLOCK``, and it is refused before it is opened), a device such as ``/dev/zero`` is never read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

__all__ = ["FileRefused", "describe", "read_regular"]

_CHUNK = 1 << 16


class FileRefused(ValueError):
    """The path is not a regular file the bot may read; the message says what it is instead."""


def describe(mode: int) -> str:
    """What a non-regular file is, in the words of a refusal note."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link (links are never followed in the inbox)"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
        (stat.S_ISCHR, "a character device, not a file"),
        (stat.S_ISBLK, "a block device, not a file"),
        (stat.S_ISSOCK, "a socket, not a file"),
    )
    for test, words in kinds:
        if test(mode):
            return words
    return "not a regular file"


def _flags(follow: bool) -> int:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    return flags if follow else flags | getattr(os, "O_NOFOLLOW", 0)


def read_regular(
    path: Path | str,
    *,
    max_bytes: int,
    follow: bool = True,
    check: Callable[[os.stat_result], None] | None = None,
    what: str = "file",
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its ``fstat``, or :class:`FileRefused` saying why not.

    ``follow=False`` refuses a link as the last component. ``check`` may raise FileRefused after looking at the
    opened file's ``fstat`` (owner, link count). Other failures raise ``OSError`` as ``open`` would.
    """
    before = os.stat(path, follow_symlinks=follow)
    if not stat.S_ISREG(before.st_mode):  # refused before opening: opening a device or a FIFO can have effects
        raise FileRefused(describe(before.st_mode))
    try:
        fd = os.open(path, _flags(follow))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:  # swapped for a link between the lstat and the open
            raise FileRefused(describe(stat.S_IFLNK)) from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped between the stat and the open
            raise FileRefused(describe(opened.st_mode))
        if check is not None:
            check(opened)
        if opened.st_size > max_bytes:
            raise FileRefused(f"{what} too large ({opened.st_size / 1e6:.1f} MB; at most {max_bytes // 2**20} MB)")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # it grew while being read
            raise FileRefused(f"{what} too large (more than {max_bytes // 2**20} MB)")
        return b"".join(chunks), opened
    finally:
        os.close(fd)

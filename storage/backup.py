"""A consistent copy of the database while the bot keeps running (SQLite's online backup API).

Copying ``marsad.db`` with ``cp`` while ``marsad run`` writes can catch a torn
page or miss what still sits in the WAL file; ``sqlite3.Connection.backup`` copies
page by page under SQLite's own locking and yields a database that opens on its
own. The copy is written beside its target under a temporary name and renamed,
so a failed backup never leaves a half-written file where a good one is expected.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from bot.errors import StorageError

DATABASE_NAME = "marsad.db"


def backup_target(path: Path) -> Path:
    """Where a backup to ``path`` goes: a ``.db``/``.sqlite`` file as named, or ``path/marsad.db`` (a data dir)."""
    if path.suffix in (".db", ".sqlite", ".sqlite3") and not path.is_dir():
        return path
    return path / DATABASE_NAME


def backup_database(source: Path, target: Path, *, pages: int = 1024) -> Path:
    """Copy the database ``source`` into ``target`` (which must not exist yet); return ``target``."""
    if not source.is_file():
        raise StorageError(f"no database at {source}")
    if target.exists():
        raise StorageError(f"{target} already exists; choose a new path")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(str(source), timeout=30)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst, pages=pages)
                # A self-contained file: no WAL beside it, whatever mode the source used.
                dst.execute("PRAGMA journal_mode=DELETE")
                check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise StorageError(f"backup of {source} failed its integrity check: {check}")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise StorageError(f"backup of {source} failed: {exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target

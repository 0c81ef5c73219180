"""Where the sample reports shipped with Marsad live (a checkout, or an installed package)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

SUFFIXES = (".txt", ".md", ".json", ".html")


def seeds_dir() -> Path | None:
    candidates = (
        Path(__file__).resolve().parent.parent / "seeds",  # a checkout or an editable install
        Path(sys.prefix) / "share" / "marsad" / "seeds",  # pip install .
        Path.cwd() / "seeds",
    )
    return next((p for p in candidates if p.is_dir()), None)


def seed_files() -> list[Path]:
    folder = seeds_dir()
    if folder is None:
        return []
    return [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in SUFFIXES and not path.name.startswith(".")
    ]


def copy_seeds(inbox: Path, *, is_stored: Callable[[Path], bool] | None = None) -> list[Path]:
    """Copy the sample reports into the inbox (``marsad run --demo``); return the copies.

    Samples ``is_stored`` says are already in the database are not copied: they would
    only be recognised and set aside, and a second demo would show nothing.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in seed_files():
        if is_stored is None or not is_stored(path):
            # Copy under a temporary name, then rename: the watcher takes only complete files.
            tmp = inbox / f".{path.name}.part"
            shutil.copyfile(path, tmp)
            target = inbox / f"demo-{path.name}"
            tmp.replace(target)
            copied.append(target)
    return copied

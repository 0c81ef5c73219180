"""Where the sample reports shipped with Marsad live (a checkout, or an installed package)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def seeds_dir() -> Path | None:
    candidates = (
        Path(__file__).resolve().parent.parent / "seeds",  # a checkout or an editable install
        Path(sys.prefix) / "share" / "marsad" / "seeds",  # pip install .
        Path.cwd() / "seeds",
    )
    return next((p for p in candidates if p.is_dir()), None)


def copy_seeds(inbox: Path) -> list[Path]:
    """Copy the sample reports into the inbox (``marsad run --demo``); return the copies."""
    folder = seeds_dir()
    if folder is None:
        return []
    inbox.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".txt", ".md", ".json", ".html") and not path.name.startswith("."):
            # Copy under a temporary name, then rename: the watcher takes only complete files.
            tmp = inbox / f".{path.name}.part"
            shutil.copyfile(path, tmp)
            target = inbox / f"demo-{path.name}"
            tmp.replace(target)
            copied.append(target)
    return copied

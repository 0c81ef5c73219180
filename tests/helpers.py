"""Small builders for tests: reports and analyses written out in full."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from bot.models import Analysis, Event, Place, RawReport

ROOT = Path(__file__).resolve().parents[1]

IDLIB = Place("Idlib", "إدلب", "Idlib", "SY07", 35.93, 36.63, level="governorate")
MAARAT = Place("Maarat al-Numan", "معرة النعمان", "Idlib", "C4165", 35.64, 36.67)


def raw(text: str, title: str | None = None, *, source: str = "test", url: str | None = None) -> RawReport:
    return RawReport(text=text, title=title, source=source, url=url)


def analysis(*events: Event, language: str = "ar", title: str = "t", summary: str = "s") -> Analysis:
    return Analysis(language=language, title=title, summary=summary, events=tuple(events))


# The keys of one event in `marsad analyze --json`, as CONTRACT.md lists them.
EVENT_KEYS = frozenset(
    {"type", "location", "killed", "injured", "killed_children", "killed_women", "actors", "evidence"}
)


def load_script(relative: str) -> ModuleType:
    """A script or bench of the repository (``scripts/…``, ``bench/…``: files, not a package) loaded as a module for
    its tests, registered under a private name so that dataclasses and pickles inside it resolve."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module

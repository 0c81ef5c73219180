"""The inbox folder: report files dropped in become reports, each exactly once.

A file is taken once it is complete: its size and modification time have not
changed for ``settle`` seconds (a file renamed into the folder is complete at
once, and settles immediately). Hidden and temporary names (``.x``, ``*.part``,
``*.tmp``) are left alone, so writers can write then rename. A taken file moves
to ``processed/``; one that cannot be read moves to ``failed/`` beside a note
saying why. Exactly-once across restarts rests on the report's content hash: a
file taken again after a crash is recognised and only moved.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot import metrics
from bot.errors import ReportFileError
from bot.pipeline import IngestResult, Pipeline
from bot.sources.decode import read_report

logger = logging.getLogger(__name__)

FAILED = "failed"
PROCESSED = "processed"
_TEMPORARY = (".part", ".tmp", ".crdownload", ".swp", ".partial")


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    result: IngestResult | None  # None when the file went to failed/
    error: str | None = None


def _is_candidate(path: Path) -> bool:
    name = path.name
    return path.is_file() and not name.startswith((".", "~")) and not name.endswith(_TEMPORARY)


def _unique(target: Path) -> Path:
    if not target.exists():
        return target
    for n in range(1, 10_000):
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OSError(f"too many files named {target.name}")


class Inbox:
    def __init__(
        self,
        folder: Path,
        pipeline: Pipeline,
        *,
        settle: float = 2.0,
        on_ingested: Callable[[IngestResult], None] | None = None,
    ) -> None:
        self.folder = folder
        self.pipeline = pipeline
        self.settle = settle
        self.on_ingested = on_ingested
        self.heartbeat = 0.0
        self._seen: dict[Path, tuple[int, int, float]] = {}  # path -> (size, mtime_ns, first seen unchanged)
        self._ignored: set[Path] = set()  # entries already reported as not reports
        self._stuck: dict[Path, tuple[int, int]] = {}  # taken but not movable (read-only inbox): (size, mtime_ns)

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for sub in (FAILED, PROCESSED):
            try:
                (self.folder / sub).mkdir(exist_ok=True)
            except OSError as exc:  # a read-only inbox is still read; its files stay where they are
                logger.warning("cannot create %s: %s; files will be left in the inbox", self.folder / sub, exc)

    def ready_files(self, *, now: float | None = None) -> list[Path]:
        """Files that have stopped changing, oldest first."""
        now = time.monotonic() if now is None else now
        ready: list[tuple[float, Path]] = []
        current: dict[Path, tuple[int, int, float]] = {}
        try:
            entries = list(self.folder.iterdir())
        except FileNotFoundError:
            self.prepare()
            return []
        for path in entries:
            try:
                if not _is_candidate(path):
                    self._note_ignored(path)
                    continue
                stat = path.stat()
            except OSError:
                continue
            key = (stat.st_size, stat.st_mtime_ns)
            if self._stuck.get(path) == key:
                continue  # taken already and could not be moved: not again, unless it changes
            previous = self._seen.get(path)
            since = previous[2] if previous and previous[:2] == key else now
            current[path] = (*key, since)
            age = time.time() - stat.st_mtime
            if now - since >= self.settle or age >= self.settle:
                ready.append((stat.st_mtime, path))
        self._seen = current
        present = set(entries)
        self._stuck = {p: k for p, k in self._stuck.items() if p in present}
        return [p for _, p in sorted(ready)]

    def take(self, path: Path) -> Outcome:
        """Ingest one file and move it out of the way. Blocking."""
        try:
            raw = read_report(path)
        except ReportFileError as exc:
            self._quarantine(path, str(exc))
            metrics.REPORTS_INGESTED.labels(source="inbox", outcome="failed").inc()
            return Outcome(path, None, str(exc))
        result = self.pipeline.ingest(raw)
        self._move(path, self.folder / PROCESSED / datetime.now(UTC).strftime("%Y-%m-%d"))
        if self.on_ingested is not None:
            self.on_ingested(result)
        return Outcome(path, result)

    def scan_once(self) -> list[Outcome]:
        """Take every complete file now. Blocking: the app runs it in a thread."""
        outcomes = []
        started = time.perf_counter()
        for path in self.ready_files():
            try:
                outcomes.append(self.take(path))
            except Exception as exc:  # one bad file must never stop the others
                logger.exception("could not process %s", path)
                self._quarantine(path, f"internal error: {type(exc).__name__}: {exc}")
                metrics.REPORTS_INGESTED.labels(source="inbox", outcome="failed").inc()
                outcomes.append(Outcome(path, None, str(exc)))
            self._seen.pop(path, None)
        metrics.POLL_DURATION.labels(source="inbox").observe(time.perf_counter() - started)
        self.heartbeat = time.time()
        return outcomes

    def _note_ignored(self, path: Path) -> None:
        """Say once why an entry that looks like a drop is left alone (a folder, a broken link)."""
        name = path.name
        if name in (FAILED, PROCESSED) or name.startswith((".", "~")) or name.endswith(_TEMPORARY):
            return
        if path in self._ignored:
            return
        if path.is_dir():
            reason = "a folder (put report files in the inbox itself)"
        elif path.is_symlink() and not path.exists():
            reason = "a link to a file that does not exist"
        else:
            return
        self._ignored.add(path)
        logger.warning("inbox: ignoring %s: %s", name, reason)

    def _move(self, path: Path, folder: Path) -> Path | None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return Path(shutil.move(str(path), _unique(folder / path.name)))
        except OSError as exc:
            logger.error("cannot move %s to %s: %s; leaving it in the inbox", path, folder, exc)
            try:
                stat = path.stat()
                self._stuck[path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                pass
            return None

    def _quarantine(self, path: Path, reason: str) -> None:
        if not path.exists():
            return
        target = self._move(path, self.folder / FAILED)
        if target is not None:
            target.with_name(target.name + ".error.txt").write_text(
                f"{reason}\n(file: {path.name}, at {datetime.now(UTC).isoformat(timespec='seconds')})\n",
                encoding="utf-8",
            )
        logger.warning("inbox file %s moved to failed/: %s", path.name, reason)

    async def run(self, stop: asyncio.Event, *, interval: float = 1.0) -> None:
        """Scan at start, then on every file-system event and at least every ``interval`` seconds."""
        self.prepare()
        changes = asyncio.Event()
        watcher = asyncio.create_task(self._watch(changes, stop), name="inbox-watch")
        try:
            while not stop.is_set():
                await asyncio.to_thread(self.scan_once)
                changes.clear()
                waiters = [asyncio.ensure_future(changes.wait()), asyncio.ensure_future(stop.wait())]
                await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)

    async def _watch(self, changes: asyncio.Event, stop: asyncio.Event) -> None:
        """File-system events wake the scanner early; without them, polling still works."""
        try:
            from watchfiles import awatch
        except ImportError:  # pragma: no cover - watchfiles is a dependency
            return
        try:
            async for _ in awatch(self.folder, stop_event=stop, recursive=False, debounce=200, step=50):
                changes.set()
        except Exception:
            logger.warning("file-system events unavailable for %s: polling instead", self.folder, exc_info=True)

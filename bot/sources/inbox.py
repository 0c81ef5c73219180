"""The inbox folder: report files dropped in become reports, each exactly once.

A file is taken once it is complete: renamed into the folder (the kernel's
rename event, bot/sources/moves.py: taken at once), or written in place and then
unchanged for ``settle`` seconds. Hidden and temporary names (``.x``, ``*.part``,
``*.tmp``) are left alone, so writers can write then rename. A file taken before
its writer was done is followed, and its report completed (``_follow_up``). A taken file moves
to ``processed/``; one that cannot be read moves to ``failed/`` beside a note
saying why. Exactly-once across restarts rests on the report's content hash: a
file taken again after a crash is recognised and only moved.

Whoever can write to the inbox chooses what is in it, so nothing there is
trusted (bot/safe_files.py): an entry is classified with ``lstat`` before
anything is opened; a symbolic link, a FIFO, a device or a socket is moved to
``failed/`` as it is (a link is moved, never its target) without being read; a
regular file is opened with ``O_NOFOLLOW`` and checked again with ``fstat``, and
refused when it has a second name (a hard link may live outside the inbox) or,
in a world-writable inbox, when another user owns it. ``processed/`` and
``failed/`` must be real folders, never links, and notes are created, never
written through an existing name.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import shutil
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot import metrics
from bot.errors import ReportFileError
from bot.models import RawReport, ReportId
from bot.pipeline import IngestResult, Pipeline
from bot.safe_files import FileRefused, describe
from bot.sources.decode import MAX_REPORT_BYTES, parse_report, read_report
from bot.sources.moves import MoveWatcher

logger = logging.getLogger(__name__)

FAILED = "failed"
PROCESSED = "processed"
_TEMPORARY = (".part", ".tmp", ".crdownload", ".swp", ".partial")
NOTE_SUFFIX = ".error.txt"
MAX_FOLLOWED = 256  # taken files followed at once (each holds a descriptor); the oldest is let go first
_PIN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
FOLLOW_SECONDS = 600.0  # a taken file is watched this long after its last change, in case its writer was not done


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    result: IngestResult | None  # None when the file went to failed/
    error: str | None = None
    completed: bool = False  # a file taken before its writer finished: its report now has the full text


@dataclass(slots=True)
class _Follow:
    """A taken file, watched in case its writer was not done (see ``Inbox._follow_up``).

    The open descriptor pins the very file that was read: it is read again through it, wherever the file is moved,
    and a new file given its name (the inode number may be reused) is never mistaken for it.
    """

    path: Path  # where it was moved: processed/… or failed/
    fd: int
    read: tuple[int, int]  # (size, mtime_ns) of the content last read
    report_id: ReportId | None  # None: it went to failed/ (or was a known report), and is ingested if it changes
    seen: tuple[int, int]  # (size, mtime_ns) last seen
    since: float  # monotonic time ``seen`` was first seen


def _is_drop_name(name: str) -> bool:
    """A name a writer means as a report (hidden and temporary names are work in progress)."""
    return name not in (FAILED, PROCESSED) and not name.startswith((".", "~")) and not name.endswith(_TEMPORARY)


def _free(target: Path) -> bool:
    note = target.with_name(target.name + NOTE_SUFFIX)
    return not os.path.lexists(target) and not os.path.lexists(note)


def _unique(target: Path) -> Path:
    if _free(target):
        return target
    for n in range(1, 10_000):
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        if _free(candidate):
            return candidate
    raise OSError(f"too many files named {target.name}")


def _pread_all(fd: int, limit: int) -> bytes:
    """The whole file behind ``fd`` from its start, at most ``limit`` bytes (FileRefused beyond)."""
    chunks: list[bytes] = []
    offset = 0
    while offset <= limit:
        chunk = os.pread(fd, 1 << 16, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)
    raise FileRefused(f"file too large (more than {limit // 2**20} MB)")


def _same_file(path: Path, info: os.stat_result) -> bool:
    try:
        here = os.lstat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (info.st_dev, info.st_ino)


def _real_folder(folder: Path) -> Path:
    """``folder``, created if missing; refused when it is a link or not a folder (files must stay in the inbox)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder)
    mode = os.lstat(folder).st_mode
    if not stat.S_ISDIR(mode):
        raise OSError(errno.ENOTDIR, f"{describe(mode)}, not a real folder", str(folder))
    return folder


def _not_a_file(path: Path, mode: int) -> str:
    """The refusal note for a non-regular entry; a link's target is named (read from the link, not followed)."""
    if stat.S_ISLNK(mode):
        try:
            return f"a symbolic link to {os.readlink(path)} (links are never followed in the inbox)"
        except OSError:
            pass
    return describe(mode)


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
        self._renamed: set[Path] = set()  # renamed into the inbox (complete): taken without settling
        self._renamed_lock = threading.Lock()  # filled on the event loop, read by the scanning thread
        self._following: dict[Path, _Follow] = {}  # taken files, in case they are still being written
        self.follow_for = max(FOLLOW_SECONDS, 10 * settle)  # how long after its last change a taken file is watched

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for sub in (FAILED, PROCESSED):
            try:
                (self.folder / sub).mkdir(exist_ok=True)
            except OSError as exc:  # a read-only inbox is still read; its files stay where they are
                logger.warning("cannot create %s: %s; files will be left in the inbox", self.folder / sub, exc)

    def ready_files(self, *, now: float | None = None) -> list[Path]:
        """Entries to take now, oldest first: regular files that stopped changing, and anything else that is
        not a folder (a link, a FIFO, a device), which is refused at once without being opened."""
        now = time.monotonic() if now is None else now
        ready: list[tuple[float, Path]] = []
        current: dict[Path, tuple[int, int, float]] = {}
        with self._renamed_lock:
            renamed = set(self._renamed)
        try:
            entries = list(self.folder.iterdir())
        except FileNotFoundError:
            self.prepare()
            return []
        for path in entries:
            if not _is_drop_name(path.name):
                continue
            try:
                info = os.lstat(path)  # never follows a link
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                self._note_ignored(path)
                continue
            key = (info.st_size, info.st_mtime_ns)
            if self._stuck.get(path) == key:
                continue  # taken already and could not be moved: not again, unless it changes
            if not stat.S_ISREG(info.st_mode):
                ready.append((0.0, path))  # refused at once: nothing to wait for, nothing to read
                continue
            previous = self._seen.get(path)
            since = previous[2] if previous and previous[:2] == key else now
            current[path] = (*key, since)
            age = time.time() - info.st_mtime
            if path in renamed or now - since >= self.settle or age >= self.settle:
                ready.append((info.st_mtime, path))
        self._seen = current
        present = set(entries)
        with self._renamed_lock:  # taken now, or gone: a later write in place settles like any other
            self._renamed -= renamed
        self._stuck = {p: k for p, k in self._stuck.items() if p in present}
        return [p for _, p in sorted(ready)]

    def take(self, path: Path) -> Outcome:
        """Ingest one file and move it out of the way. Blocking."""
        opened: list[os.stat_result] = []
        try:
            raw = self._read(path, opened)
        except ReportFileError as exc:
            target = self._quarantine(path, str(exc))
            self._follow(target, opened, None)
            metrics.REPORTS_INGESTED.labels(source="inbox", outcome="failed").inc()
            return Outcome(path, None, str(exc))
        result = self.pipeline.ingest(raw)
        target = self._move(path, self.folder / PROCESSED / datetime.now(UTC).strftime("%Y-%m-%d"))
        self._follow(target, opened, result.report_id if result.created else None)
        if self.on_ingested is not None:
            self.on_ingested(result)
        return Outcome(path, result)

    def _read(self, path: Path, opened: list[os.stat_result] | None = None) -> RawReport:
        """The report in ``path``, read only when it is a regular file of the inbox's own (module docstring).

        ``opened`` receives the ``fstat`` of the file as it was opened: what was read, to tell later growth by.
        """
        try:
            mode = os.lstat(path).st_mode
        except OSError as exc:
            raise ReportFileError(f"cannot read file: {exc.strerror}") from None
        if not stat.S_ISREG(mode):
            raise ReportFileError(_not_a_file(path, mode))

        def check(info: os.stat_result) -> None:
            if opened is not None:
                opened.append(info)
            self._check_opened(info)

        return read_report(path, follow=False, check=check)

    def _follow(self, target: Path | None, opened: list[os.stat_result], report_id: ReportId | None) -> None:
        """Watch a taken file where it now is: a writer that paused longer than the settle time may go on."""
        if target is None or not opened:
            return
        read = opened[0]
        try:
            fd = os.open(target, _PIN_FLAGS)
        except OSError:
            return
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (read.st_dev, read.st_ino):  # swapped in the meantime: not ours
            os.close(fd)
            return
        self._unfollow(target)
        while len(self._following) >= MAX_FOLLOWED:
            self._unfollow(next(iter(self._following)))  # the oldest
        key = (read.st_size, read.st_mtime_ns)
        self._following[target] = _Follow(target, fd, key, report_id, key, time.monotonic())

    def _unfollow(self, path: Path) -> None:
        follow = self._following.pop(path, None)
        if follow is not None:
            os.close(follow.fd)

    def close(self) -> None:
        """Stop following taken files (their descriptors are closed)."""
        for path in list(self._following):
            self._unfollow(path)

    def _follow_up(self, now: float) -> list[Outcome]:
        """Read again a taken file that grew and has settled since.

        Its report is rewritten with the full text (``Pipeline.update(follow_up=True)``: no second alert; a higher
        toll goes out as the usual toll update). A file in failed/ that grew is read again, and when it is now a
        report it is ingested and moved to processed/ with its note removed. A file unchanged for
        ``follow_for`` seconds, or deleted, is no longer followed.
        """
        outcomes: list[Outcome] = []
        for path, follow in list(self._following.items()):
            info = os.fstat(follow.fd)
            if info.st_nlink == 0:
                self._unfollow(path)  # deleted
                continue
            key = (info.st_size, info.st_mtime_ns)
            if key != follow.seen:
                follow.seen, follow.since = key, now
            if key == follow.read:
                if now - follow.since >= self.follow_for:
                    self._unfollow(path)
                continue
            if now - follow.since < self.settle and time.time() - info.st_mtime < self.settle:
                continue  # still being written
            outcomes.append(self._read_again(follow, info))
        return outcomes

    def _read_again(self, follow: _Follow, info: os.stat_result) -> Outcome:
        """Read a followed file again through its descriptor, and update or ingest its report."""
        try:
            self._check_opened(info)
            if info.st_size > MAX_REPORT_BYTES:
                raise FileRefused(f"file too large ({info.st_size / 1e6:.1f} MB)")
            data = _pread_all(follow.fd, MAX_REPORT_BYTES)
            raw = parse_report(data, follow.path.suffix.lower(), origin=str(follow.path))
        except (ReportFileError, FileRefused, OSError) as exc:
            follow.read = follow.seen  # not again until it changes again
            if follow.report_id is not None:
                logger.warning("inbox file %s grew after it was taken, but cannot be read again: %s", follow.path, exc)
            return Outcome(follow.path, None, str(exc))
        follow.read = follow.seen
        if follow.report_id is not None:
            self.pipeline.update(follow.report_id, raw, follow_up=True)
            if self.on_ingested is not None:
                self.on_ingested(IngestResult(follow.report_id, created=False, alerts=0))
            return Outcome(follow.path, None, completed=True)
        # It went to failed/ (empty or unreadable when taken), or its first part was a known report, and its writer
        # went on: now it is a report of its own.
        result = self.pipeline.ingest(raw)
        if result.created:
            follow.report_id = result.report_id
        if follow.path.parent == self.folder / FAILED and _same_file(follow.path, info):
            logger.info("inbox file %s in failed/ was still being written: read again", follow.path.name)
            with contextlib.suppress(OSError):
                os.unlink(follow.path.with_name(follow.path.name + NOTE_SUFFIX))
            target = self._move(follow.path, self.folder / PROCESSED / datetime.now(UTC).strftime("%Y-%m-%d"))
            if target is not None:
                self._following[target] = self._following.pop(follow.path)
                follow.path = target
        if self.on_ingested is not None:
            self.on_ingested(result)
        return Outcome(follow.path, result, completed=True)

    def _check_opened(self, opened: os.stat_result) -> None:
        """Refuse a regular file that may not be the writer's to give (see the README's "Report files")."""
        if opened.st_nlink > 1:
            raise FileRefused(
                f"a hard link (the file has {opened.st_nlink} names, and another may be outside the inbox): "
                "copy the file in instead"
            )
        try:
            folder = os.stat(self.folder)
        except OSError:
            return
        if folder.st_mode & stat.S_IWOTH and opened.st_uid not in (0, os.geteuid(), folder.st_uid):
            raise FileRefused(
                f"belongs to user {opened.st_uid}, and the inbox is writable by everyone: only files of the bot's "
                "user, the inbox's owner or root are read from a world-writable inbox"
            )

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
        try:
            outcomes += self._follow_up(time.monotonic())
        except Exception:  # following up must never stop the inbox
            logger.exception("could not follow up taken files")
        metrics.POLL_DURATION.labels(source="inbox").observe(time.perf_counter() - started)
        self.heartbeat = time.time()
        return outcomes

    def _note_ignored(self, path: Path) -> None:
        """Say once why a folder that looks like a drop is left alone."""
        if path in self._ignored:
            return
        self._ignored.add(path)
        logger.warning("inbox: ignoring %s: a folder (put report files in the inbox itself)", path.name)

    def _move(self, path: Path, folder: Path) -> Path | None:
        """Move the entry itself (a link is moved as a link; nothing is opened) into a real sub-folder."""
        try:
            if folder.parent != self.folder:
                _real_folder(folder.parent)
            target = _unique(_real_folder(folder) / path.name)
            try:
                os.rename(path, target)
            except OSError as exc:
                if exc.errno != errno.EXDEV or not stat.S_ISREG(os.lstat(path).st_mode):
                    raise
                shutil.move(str(path), str(target))  # another file system mounted there: copy, then remove
            return target
        except OSError as exc:
            logger.error("cannot move %s to %s: %s; leaving it in the inbox", path, folder, exc)
            try:
                info = os.lstat(path)
                self._stuck[path] = (info.st_size, info.st_mtime_ns)
            except OSError:
                pass
            return None

    def _quarantine(self, path: Path, reason: str) -> Path | None:
        if not os.path.lexists(path):
            return None
        target = self._move(path, self.folder / FAILED)
        if target is not None:
            note = f"{reason}\n(file: {path.name}, at {datetime.now(UTC).isoformat(timespec='seconds')})\n"
            try:  # created, never written through a name someone else prepared (O_EXCL refuses links too)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(target.with_name(target.name + NOTE_SUFFIX), flags, 0o644)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(note)
            except OSError as exc:
                logger.error("cannot write the note for %s: %s", target, exc)
        logger.warning("inbox file %s moved to failed/: %s", path.name, reason)
        return target

    async def run(self, stop: asyncio.Event, *, interval: float = 1.0) -> None:
        """Scan at start, then on every file-system event and at least every ``interval`` seconds."""
        self.prepare()
        changes = asyncio.Event()
        watcher = asyncio.create_task(self._watch(changes, stop), name="inbox-watch")
        moves = MoveWatcher(self.folder)
        loop = asyncio.get_running_loop()
        if moves.start():
            loop.add_reader(moves.fileno(), self._on_moves, moves, changes)
        logger.info(
            "inbox: watching %s (%s; a file written in place once unchanged for %gs)",
            self.folder.resolve(),
            "a file renamed in is taken at once" if moves.started else "no rename events here",
            self.settle,
        )
        try:
            while not stop.is_set():
                changes.clear()  # before the scan: an event during it wakes the next one at once
                await asyncio.to_thread(self.scan_once)
                waiters = [asyncio.ensure_future(changes.wait()), asyncio.ensure_future(stop.wait())]
                await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            if moves.started:
                loop.remove_reader(moves.fileno())
            moves.close()
            self.close()

    def _on_moves(self, moves: MoveWatcher, changes: asyncio.Event) -> None:
        """Names renamed into the inbox are complete: mark them, and wake the scanner now."""
        names = [n for n in moves.names() if _is_drop_name(n)]
        if names:
            with self._renamed_lock:
                self._renamed.update(self.folder / n for n in names)
            changes.set()

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

"""The ``marsad`` command line: parse, call the API, print. The logic lives elsewhere.

Exit status: 0 on success, 1 on a runtime error, 2 on a usage error; errors go to
standard error as one line, ``marsad: <message>``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.config import EVENT_GATES, Settings, gate_switch, load, load_event_gate
from bot.errors import ConfigError, MarsadError, ReportFileError
from bot.logs import setup as setup_logging

logger = logging.getLogger("marsad")


class UsageFailure(Exception):
    """A usage error found after argparse (exit 2)."""


MAX_COUNT = 100_000  # -n of latest and search: more than any screen, and within SQLite's integers


def _count(text: str) -> int:
    """-n N: a whole number from 1 to MAX_COUNT (argparse turns the ValueError into one usage line)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= number <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to {MAX_COUNT:,}, got {text}")
    return number


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the contract says
        print(f"marsad: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="marsad",
        description="Marsad (مرصد): reads conflict reports (Arabic and English) from an inbox folder and feeds, "
        "understands them, and alerts subscribed Telegram and Matrix chats.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("--config", type=Path, help="TOML settings file (default: ./marsad.toml if present)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="run the bot: watch the inbox and feeds, deliver alerts, answer chats")
    run.add_argument("--demo", action="store_true", help="first copy the sample reports in seeds/ into the inbox")

    analyze = commands.add_parser("analyze", help="analyse report files without storing them")
    analyze.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    analyze.add_argument("--summary-words", type=int, default=60, metavar="N", help="summary length (default 60)")
    analyze.add_argument(
        "--event-gate",
        choices=EVENT_GATES,
        help="apply the learned event gate: auto (as its weights file says), on, off (default: MARSAD_EVENT_GATE, "
        "else auto)",
    )

    ingest = commands.add_parser("ingest", help="store reports as if dropped into the inbox")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    latest = commands.add_parser("latest", help="the most recent stored reports")
    latest.add_argument("-n", type=_count, default=5, metavar="N", help="how many (default 5)")
    latest.add_argument("--json", action="store_true", help="one JSON object per report, one per line")

    search = commands.add_parser("search", help="full-text search over stored reports (Arabic-aware)")
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument("-n", type=_count, default=10, metavar="N", help="how many (default 10)")
    search.add_argument("--json", action="store_true", help="one JSON object per report, one per line")

    commands.add_parser("chat", help="a local session with the bot's chat commands")

    feeds = commands.add_parser("feeds", help="import or export the watched feeds (OPML)")
    feeds_commands = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", parser_class=_Parser, required=True)
    feeds_import = feeds_commands.add_parser("import", help="watch the feeds in an OPML file or a file of URLs")
    feeds_import.add_argument("file", type=Path, metavar="FILE")
    feeds_export = feeds_commands.add_parser("export", help="print the watched feeds as OPML")
    feeds_export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    backup = commands.add_parser("backup", help="copy the database safely, also while the bot runs")
    backup.add_argument("path", type=Path, metavar="PATH", help="a new data dir (gets marsad.db) or a new .db file")
    return parser


def _report_files(paths: Sequence[Path]) -> list[Path]:
    from bot.sources.decode import SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.exists():
            files.append(path)
        else:
            raise UsageFailure(f"no such file or directory: {path}")
    return files


def cmd_analyze(args: argparse.Namespace, event_gate: str = "auto") -> int:
    from bot.analysis import analyze
    from bot.sources.decode import read_report

    if args.summary_words < 1:
        raise UsageFailure("--summary-words must be at least 1")
    gate = gate_switch(event_gate)
    status = 0
    for path in _report_files(args.paths):
        try:
            raw = read_report(path)
        except ReportFileError as exc:
            print(f"marsad: {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        result = analyze(raw.text, title=raw.title, summary_words=args.summary_words, gate=gate)
        if args.json:
            print(json.dumps({"file": str(path), **result.to_json()}, ensure_ascii=False))
        else:
            print(f"{path} [{result.language}] {result.title}\n  {result.summary}")
            for event in result.events:
                place = event.location.name if event.location else "?"
                print(f"  - {event.type} @ {place}: killed={event.killed} injured={event.injured}")
    return status


def _open_store(settings: Settings):
    from storage import Store

    return Store.open(settings.database_path, default_language=settings.language)


PARALLEL_FROM = 20  # files: from this many, `marsad ingest` analyses them in worker processes
MAX_WORKERS = 4


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import Pipeline
    from bot.progress import Progress

    store = _open_store(settings)
    pipeline = Pipeline(store, budget=settings.analysis_budget, gate=settings.event_gate_switch)
    status = 0
    files = _report_files(args.paths)
    progress = Progress(len(files))  # a bar on a terminal; per-file lines and counts otherwise
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(files) >= PARALLEL_FROM else 1
    for path, raw, prepared in _read_and_prepare(files, workers, pipeline.budget, pipeline.gate):
        if isinstance(raw, ReportFileError):
            print(("\n" if progress.tty else "") + f"marsad: {path}: {raw}", file=sys.stderr)  # keep the bar intact
            status = 1
            progress.advance("failed")
            continue
        result = pipeline.ingest(raw, prepared)
        state = "stored" if result.created else "already stored"
        if not progress.tty:
            print(f"{path}: {state} as #{result.report_id} ({result.alerts} alerts queued)")
        progress.advance(state)
    progress.close()
    store.close()
    return status


def _read_and_prepare(files: list[Path], workers: int, budget: float | None, gate: bool | None = None):
    """(path, report or the error reading it, its analysis or None) for each file, in order.

    With more than one worker the analyses (the most of an ingest's time, and pure) run in that many
    processes a few files ahead, while this one stores: a second core doubles what is stored per second.
    """
    from bot.sources.decode import read_report

    def read(path: Path):
        try:
            return read_report(path)
        except ReportFileError as exc:
            return exc

    if workers < 2:
        for path in files:
            yield path, read(path), None
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from bot.pipeline import prepare

    job = partial(prepare, budget=budget, gate=gate)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        ahead: deque = deque()
        for path in files:
            raw = read(path)
            ahead.append((path, raw, None if isinstance(raw, ReportFileError) else pool.submit(job, raw)))
            if len(ahead) >= workers * 4:
                done, report, future = ahead.popleft()
                yield done, report, future.result() if future else None
        while ahead:
            done, report, future = ahead.popleft()
            yield done, report, future.result() if future else None


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from storage.backup import backup_database, backup_target

    target = backup_database(settings.database_path, backup_target(args.path))
    print(f"backed up {settings.database_path} to {target}")
    return 0


def _print_reports(reports, as_json: bool) -> None:
    from bot.delivery.render import render_brief

    for report in reports:
        if as_json:
            print(json.dumps(report.to_json(), ensure_ascii=False))
        else:
            print(render_brief(report, report.language if report.language in ("ar", "en") else "en")[0])
            print(f"  {report.summary}")
            if report.note:
                print(f"  ⚠ {report.note}")
            print()


def cmd_latest(args: argparse.Namespace, settings: Settings) -> int:
    store = _open_store(settings)
    _print_reports(store.reports.latest(limit=args.n), args.json)
    store.close()
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.i18n import t

    query = " ".join(args.query)
    store = _open_store(settings)
    reports = store.search(query, limit=args.n)
    store.close()
    _print_reports(reports, args.json)
    if not reports:  # say so, on stderr so that scripts reading stdout still get nothing
        print(f"marsad: {t(settings.language, 'cmd.no_results', query=query)}", file=sys.stderr)
    return 0


def cmd_chat(settings: Settings) -> int:
    from handlers import Context, Services, dispatch, parse_command

    store = _open_store(settings)
    store.chats.ensure("console:local")

    import asyncio  # here, not at the top: `marsad latest` and `search` start without it (tests/ops/test_startup.py)

    async def session() -> None:
        interactive = sys.stdin.isatty()
        while True:
            if interactive:
                print("marsad> ", end="", flush=True)
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                return
            text = line.strip()
            if not text:
                continue
            command = parse_command(text, bare=True)
            if command is None:
                print("?")
                continue
            ctx = Context(
                store=store,
                chat="console:local",
                user="console:local",
                command=command.name,
                args=command.args,
                is_bot_admin=True,
                services=Services(inbox=str(settings.inbox)),
            )
            from bot.transports.console import format_reply

            for reply in await dispatch(ctx):
                print(format_reply(reply, settings.data_dir / "pictures"), flush=True)

    asyncio.run(session())
    store.close()
    return 0


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    from bot.sources.feeds.listing import export_feeds, import_feeds, read_feeds_file

    store = _open_store(settings)
    try:
        if args.feeds_command == "import":
            if not args.file.exists():  # anything else there (a FIFO, a device) is refused by read_feeds_file
                raise UsageFailure(f"no such file: {args.file}")
            added, known = import_feeds(store.feeds, read_feeds_file(args.file))
            print(f"{args.file}: {added} feeds added, {known} already watched")
        else:
            text = export_feeds(store.feeds)
            if args.output:
                args.output.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
    finally:
        store.close()
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot import app as application
    from bot.lock import DataDirLock

    with DataDirLock(settings.data_dir):  # one bot per data dir: a second one refuses (exit 1)
        application.make_folder("MARSAD_INBOX", settings.inbox)  # before anything starts: one line, not a crash loop
        app = application.build(settings)
        if args.demo:
            _demo(app)
        asyncio.run(application.run(app))
    if app.fatal is not None:  # e.g. credentials refused: a runtime error, exit 1
        raise MarsadError(str(app.fatal))
    return 0


def _demo(app) -> None:
    """Copy the samples not yet stored; when all are, say so on the console and show /latest instead."""
    from bot.i18n import t
    from bot.seeds import copy_seeds, seed_files
    from bot.sources.decode import read_report
    from bot.transports.console import CHAT, ConsoleTransport

    def is_stored(path: Path) -> bool:
        try:
            return app.store.reports.id_for_hash(read_report(path).content_hash) is not None
        except ReportFileError:
            return False

    settings = app.settings
    copied = copy_seeds(settings.inbox, is_stored=is_stored)
    logger.info("demo: copied %d sample reports into %s", len(copied), settings.inbox.resolve())
    stored = len(seed_files()) - len(copied)
    if copied or not stored:
        return
    logger.info("demo: the %d sample reports are already stored", stored)
    console = app.transports.get("console")
    if isinstance(console, ConsoleTransport):
        chat = app.store.chats.get(CHAT)
        console.intro.append(t(chat.language if chat else settings.language, "cmd.demo_stored", n=stored))
        console.intro_commands.append("/latest")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "analyze":
            setup_logging(level=logging.WARNING)
            return cmd_analyze(args, args.event_gate or load_event_gate(toml_path=args.config))
        settings = load(toml_path=args.config)
        level = logging.DEBUG if args.verbose else (logging.INFO if args.command == "run" else logging.WARNING)
        setup_logging(fmt=settings.log_format, level=level, secrets=settings.secrets)
        handler = {
            "ingest": cmd_ingest,
            "latest": cmd_latest,
            "search": cmd_search,
            "run": cmd_run,
            "feeds": cmd_feeds,
            "backup": cmd_backup,
        }.get(args.command)
        if handler is not None:
            return handler(args, settings)
        return cmd_chat(settings)
    except UsageFailure as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 2
    except MarsadError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `marsad latest | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (OSError, sqlite3.Error) as exc:  # the last guard: a folder or file refused us; one line, not a traceback
        logger.debug("unexpected error", exc_info=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        print(f"marsad: {where}{reason}", file=sys.stderr)
        return 1

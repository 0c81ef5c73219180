"""``/latest`` latency through the console and the Telegram stand-in while 2,000 real reports are ingested.

    python bench/bench_latest_during_ingest.py [--reports 2000] [--chats 20] [--before main] [--only after]

For each version of the code (``before``: the git ref ``--before``, exported with ``git archive`` to a temporary
folder; ``after``: this tree) and each transport, ``marsad run`` starts as a subprocess on a fresh data dir: the
console transport (``console:local`` subscribed to everything, as on a first start), then the Telegram Bot API
stand-in (tests/servers/telegram/, Telegram's rate limits) with ``--chats`` private chats subscribed to everything
and 20 more users who take turns asking (Telegram allows a bot one message a second per private chat). Once it
runs, ``--reports`` real articles (the first of ../shared/data/antcorpus/ant2018.jsonl.gz, written as JSON report
files to a temporary folder: the texts are never kept) are renamed into the inbox at once, and ``/latest`` is sent
again and again (the next one ``--pause`` after each answer) until every file has left the inbox. Reported per
run: p50 / p95 / max of the time from sending ``/latest`` to its answer (stdout line, or the message the stand-in
stored), and the ingest rate (reports / s from the drop until the last file left the inbox).
Target (issue 14 item 5): p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n import t  # noqa: E402
from tests.e2e.process import MarsadProcess  # noqa: E402
from tests.e2e.telegram_helpers import seed_subscribers, start_bot, stop_bot  # noqa: E402
from tests.servers.telegram.standin import TelegramStandIn  # noqa: E402

CORPUS = [
    ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz",
    Path("/work/shared/data/antcorpus/ant2018.jsonl.gz"),
]
TARGET_P95 = 0.200
ASKERS = 20  # Telegram users who take turns asking
ANSWERS = (t("en", "cmd.latest_header", first=1, last=1).split("(")[0], t("en", "cmd.no_reports"))


@dataclass
class Run:
    version: str
    transport: str
    latencies: list[float]
    unanswered: int  # asks with no answer within --answer-timeout
    reports: int
    seconds: float  # from the drop until the inbox was empty

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        return (
            f"| {self.version} | {self.transport} | {len(ms)} | {statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f}"
            f" | {self.unanswered} | {self.reports / self.seconds:.1f} |"
        )

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def articles(count: int) -> list[dict[str, str]]:
    path = next((p for p in CORPUS if p.is_file()), None)
    if path is None:
        raise SystemExit("the corpus is not there: ../shared/data/antcorpus/ant2018.jsonl.gz")
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item.get("text", "").strip():
                found.append(item)
            if len(found) == count:
                break
    return found


def stage(items: list[dict[str, str]], folder: Path) -> list[Path]:
    """The reports as JSON files beside the inbox (same file system: a rename moves each in at once)."""
    folder.mkdir(parents=True)
    paths = []
    for index, item in enumerate(items):
        path = folder / f"{index:05d}-{item['id']}.json"
        report = {k: item[k] for k in ("title", "text", "url", "published") if item.get(k)}
        path.write_text(json.dumps({**report, "source": item.get("outlet", "ant")}, ensure_ascii=False), "utf-8")
        paths.append(path)
    return paths


def waiting(inbox: Path) -> int:
    """Report files still in the inbox (a file leaves it for processed/ or failed/ once its report is stored)."""
    return sum(1 for name in os.listdir(inbox) if name.endswith(".json"))


async def measure(
    bot: MarsadProcess, staged: list[Path], ask: Callable[[], Awaitable[float | None]], pause: float, timeout: float
) -> tuple[list[float], int, float]:
    """Drop the staged reports into the inbox, ask /latest until they have all left it.

    Returns the latencies, how many asks got no answer, and the seconds the ingest took."""
    bot.inbox.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    for path in staged:
        path.rename(bot.inbox / path.name)
    latencies: list[float] = []
    unanswered = 0
    done_at: list[float] = []

    async def watch() -> None:
        while (left := waiting(bot.inbox)) > 0:
            if time.monotonic() - started > timeout:
                raise SystemExit(f"ingest stalled: {left} of {len(staged)} reports still in the inbox")
            await asyncio.sleep(0.05)
        done_at.append(time.monotonic())

    watcher = asyncio.create_task(watch())
    while not watcher.done():
        latency = await ask()
        if latency is None:
            unanswered += 1
        else:
            latencies.append(latency)
        await asyncio.sleep(pause)
    await watcher
    return latencies, unanswered, done_at[0] - started


async def console_run(code: Path, workdir: Path, staged: list[Path], args: argparse.Namespace) -> tuple:
    bot = MarsadProcess(workdir, env={"PYTHONPATH": str(code)})
    await asyncio.to_thread(bot.start)
    try:
        lines: queue.Queue[str] = bot._lines

        def answer() -> bool:
            deadline = time.monotonic() + args.answer_timeout
            try:
                while not lines.get(timeout=max(0.0, deadline - time.monotonic())).startswith(ANSWERS):
                    pass
            except queue.Empty:
                return False
            return True

        bot.send("/lang en")
        await asyncio.to_thread(bot.wait_for_output, re.escape(t("en", "cmd.lang_set")), timeout=30)
        while not lines.empty():
            lines.get_nowait()

        async def ask() -> float | None:
            asked = time.monotonic()
            bot.send("/latest")
            answered = await asyncio.to_thread(answer)
            return time.monotonic() - asked if answered else None

        return await measure(bot, staged, ask, args.pause, args.timeout)
    finally:
        await asyncio.to_thread(bot.stop)
        lost = bot.log.count("could not answer")
        if lost:
            print(f"  (the bot logged {lost} answers it could not send)", flush=True)


async def telegram_run(code: Path, workdir: Path, staged: list[Path], args: argparse.Namespace) -> tuple:
    async with TelegramStandIn() as tg:
        subscribers = [tg.private_chat(tg.add_user(f"U{i}")) for i in range(args.chats)]
        seed_subscribers(workdir, sorted(c.id for c in subscribers))
        # Telegram lets a bot write to one private chat once a second (the stand-in enforces it, and so does
        # marsad's pacer): the askers take turns, so each waits for the store, not for its chat's next slot.
        askers = [tg.add_user(f"Asker{i}", language_code="en") for i in range(ASKERS)]
        bot = await start_bot(tg, workdir, PYTHONPATH=str(code))
        try:
            for asker in askers:
                tg.send_command(tg.private_chat(asker), asker, "lang", "en")
            for asker in askers:
                await tg.wait_for_messages(tg.private_chat(asker), 1, timeout=30)
            turn = iter(range(1 << 30))

            async def ask() -> float | None:
                asker = askers[next(turn) % len(askers)]
                asking = tg.private_chat(asker)
                before = len(tg.bot_messages(asking))
                asked = time.monotonic()
                tg.send_command(asking, asker, "latest")
                try:
                    await tg.wait_for_messages(asking, before + 1, timeout=args.answer_timeout)
                except TimeoutError:
                    return None
                return time.monotonic() - asked

            return await measure(bot, staged, ask, args.pause, args.timeout)
        finally:
            await stop_bot(bot)
            lost = bot.log.count("could not answer")
            if lost:
                print(f"  (the bot logged {lost} answers it could not send, e.g. {_first(bot.log)})", flush=True)


def _first(log: str) -> str:
    return next((line for line in log.splitlines() if "could not answer" in line), "")[-160:]


def export(ref: str, into: Path) -> str:
    """The tree of ``ref`` in ``into`` (git archive: the repository is only read); its commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return commit.stdout.strip()


async def main(args: argparse.Namespace) -> int:
    items = articles(args.reports)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        versions = []
        if args.only in (None, "before"):
            before = Path(tmp) / "before"
            before.mkdir()
            versions.append((f"before ({args.before} {export(args.before, before)})", before))
        if args.only in (None, "after"):
            versions.append(("after (this tree)", ROOT))
        for version, code in versions:
            for transport in args.transports.split(","):
                workdir = Path(tmp) / f"{len(runs)}-{transport}"
                staged = stage(items, workdir / "staging")
                run = console_run if transport == "console" else telegram_run
                latencies, unanswered, seconds = await run(code, workdir, staged, args)
                runs.append(Run(version, transport, latencies, unanswered, len(items), seconds))
                print(runs[-1].row(), flush=True)
    print(
        f"\n{len(items)} reports; Telegram: {args.chats} subscribed chats; /latest again {args.pause * 1000:.0f} ms"
        " after each answer\n"
    )
    print("| code | transport | answered | p50 ms | p95 ms | max ms | unanswered | ingest reports/s |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        print(run.row())
    after = [r for r in runs if r.version.startswith("after")]
    return 0 if after and all(r.p95 < TARGET_P95 for r in after) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=20, help="Telegram chats subscribed to everything")
    parser.add_argument("--before", default="main", help="the git ref measured as 'before'")
    parser.add_argument("--only", choices=("before", "after"), help="measure one version only")
    parser.add_argument("--transports", default="console,telegram")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between an answer and the next /latest")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds the whole ingest may take")
    parser.add_argument("--answer-timeout", type=float, default=30.0, help="an ask unanswered this long is counted")
    raise SystemExit(asyncio.run(main(parser.parse_args())))

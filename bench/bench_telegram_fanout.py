"""Fan-out of one alert to N chats through the Bot API stand-in, with Telegram's limits.

    python bench/bench_telegram_fanout.py [--chats 5000] [--probes 5]

``marsad run`` runs as a subprocess against the stand-in (RateLimits() = about 30
messages/s overall, 1/s per private chat, 20/min per group, as Telegram). Reported:
the achieved alert rate divided by the allowed rate (target >= 0.9) with the number
of rate-limit violations the stand-in recorded (target 0), and the latency of
``/latest`` answered while the fan-out runs (target < 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.telegram_helpers import seed_subscribers, start_bot, stop_bot  # noqa: E402
from tests.servers.telegram.limits import RateLimits  # noqa: E402
from tests.servers.telegram.standin import TelegramStandIn  # noqa: E402

REPORT = ROOT / "seeds" / "001_shelling_kafranbel.txt"


def alerts_sent(tg: TelegramStandIn, subscribers: set[int]) -> list[float]:
    return [
        c.time
        for c in tg.calls
        if c.method.lower() == "sendmessage" and c.status == 200 and c.params.get("chat_id") in subscribers
    ]


async def main(chats: int, probes: int) -> int:
    limits = RateLimits()
    allowed = limits.overall.count / limits.overall.seconds
    async with TelegramStandIn(limits=limits) as tg:
        subscribers = [tg.private_chat(tg.add_user(f"U{i}")) for i in range(chats)]
        ids = {c.id for c in subscribers}
        asker = tg.add_user("Asker")
        asking = tg.private_chat(asker)
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            seed_subscribers(workdir, sorted(ids))
            bot = await start_bot(tg, workdir)
            try:
                bot.drop(REPORT)
                started = time.monotonic()
                latencies: list[float] = []
                marks = [int(chats * (i + 1) / (probes + 1)) for i in range(probes)]
                while len(sent := alerts_sent(tg, ids)) < chats:
                    if marks and len(sent) >= marks[0]:
                        marks.pop(0)
                        before = len(tg.bot_messages(asking))
                        asked = time.monotonic()
                        tg.send_command(asking, asker, "latest")
                        while len(tg.bot_messages(asking)) == before:
                            await asyncio.sleep(0.005)
                        latencies.append(time.monotonic() - asked)
                    if time.monotonic() - started > chats / 10 + 120:
                        raise SystemExit(f"fan-out stalled at {len(sent)} of {chats}")
                    await asyncio.sleep(0.05)
            finally:
                await stop_bot(bot)
        sent = sorted(alerts_sent(tg, ids))
        span = sent[-1] - sent[0]
        rate = (len(sent) - 1) / span if span > 0 else float("inf")
        once = all(len(tg.bot_messages(c)) == 1 for c in subscribers)
        print(f"chats: {chats}, alerts sent: {len(sent)}, each chat exactly once: {once}")
        print(f"fan-out: {span:.1f} s, achieved {rate:.2f} msg/s, allowed {allowed:.0f} msg/s")
        print(f"achieved / allowed: {rate / allowed:.3f} (target >= 0.9)")
        print(f"rate-limit violations: {len(tg.violations)} (target 0)")
        if latencies:
            print(
                f"/latest during the fan-out: median {statistics.median(latencies) * 1000:.0f} ms,"
                f" max {max(latencies) * 1000:.0f} ms over {len(latencies)} asks (target < 1000 ms)"
            )
        ok = rate / allowed >= 0.9 and not tg.violations and once and (not latencies or max(latencies) < 1.0)
        return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=5000)
    parser.add_argument("--probes", type=int, default=5, help="/latest asks spread over the fan-out")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.chats, args.probes)))

"""``marsad run`` against the Bot API stand-in: start and stop it without blocking the stand-in's event loop."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.e2e.process import MarsadProcess
from tests.servers.telegram_standin import TelegramStandIn


def telegram_env(tg: TelegramStandIn) -> dict[str, str]:
    return {"TELEGRAM_API_URL": tg.url, "TELEGRAM_BOT_TOKEN": tg.token, "MARSAD_HTTP": "off"}


async def start_bot(tg: TelegramStandIn, workdir: Path, **env: str) -> MarsadProcess:
    """Start ``marsad run`` on the stand-in and wait until it polls for updates."""
    process = MarsadProcess(workdir, env={**telegram_env(tg), **env})
    polls = len(tg.calls_to("getUpdates"))
    await asyncio.to_thread(process.start)
    await tg.wait_for(lambda: len(tg.calls_to("getUpdates")) > polls or tg.updates == [], 30, "the bot to poll")
    await tg.wait_for_call("setMyCommands", timeout=30)
    return process


async def stop_bot(process: MarsadProcess, sig: int = signal.SIGTERM) -> int:
    return await asyncio.to_thread(process.stop, sig)


def assert_no_token_leak(tg: TelegramStandIn, process: MarsadProcess) -> None:
    assert not tg.token_leaked_in(process.log + process.output), "the bot token appears in marsad's output"


async def until(predicate, timeout: float = 30.0, what: str = "condition"):
    """Poll ``predicate`` (for things the stand-in is not told about, like marsad's log) until a deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := predicate()):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)
    return value

"""``marsad run`` against the Bot API stand-in: start and stop it without blocking the stand-in's event loop."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.e2e.process import MarsadProcess
from tests.servers.telegram.standin import TelegramStandIn


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


def seed_subscribers(workdir: Path, chat_ids: list[int], *, kind: str = "private") -> None:
    """Chats that subscribed to everything in an earlier run (written straight into the bot's database)."""
    from storage import Store

    store = Store.open(workdir / "data" / "marsad.db")
    try:
        for chat_id in chat_ids:
            store.chats.ensure(f"tg:{chat_id}", kind=kind)
            store.subscriptions.add(f"tg:{chat_id}")
    finally:
        store.close()


def delivery_states(workdir: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(workdir / "data" / "marsad.db")
    try:
        return dict(conn.execute("SELECT state, count(*) FROM deliveries GROUP BY state").fetchall())
    finally:
        conn.close()


class HeldAnswers:
    """Makes the stand-in keep sendMessage answers to itself once ``hold`` is set: the message is stored
    (Telegram received it) but the bot never hears back, exactly the window a crash makes ambiguous."""

    def __init__(self, tg: TelegramStandIn) -> None:
        self.tg = tg
        self.holding = False
        self.held = 0
        self._dispatch = tg.api.dispatch
        tg.api.dispatch = self._slow  # type: ignore[method-assign]

    async def _slow(self, name, params, *, is_alive):
        result = await self._dispatch(name, params, is_alive=is_alive)
        if self.holding and name.lower() == "sendmessage":
            self.held += 1
            self.tg.notify()
            await asyncio.sleep(3600)  # cancelled when the client's connection goes away
        return result

"""Fixtures for the operations tests: a real SQLite store, a report that alerts, a transport that can stall."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import Chat, RawReport, Reply
from storage import Store

ROOT = Path(__file__).resolve().parents[2]
CHAT = "console:local"


def report(n: int = 0, *, text: str | None = None) -> RawReport:
    """A distinct English report about Idlib (``n`` makes its content, and so its hash, unique).

    Each ``n`` is published a week after the one before, so the reports are separate incidents,
    not copies of one strike (which would be folded into one alert).
    """
    body = text or (
        f"Report {n}: an airstrike hit the town of Maarat al-Numan in Idlib on Monday, "
        f"killing five civilians and injuring eight, local sources said."
    )
    return RawReport(
        text=body,
        title=f"Airstrike on Maarat al-Numan ({n})",
        source="inbox",
        origin=f"test-{n}.txt",
        published=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(weeks=n),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "data" / "marsad.db", default_language="en")
    store.chats.ensure(CHAT)
    store.subscriptions.add(CHAT)  # everything
    yield store
    store.close()


class GatedTransport:
    """A console-like transport whose sends wait until ``gate`` is open: a stuck network, on demand."""

    name = "console"
    global_rate = 0.0

    def __init__(self, *, open_: bool = True) -> None:
        self.gate = asyncio.Event()
        if open_:
            self.gate.set()
        self.entered = asyncio.Event()
        self.sent: list[str] = []

    def chat_interval(self, chat: Chat) -> float:
        return 0.0

    async def send(self, chat: Chat, reply: Reply) -> str | None:
        self.entered.set()
        await self.gate.wait()
        self.sent.append(reply.text)
        return str(len(self.sent))

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        return None


async def wait_until(predicate, *, timeout: float = 15.0, step: float = 0.05):
    """Poll ``predicate`` (sync or async) until it returns something truthy; fail at the deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)

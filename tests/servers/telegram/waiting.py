"""Waiting for what the bot does: every state change sets an event, so tests never sleep blindly."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .models import Call, Chat, StoredMessage

T = TypeVar("T")


class Waiting:
    """Mixin for ``StandInControl``: ``notify()`` on every change, ``wait_for*`` helpers for tests."""

    _changed: asyncio.Event | None = None
    calls: list[Call]
    updates: list[Any]

    def chat(self, ref: Chat | int) -> Chat:
        raise NotImplementedError

    def bot_messages(self, chat: Chat | int, *, include_deleted: bool = False) -> list[StoredMessage]:
        raise NotImplementedError

    def calls_to(self, method: str) -> list[Call]:
        raise NotImplementedError

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    def change_event(self) -> asyncio.Event:
        """The event the next change sets; take it before reading the state, or a change may be missed."""
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0, what: str = "condition") -> T:
        """Return ``predicate()`` once it is truthy; raise ``TimeoutError`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            changed = self.change_event()
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"stand-in: timed out after {timeout}s waiting for {what}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_messages(self, chat: Chat | int, n: int = 1, timeout: float = 5.0) -> list[StoredMessage]:
        """Wait until the bot has sent at least ``n`` messages to ``chat``; returns them all."""
        chat = self.chat(chat)
        messages = await self.wait_for(
            lambda: len(self.bot_messages(chat)) >= n and self.bot_messages(chat),
            timeout,
            f"{n} messages in {chat.id}",
        )
        return list(messages)

    async def wait_for_call(
        self, method: str, timeout: float = 5.0, predicate: Callable[[Call], bool] | None = None
    ) -> Call:
        def found() -> Call | None:
            return next((c for c in reversed(self.calls_to(method)) if predicate is None or predicate(c)), None)

        return await self.wait_for(found, timeout, f"a call to {method}")

    async def wait_for_callback_answer(self, query_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait_for(lambda: self.callback_answer(query_id), timeout, f"answer to query {query_id}")

    async def wait_for_updates_consumed(self, timeout: float = 5.0) -> None:
        """Wait until the bot has confirmed every queued update (polled with a higher offset)."""
        await self.wait_for(lambda: not self.updates or None, timeout, "updates to be confirmed")

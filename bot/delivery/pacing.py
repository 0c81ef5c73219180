"""Send pacing: a global rate and a minimum interval per chat, so limits are never hit."""

from __future__ import annotations

import asyncio
import time

from bot.models import ChatKey


class Pacer:
    """Hands out send slots: at most ``rate`` per second overall, one per chat per interval."""

    def __init__(self, rate: float, *, clock=time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._next_global = 0.0
        self._next_chat: dict[ChatKey, float] = {}
        self._lock = asyncio.Lock()

    def busy_chats(self) -> set[ChatKey]:
        """Chats that may not be sent to right now."""
        now = self._clock()
        expired = [c for c, t in self._next_chat.items() if t <= now]
        for chat in expired:
            del self._next_chat[chat]
        return set(self._next_chat)

    def hold_chat(self, chat: ChatKey, seconds: float) -> None:
        """Keep a chat quiet for ``seconds`` (after a 429 for that chat)."""
        self._next_chat[chat] = max(self._next_chat.get(chat, 0.0), self._clock() + seconds)

    async def slot(self, chat: ChatKey, interval: float) -> None:
        """Wait for a global slot and this chat's turn, then reserve both."""
        async with self._lock:
            now = self._clock()
            start = max(now, self._next_global, self._next_chat.get(chat, 0.0))
            if self.rate > 0:
                self._next_global = start + 1.0 / self.rate
            self._next_chat[chat] = start + interval
        delay = start - self._clock()
        if delay > 0:
            await asyncio.sleep(delay)

"""Telegram's pacing: one budget for alerts and command replies, forum topics counted against their group."""

from __future__ import annotations

import asyncio

from bot.delivery.pacing import Pacer
from bot.models import ChatKey
from bot.transports.telegram.keys import base_key


class TelegramPacer(Pacer):
    """The shared Pacer, with forum topics counted against their group, and replies first.

    The base Pacer reserves future slots, so a fan-out's queued alerts would make a
    command reply wait behind them. Here a slot is only taken when it is due, and while
    an urgent caller (a command reply whose chat may be written to) waits, alerts step aside.
    """

    def __init__(self, rate: float, **kwargs) -> None:
        super().__init__(rate, **kwargs)
        self._urgent = 0

    def hold_chat(self, chat: ChatKey, seconds: float) -> None:
        super().hold_chat(base_key(chat), seconds)

    def sent(self, chat: ChatKey, interval: float) -> None:
        """Count the chat's interval again from the moment a send finished.

        Telegram counts a message when it arrives: a photo upload that took long must not let the next
        message of the same chat, reserved one interval after the upload began, follow it too closely.
        """
        chat = base_key(chat)
        self._next_chat[chat] = max(self._next_chat.get(chat, 0.0), self._clock() + interval)

    async def slot(self, chat: ChatKey, interval: float, *, urgent: bool = False) -> None:
        chat = base_key(chat)
        while (wait := self._next_chat.get(chat, 0.0) - self._clock()) > 0:
            await asyncio.sleep(wait)  # this chat's own turn first; it holds nobody else back
        if urgent:
            self._urgent += 1
        try:
            while True:
                async with self._lock:
                    now = self._clock()
                    due = max(self._next_global, self._next_chat.get(chat, 0.0))
                    if now >= due and (urgent or self._urgent == 0):
                        # Keep the cadence when a sleep overshot a little; restart it after a pause.
                        base = self._next_global if now - self._next_global < 0.01 else now
                        if self.rate > 0:
                            self._next_global = max(base, now - 0.01) + 1.0 / self.rate
                        self._next_chat[chat] = now + interval
                        return
                    wait = max(due - now, 0.002)
                await asyncio.sleep(wait)
        finally:
            if urgent:
                self._urgent -= 1

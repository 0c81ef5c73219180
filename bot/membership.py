"""Chat policy: what the bot's membership in a chat means for the chat's alerts. The only writer of those changes.

Transports and delivery report what they saw, in words no network owns, and this module decides:

    moved(old, new)  a chat continues under a new key (a Telegram group became a supergroup, a Matrix room was
                     upgraded): its settings, subscriptions and pending alerts follow it
    gone(chat)       the bot was blocked, kicked or removed: alerts stop at once, the chat is kept
    back(chat)       unblocked, re-added, or /start: alerts resume
    left(chat)       the bot left or was removed for good (a Matrix kick, ban or leave): the chat is forgotten
    strike(chat)     a send was answered "blocked", "kicked" or "not found": after ``GONE_STRIKES`` in a row the
                     chat is disabled until it comes back (/start, or the bot is re-added)

``Membership`` is synchronous (storage is); async callers use ``AsyncMembership``, which runs each decision whole
on the store's writer thread (storage/front.py).
"""

from __future__ import annotations

import logging

from bot.models import ChatKey
from storage.chats import Chats
from storage.front import AsyncStore

logger = logging.getLogger(__name__)

GONE_STRIKES = 3  # "blocked/kicked/not found" answers in a row before a chat is disabled


class Membership:
    """Applies membership events to the chats table."""

    def __init__(self, chats: Chats) -> None:
        self.chats = chats

    def moved(self, old: ChatKey, new: ChatKey) -> bool:
        """The chat ``old`` is now ``new``; True when ``old`` was a chat we knew (there was something to move)."""
        known = self.chats.get(old) is not None
        self.chats.move(old, new)
        if known:
            logger.info("chat %s moved to %s: settings, subscriptions and pending alerts follow", old, new)
        return known

    def gone(self, chat: ChatKey) -> bool:
        """The bot cannot write to ``chat`` any more; True when this stopped its alerts."""
        known = self.chats.get(chat)
        if known is None or known.disabled:
            return False
        self.chats.set_disabled(chat, True)
        logger.info("alerts to %s stop until the bot is back", chat)
        return True

    def back(self, chat: ChatKey) -> bool:
        """The bot may write to ``chat`` again; True when this resumed its alerts."""
        known = self.chats.get(chat)
        if known is None or not known.disabled:
            return False
        self.chats.set_disabled(chat, False)
        logger.info("alerts to %s resume", chat)
        return True

    def left(self, chat: ChatKey) -> None:
        """The bot is out of ``chat`` for good: the chat, its subscriptions and its unsent alerts go."""
        self.chats.forget(chat)

    def strike(self, chat: ChatKey) -> bool:
        """One more send answered as if the chat were gone; True when that disables the chat."""
        strikes = self.chats.record_failure(chat)
        if strikes < GONE_STRIKES:
            return False
        self.chats.set_disabled(chat, True)
        return True


class AsyncMembership:
    """``Membership`` for async code: each decision (read, then write) runs whole on the store's writer thread."""

    def __init__(self, store: AsyncStore) -> None:
        self._store = store
        self._membership = Membership(store.sync.chats)

    async def moved(self, old: ChatKey, new: ChatKey) -> bool:
        return await self._store.write(self._membership.moved, old, new)

    async def gone(self, chat: ChatKey) -> bool:
        return await self._store.write(self._membership.gone, chat)

    async def back(self, chat: ChatKey) -> bool:
        return await self._store.write(self._membership.back, chat)

    async def left(self, chat: ChatKey) -> None:
        await self._store.write(self._membership.left, chat)

    async def strike(self, chat: ChatKey) -> bool:
        return await self._store.write(self._membership.strike, chat)

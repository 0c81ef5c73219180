"""A Bot API stand-in: a real HTTP server on 127.0.0.1 that answers as Telegram does, checked against the spec.

``standin`` (the aiohttp server and the test-facing control), ``control`` (users, chats, messages and updates),
``api`` (one checked call, and the registry of method handlers), ``methods``, ``photos`` and ``settings`` (the
handlers), ``spec`` (bot-api-10.0.json), ``limits`` (flood control and faults), ``text`` and ``html`` (entities
and lengths), ``polling`` (getUpdates), ``waiting`` (tests wait on changes, never on the clock), ``models``.
"""

from __future__ import annotations

from .limits import RateLimits
from .standin import TelegramStandIn

__all__ = ["RateLimits", "TelegramStandIn"]

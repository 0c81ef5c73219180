"""The inbound side every transport offers, beside delivery's outbound ``Transport`` (bot/delivery/transport.py).

A chat network receives commands until ``stop`` is set, turns each into a handler ``Context`` with
``make_context`` (the supervisor's: it adds services and the bot-admin flag) and sends back what ``dispatch``
answers. The console, Telegram and Matrix are all started the same way: ``run(stop, dispatch, make_context)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.models import Reply
from handlers import Context

Dispatch = Callable[[Context], Awaitable[list[Reply]]]
MakeContext = Callable[..., Context]


class Inbound(Protocol):
    async def run(self, stop: asyncio.Event, dispatch: Dispatch, make_context: MakeContext) -> None:
        """Answer commands until ``stop``; network trouble is retried inside, never raised to the caller."""
        ...

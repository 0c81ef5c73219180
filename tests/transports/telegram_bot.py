"""A Telegram transport answering commands against the Bot API stand-in, for tests that talk to it as users."""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial

from bot.transports.telegram import TelegramTransport
from handlers import Context, dispatch


@contextlib.asynccontextmanager
async def bot_for(tg, store):
    """The transport running with the real handlers until the block ends (stopping within 10 s: far below any
    retry_after the tests wait out)."""
    transport = TelegramTransport(tg.token, tg.url, store)
    stop = asyncio.Event()
    task = asyncio.create_task(transport.run(stop, dispatch, partial(Context, store=store)))
    try:
        await asyncio.wait_for(transport.ready.wait(), 10)
        yield transport
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)

"""pytest fixtures for the test servers; load with ``pytest_plugins = ["tests.servers.fixtures"]``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .telegram.limits import RateLimits
from .telegram.standin import TelegramStandIn


@pytest_asyncio.fixture
async def telegram_standin() -> AsyncIterator[TelegramStandIn]:
    """A fresh Bot API stand-in per test (strict, Telegram's rate limits), on a random port of 127.0.0.1."""
    async with TelegramStandIn() as server:
        yield server


@pytest_asyncio.fixture
async def fast_telegram_standin() -> AsyncIterator[TelegramStandIn]:
    """The same with rate limits 10 times faster, for fan-out tests that should not take minutes."""
    async with TelegramStandIn(limits=RateLimits(scale=10.0)) as server:
        yield server

"""Fixtures for end-to-end tests: the Bot API stand-in, and the marsad processes a test starts."""

import signal

import pytest

from tests.servers.fixtures import fast_telegram_standin, telegram_standin

__all__ = ["fast_telegram_standin", "processes", "telegram_standin"]


@pytest.fixture
def processes():
    """Marsad processes a test started; any still running at the end are killed."""
    started = []
    yield started
    for process in started:
        if process.proc is not None and process.proc.poll() is None:
            process.stop(signal.SIGKILL)

"""Fixtures for end-to-end tests: the Bot API stand-in, and the marsad processes a test starts."""

import signal

import pytest

from tests.e2e.process import MarsadProcess
from tests.servers.fixtures import fast_telegram_standin, telegram_standin

__all__ = ["bot", "fast_telegram_standin", "processes", "telegram_standin"]


@pytest.fixture
def processes():
    """Marsad processes a test started; any still running at the end are killed."""
    started = []
    yield started
    for process in started:
        if process.proc is not None and process.proc.poll() is None:
            process.stop(signal.SIGKILL)


@pytest.fixture
def bot(tmp_path):
    """One marsad process on the console transport in ``tmp_path``; killed at the end if still running."""
    process = MarsadProcess(tmp_path)
    yield process
    if process.proc is not None and process.proc.poll() is None:
        process.stop(signal.SIGKILL)

"""PTB 22's time periods: Marsad opts in to timedeltas (PTB_TIMEDELTA) and reads a 429's wait in either form."""

from __future__ import annotations

import os
import warnings
from datetime import timedelta

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.errors import RateLimited
from bot.transports.telegram.errors import convert
from bot.transports.telegram.ptb import TIMEDELTA_ENV, opt_in, seconds


@pytest.mark.parametrize(
    ("before", "after"), [(None, "true"), ("", "true"), ("  ", "true"), ("false", "false"), ("1", "1")]
)
def test_opt_in_sets_the_variable_unless_the_environment_chose(monkeypatch, before, after) -> None:
    monkeypatch.delenv(TIMEDELTA_ENV, raising=False)
    if before is not None:
        monkeypatch.setenv(TIMEDELTA_ENV, before)
    opt_in()

    assert os.environ[TIMEDELTA_ENV] == after


@pytest.mark.parametrize(("given", "expected"), [(5, 5.0), (timedelta(seconds=2.5), 2.5), (timedelta(minutes=1), 60.0)])
def test_opted_in_a_429_converts_to_seconds_without_a_warning(monkeypatch, given, expected) -> None:
    monkeypatch.setenv(TIMEDELTA_ENV, "true")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # PTBDeprecationWarning would fail the test
        exc = RetryAfter(given)
        assert isinstance(exc.retry_after, timedelta)
        converted = convert(exc)
    assert isinstance(converted, RateLimited) and converted.retry_after == expected


def test_with_ptbs_int_seconds_the_wait_is_the_same(monkeypatch) -> None:
    """An operator's PTB_TIMEDELTA=false brings PTB's old int seconds (and its warning) back: still read right."""
    monkeypatch.setenv(TIMEDELTA_ENV, "false")
    with pytest.warns(PTBDeprecationWarning):
        exc = RetryAfter(7)
    with pytest.warns(PTBDeprecationWarning):
        assert convert(exc).retry_after == 7.0


def test_seconds_reads_either_form() -> None:
    assert seconds(timedelta(seconds=3)) == 3.0
    assert seconds(3) == 3.0 and seconds(0.5) == 0.5
    assert seconds(None) == 1.0 and seconds(None, default=2.0) == 2.0

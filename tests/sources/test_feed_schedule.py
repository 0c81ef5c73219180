from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.sources.feeds.schedule import (
    MAX_BACKOFF,
    backoff_delay,
    first_poll_at,
    should_deactivate,
    success_delay,
)


def test_server_hints_are_a_lower_bound() -> None:
    rng = random.Random(1)
    assert 300 <= success_delay(300, rng=rng) <= 330
    assert 1800 <= success_delay(300, ttl=1800, rng=rng) <= 1980
    assert 900 <= success_delay(300, max_age=900, rng=rng) <= 990
    assert 600 <= success_delay(600, max_age=60, rng=rng) <= 660  # a short max-age never speeds us up


def test_backoff_grows_jittered_and_capped() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(300, n, rng=rng) for n in range(1, 12)]
    for n, delay in enumerate(delays[:5], start=1):
        assert 0.8 * 300 * 2 ** (n - 1) <= delay <= 1.2 * 300 * 2 ** (n - 1)
    assert all(d <= MAX_BACKOFF * 1.2 for d in delays)
    assert delays[-1] >= MAX_BACKOFF * 0.8
    assert len({round(backoff_delay(300, 3, rng=rng)) for _ in range(20)}) > 5  # jitter spreads retries


def test_deactivation_threshold() -> None:
    assert not should_deactivate(19)
    assert should_deactivate(20)
    assert should_deactivate(3, limit=3)


def test_staggered_start_spreads_feeds_apart() -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    rng = random.Random(3)
    offsets = [(first_poll_at(now, 300, i, 10, rng=rng) - now).total_seconds() for i in range(10)]
    assert all(2 * i <= o <= 2 * (i + 1) for i, o in enumerate(offsets))  # one 2-second slot each
    many = [(first_poll_at(now, 300, i, 1000, rng=rng) - now).total_seconds() for i in range(1000)]
    assert max(many) <= 300 and many == sorted(many) and many[500] > 140  # never beyond one interval
    assert (first_poll_at(now, 300, 0, 1, rng=rng) - now) <= timedelta(seconds=2)  # a lone feed starts soon

"""When to poll a feed next: pure arithmetic, so it is easy to test.

- A success waits the feed's interval, stretched up to the server's own hint
  (``Cache-Control: max-age`` or RSS ``<ttl>``) and capped at ``MAX_INTERVAL``.
- A failure waits ``interval * 2**(failures-1)``, capped at ``MAX_BACKOFF``,
  with ±20 % jitter so feeds that fail together do not retry together.
- After ``DEACTIVATE_AFTER`` failures in a row the feed is switched off and
  the admins are told; ``/addfeed`` of the same URL switches it back on.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Final

__all__ = [
    "DEACTIVATE_AFTER",
    "DEFAULT_INTERVAL",
    "MAX_BACKOFF",
    "MIN_INTERVAL",
    "backoff_delay",
    "first_poll_at",
    "should_deactivate",
    "success_delay",
]

DEFAULT_INTERVAL: Final = 300
MIN_INTERVAL: Final = 60
MAX_INTERVAL: Final = 24 * 3600
MAX_BACKOFF: Final = 6 * 3600
DEACTIVATE_AFTER: Final = 20
JITTER: Final = 0.2
STAGGER_STEP: Final = 2.0  # seconds between the first polls of feeds loaded together


def _jitter(seconds: float, rng: random.Random | None) -> float:
    r = rng or random
    return seconds * (1 + r.uniform(-JITTER, JITTER))


def success_delay(
    interval: int, *, max_age: int | None = None, ttl: int | None = None, rng: random.Random | None = None
) -> float:
    """Seconds until the next poll after a good answer; the server's hints are a lower bound.

    Jitter only lengthens the wait (up to 10 %), so the lower bound holds.
    """
    base = max(interval, max_age or 0, ttl or 0)
    base = min(base, max(MAX_INTERVAL, interval))
    return base * (1 + (rng or random).uniform(0, JITTER / 2))


def backoff_delay(interval: int, failures: int, *, rng: random.Random | None = None) -> float:
    """Seconds until the retry after ``failures`` failures in a row (jittered exponential)."""
    exponent = max(0, min(failures - 1, 16))
    base = min(interval * (2**exponent), max(MAX_BACKOFF, interval))
    return _jitter(base, rng)


def should_deactivate(failures: int, *, limit: int = DEACTIVATE_AFTER) -> bool:
    return failures >= limit


def first_poll_at(
    now: datetime, interval: int, index: int, count: int, *, rng: random.Random | None = None
) -> datetime:
    """Spread ``count`` feeds so they do not all start at once.

    Feed ``index`` gets its own slot, ``STAGGER_STEP`` seconds wide, plus jitter inside it;
    the whole spread never exceeds one interval (1,000 feeds at 300 s: one every 0.3 s).
    """
    r = rng or random
    window = min(float(interval), max(count, 1) * STAGGER_STEP)
    slot = window / max(count, 1)
    return now + timedelta(seconds=min(index * slot + r.uniform(0, slot), window))

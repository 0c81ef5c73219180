"""python-telegram-bot's opt-ins, made once when Marsad's Telegram code is imported.

PTB 22.2 deprecated time periods given as int seconds: ``RetryAfter.retry_after`` (and the other time-period
attributes) become ``datetime.timedelta`` in a future major version. Until one opts in, PTB warns
(PTBDeprecationWarning) each time such an attribute is read, and ``RetryAfter`` reads its own in its
constructor, so every 429 printed a warning. The opt-in is the environment variable ``PTB_TIMEDELTA``, which PTB
reads at each access: set here, before any PTB object is made, it holds for ``marsad run`` in the container, for
every CLI command and for the tests alike, with nothing to add to their environments. An operator's own
``PTB_TIMEDELTA`` is kept (``false`` brings the int seconds and the warnings back); Marsad's code reads either
(``seconds``).
"""

from __future__ import annotations

import os
from datetime import timedelta

TIMEDELTA_ENV = "PTB_TIMEDELTA"


def opt_in() -> None:
    """Ask PTB for timedeltas now, unless the environment already says otherwise (empty counts as unset, as an
    ``env_file`` line ``PTB_TIMEDELTA=`` gives it)."""
    if not os.environ.get(TIMEDELTA_ENV, "").strip():
        os.environ[TIMEDELTA_ENV] = "true"


def seconds(period: timedelta | float | None, default: float = 1.0) -> float:
    """A PTB time period in seconds, whichever form PTB gave it in (a timedelta when opted in, else a number)."""
    if period is None:
        return default
    if isinstance(period, timedelta):
        return period.total_seconds()
    return float(period)

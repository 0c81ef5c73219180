"""The cyclic garbage collector paused while one report is analysed.

Analysis keeps every sentence it has read (tokens, matches, places) until the report's events are assembled: a
5 MB report holds millions of small containers, and the collector, which starts a pass every 700 new containers
and a full one whenever a quarter more have survived, walked them again and again (a third of the CPU time on
reports of many short sentences). Analysis makes no reference cycles worth collecting mid-report; what it leaves
is freed by reference counting or by the next pass after it returns. In memory only, no I/O.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def collector_paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` with the collector off, and turn it back on after only if it was on before (so a caller that
    turned it off, or a concurrent call that did, keeps it as it was; the first of overlapping calls turns it on)."""

    @functools.wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run

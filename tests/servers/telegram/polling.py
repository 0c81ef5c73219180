"""getUpdates as Telegram serves it: offsets confirm updates, long polling, and 409 for a second poller.

An update stays queued until the bot asks with a higher ``offset``; a negative offset keeps only the last
``-offset`` updates. ``timeout`` is clamped to 0-50 s and ``limit`` to 1-100. When a new getUpdates arrives
while another is still waiting, the older one is answered 409 Conflict, as Telegram does; if its client is
still connected that is a violation (two bot instances are polling).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import ApiError

if TYPE_CHECKING:
    from .control import StandInControl

# What Telegram delivers when allowed_updates is empty or never set.
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


class Poller:
    def __init__(self, control: StandInControl) -> None:
        self.control = control
        self.allowed: frozenset[str] | None = None
        self._generation = 0

    async def get_updates(self, params: dict[str, Any], *, is_alive: Callable[[], bool]) -> list[dict[str, Any]]:
        c = self.control
        self._generation += 1
        generation = self._generation
        c.notify()  # wakes an older poll, which then sees it was superseded
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = min(max(params.get("timeout", 0), 0), 50)
        if "allowed_updates" in params:
            self.allowed = frozenset(params["allowed_updates"]) or None
        self._confirm(params.get("offset"))
        deadline = time.monotonic() + timeout
        while True:
            changed = c.change_event()
            self._drop_unwanted()
            if c.updates:
                return [update.to_api() for update in c.updates[:limit]]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            if generation != self._generation:
                if is_alive():
                    raise ApiError(409, CONFLICT, violation="two getUpdates requests overlapped")
                return []

    def _confirm(self, offset: int | None) -> None:
        updates = self.control.updates
        if offset is None:
            return
        if offset < 0:
            del updates[: max(len(updates) + offset, 0)]
        else:
            updates[:] = [u for u in updates if u.update_id >= offset]

    def _drop_unwanted(self) -> None:
        """Updates of kinds the bot did not ask for are never delivered."""
        updates = self.control.updates
        if self.allowed is None:
            updates[:] = [u for u in updates if u.kind not in DEFAULT_EXCLUDED]
        else:
            updates[:] = [u for u in updates if u.kind in self.allowed]

"""Room rules read from state events: who may change settings, who may invite the bot.

Pure functions over event content, so they are tested without a homeserver.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Room versions where creators hold unlimited power and are absent from ``users`` (MSC4289).
_CREATOR_POWER_VERSIONS = frozenset({"12"})


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def may_change_state(
    user_id: str,
    power_levels: Mapping[str, Any] | None,
    create: Mapping[str, Any] | None = None,
    creator: str | None = None,
) -> bool:
    """True when ``user_id`` may send ordinary state events (``state_default``) in the room.

    With no power-levels event, the spec gives the creator 100 and everyone 0, and
    ``state_default`` is 0: everyone may. In room version 12, creators always may.
    """
    create = create or {}
    if str(create.get("room_version", "")) in _CREATOR_POWER_VERSIONS:
        creators = {creator, *(create.get("additional_creators") or ())}
        if user_id in creators:
            return True
    if power_levels is None:
        return True
    users = power_levels.get("users") or {}
    level = _int(users.get(user_id), _int(power_levels.get("users_default"), 0))
    return level >= _int(power_levels.get("state_default"), 50)


def server_of(user_id: str) -> str:
    return user_id.split(":", 1)[1] if ":" in user_id else ""


def invite_allowed(inviter: str | None, allow: Iterable[str]) -> bool:
    """True when the inviter matches the allow-list (user ids or server names); empty list: everyone.

    Entries: ``@alice:example.org`` (one user), ``example.org`` or ``:example.org`` (a whole server).
    """
    allow = [entry.strip() for entry in allow if entry.strip()]
    if not allow:
        return True
    if not inviter:
        return False
    server = server_of(inviter)
    for entry in allow:
        if entry.startswith("@"):
            if entry == inviter:
                return True
        elif entry.lstrip(":") == server:
            return True
    return False


def predecessor(create: Mapping[str, Any] | None) -> str | None:
    """The room this one replaces (after an upgrade), from its ``m.room.create`` content."""
    before = (create or {}).get("predecessor")
    if isinstance(before, Mapping) and isinstance(before.get("room_id"), str):
        return before["room_id"]
    return None

"""When a chat must not be disturbed, and when its held alerts are due. Pure: ``now`` is passed in.

A chat holds alerts while it is muted, in its quiet hours (in its own time zone)
or on an hourly or daily digest. Held alerts are sent together as one digest when
the hold ends: at the end of the mute or quiet hours, or at the digest's hour.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.models import Chat

DAILY_HOUR = 8  # a daily digest arrives at 08:00 in the chat's time zone
DIGESTS = ("hourly", "daily")

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?$")


def zone(name: str | None) -> tzinfo | None:
    """A time zone from an IANA name (``Asia/Damascus``) or an offset (``+03:00``, ``UTC+3``); None if unknown."""
    if not name:
        return None
    name = name.strip()
    if name.upper() in ("UTC", "GMT", "Z"):
        return UTC
    if (m := _OFFSET.match(name)) is not None:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if m.group(1) == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def clock(text: str) -> str | None:
    """``7`` or ``07:00`` or ``7:30`` -> ``07:00``/``07:30``; None if not a time of day."""
    m = _CLOCK.match(text.strip())
    if m is None or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        return None
    return f"{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"


def _tz(chat: Chat) -> tzinfo:
    return zone(chat.timezone) or UTC


def chat_time(chat: Chat, now: datetime) -> datetime:
    """``now`` on the chat's clock (its /settings time zone, else UTC)."""
    return now.astimezone(_tz(chat))


def _at(local: datetime, hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(local.date(), time(hour, minute), tzinfo=local.tzinfo)


def is_quiet(chat: Chat, now: datetime) -> bool:
    """Whether ``now`` falls in the chat's quiet hours (start inclusive, end exclusive, may cross midnight)."""
    if not (chat.quiet_start and chat.quiet_end) or chat.quiet_start == chat.quiet_end:
        return False
    local = now.astimezone(_tz(chat)).strftime("%H:%M")
    if chat.quiet_start < chat.quiet_end:
        return chat.quiet_start <= local < chat.quiet_end
    return local >= chat.quiet_start or local < chat.quiet_end


def quiet_ends(chat: Chat, now: datetime) -> datetime:
    """The next end of the chat's quiet hours after ``now``."""
    assert chat.quiet_end is not None
    local = now.astimezone(_tz(chat))
    end = _at(local, chat.quiet_end)
    if end <= local:
        end = _at(local + timedelta(days=1), chat.quiet_end)
    return end.astimezone(UTC)


def is_muted(chat: Chat, now: datetime) -> bool:
    return bool(chat.muted_until and chat.muted_until > now)


def hold_reason(chat: Chat, now: datetime) -> str | None:
    """Why an alert to this chat must wait now (muted, quiet, hourly, daily), or None to send it."""
    if is_muted(chat, now):
        return "muted"
    if is_quiet(chat, now):
        return "quiet"
    if chat.digest in DIGESTS:
        return chat.digest
    return None


def release_at(chat: Chat, now: datetime) -> datetime | None:
    """When a mute or quiet hours holding the chat end; None when neither holds it now."""
    if is_muted(chat, now):
        assert chat.muted_until is not None
        later = release_at(
            Chat(
                chat.key,
                muted_until=None,
                quiet_start=chat.quiet_start,
                quiet_end=chat.quiet_end,
                timezone=chat.timezone,
            ),
            chat.muted_until,
        )
        return max(chat.muted_until, later) if later else chat.muted_until
    if is_quiet(chat, now):
        return quiet_ends(chat, now)
    return None


def next_digest(chat: Chat, now: datetime) -> datetime | None:
    """The end of the chat's current digest period (top of the next hour, or next 08:00 local)."""
    local = now.astimezone(_tz(chat))
    if chat.digest == "hourly":
        due = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    elif chat.digest == "daily":
        due = local.replace(hour=DAILY_HOUR, minute=0, second=0, microsecond=0)
        if due <= local:
            due = (local + timedelta(days=1)).replace(hour=DAILY_HOUR, minute=0, second=0, microsecond=0)
    else:
        return None
    return due.astimezone(UTC)


def plan(chat: Chat, now: datetime, *, has_held: bool) -> datetime | None:
    """When the chat's next digest is due: its period's end, the end of a hold, or now; None if nothing waits."""
    if chat.digest in DIGESTS:
        return next_digest(chat, now)
    if not has_held:
        return None
    return release_at(chat, now) or now

"""When a chat is held (mute, quiet hours in its time zone, digests) and when its digest is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.quiet import clock, hold_reason, is_quiet, next_digest, plan, quiet_ends, zone
from bot.models import Chat

NIGHT = Chat("tg:1", quiet_start="23:00", quiet_end="07:00", timezone="Asia/Damascus")  # UTC+3 in 2024


def at(hhmm: str, day: int = 5) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("utc", "quiet"),
    [("19:59", False), ("20:00", True), ("23:30", True), ("03:59", True), ("04:00", False), ("12:00", False)],
)
def test_quiet_hours_cross_midnight_in_the_chats_time_zone(utc, quiet):
    assert is_quiet(NIGHT, at(utc)) is quiet


def test_quiet_hours_end_at_the_local_end_time():
    assert quiet_ends(NIGHT, at("21:00")) == at("04:00", day=6)
    assert quiet_ends(NIGHT, at("02:00")) == at("04:00")


def test_hold_reasons_in_order():
    now = at("12:00")
    assert hold_reason(Chat("tg:1"), now) is None
    assert hold_reason(Chat("tg:1", digest="daily"), now) == "daily"
    assert hold_reason(Chat("tg:1", digest="daily", muted_until=now + timedelta(hours=1)), now) == "muted"
    assert hold_reason(Chat("tg:1", muted_until=now - timedelta(hours=1)), now) is None
    assert hold_reason(NIGHT, at("21:00")) == "quiet"


def test_digest_periods_end_at_the_hour_and_at_eight_local():
    daily = Chat("tg:1", digest="daily", timezone="+03:00")
    hourly = Chat("tg:1", digest="hourly", timezone="Asia/Kolkata")  # +05:30: its hours start at :30 UTC
    assert next_digest(daily, at("04:59")) == at("05:00")
    assert next_digest(daily, at("05:00")) == at("05:00", day=6)
    assert next_digest(hourly, at("12:10")) == at("12:30")
    assert next_digest(Chat("tg:1"), at("12:10")) is None


def test_plan_sends_held_alerts_when_the_hold_ends():
    now = at("21:00")
    assert plan(NIGHT, now, has_held=True) == at("04:00", day=6)
    assert plan(Chat("tg:1"), now, has_held=True) == now  # nothing holds it any more: now
    assert plan(Chat("tg:1"), now, has_held=False) is None
    muted = Chat("tg:1", muted_until=at("03:00", day=6), quiet_start="23:00", quiet_end="07:00", timezone="+03:00")
    assert plan(muted, now, has_held=True) == at("04:00", day=6)  # the mute ends inside quiet hours


@pytest.mark.parametrize(
    ("name", "offset"),
    [("UTC", 0), ("+03:00", 180), ("UTC+3", 180), ("-0430", -270), ("Asia/Damascus", 180), ("Mars/Olympus", None)],
)
def test_time_zones_by_name_or_offset(name, offset):
    tz = zone(name)
    if offset is None:
        assert tz is None
    else:
        assert tz is not None and datetime(2024, 3, 5, tzinfo=tz).utcoffset() == timedelta(minutes=offset)


def test_clock_times():
    assert [clock(x) for x in ("7", "07:00", "23:5", "23:59", "24:00", "soon")] == [
        "07:00",
        "07:00",
        None,
        "23:59",
        None,
        None,
    ]

"""Row <-> model conversions, in one place."""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

from bot.models import Chat, Delivery, Event, Report, Subscription


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def pack(value: str) -> bytes:
    """A long text column as stored: zlib-compressed UTF-8 (a report's text is most of its row)."""
    return zlib.compress(value.encode("utf-8"), 6)


def unpack(value: str | bytes | None) -> str:
    """A text column as read: rows written before m011 (and rows added by hand) hold plain text."""
    if isinstance(value, bytes):
        return zlib.decompress(value).decode("utf-8")
    return value or ""


def report_from_row(row: dict[str, Any]) -> Report:
    return Report(
        id=row["id"],
        title=row["title"],
        text=unpack(row["text"]),
        summary=row["summary"],
        language=row["language"],
        events=tuple(Event.from_json(e) for e in json.loads(unpack(row["events"]) or "[]")),
        source=row["source"],
        url=row["url"],
        published=parse_time(row["published"]),
        received=datetime.fromisoformat(row["received"]),
        incident=row["incident"],
        duplicate_of=row["duplicate_of"],
        note=row.get("note"),
    )


def subscription_from_row(row: dict[str, Any]) -> Subscription:
    return Subscription(
        id=row["id"],
        chat=row["chat"],
        types=tuple(json.loads(row["types"])),
        places=tuple(json.loads(row["places"])),
        keywords=tuple(json.loads(row["keywords"])),
        exclude=tuple(json.loads(row["exclude"])),
        min_killed=row["min_killed"],
        active=bool(row["active"]),
        min_severity=row.get("min_severity"),
        with_casualties=bool(row.get("with_casualties") or 0),
    )


def chat_from_row(row: dict[str, Any]) -> Chat:
    return Chat(
        key=row["key"],
        language=row["language"],
        kind=row["kind"],
        muted_until=parse_time(row["muted_until"]),
        digest=row["digest"],
        disabled=bool(row["disabled"]),
        quiet_start=row.get("quiet_start"),
        quiet_end=row.get("quiet_end"),
        timezone=row.get("timezone") or "UTC",
        alert_maps=bool(row.get("alert_maps") or 0),
    )


def delivery_from_row(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=row["id"],
        chat=row["chat"],
        report_id=row["report_id"],
        kind=row["kind"],
        state=row["state"],
        attempts=row["attempts"],
        payload=json.loads(row["payload"] or "{}"),
        message_ref=row["message_ref"],
    )

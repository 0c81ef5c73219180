"""Domain objects shared by every layer: plain frozen dataclasses, no I/O.

Each object that appears in the public contract has one ``to_json()`` whose
keys match ``CONTRACT.md``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ChatKey = str
"""A chat across transports, as stored and passed around: ``"tg:123"``, ``"tg:-100/7"`` (a forum topic),
``"mx:!room:server"``, ``"console:local"``. ``ChatAddress.parse`` reads one; ``str(address)`` writes one."""

ReportId = int

_TRANSPORT = re.compile(r"[a-z]+")
_TELEGRAM_ID = re.compile(r"-?[1-9][0-9]*")
_THREAD = re.compile(r"[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class ChatAddress:
    """A chat key read into its parts: the transport, the chat's id there, and a Telegram forum topic.

    Chat keys travel as text (storage, outbox rows, handler contexts); this is the one place that knows their
    grammar, so transports, delivery and storage parse and write keys here and nowhere else. Telegram ids are
    integers and only Telegram keys carry a topic (``tg:<chat>/<topic>``); a Matrix room id keeps its colons.
    """

    transport: str  # tg | mx | console
    id: str  # "-100123", "!room:server", "local"
    thread: str | None = None  # a Telegram forum topic's id

    def __post_init__(self) -> None:
        if not _TRANSPORT.fullmatch(self.transport):
            raise ValueError(f"not a chat key: bad transport {self.transport!r}")
        if not self.id or any(c.isspace() for c in self.id):
            raise ValueError(f"not a chat key: bad chat id {self.id!r}")
        if self.transport == "tg":
            if not _TELEGRAM_ID.fullmatch(self.id):
                raise ValueError(f"not a chat key: a Telegram chat id is an integer, not {self.id!r}")
            if self.thread is not None and not _THREAD.fullmatch(self.thread):
                raise ValueError(f"not a chat key: a topic id is a positive integer, not {self.thread!r}")
        elif self.thread is not None:
            raise ValueError("not a chat key: only Telegram chats have topics")

    @classmethod
    def parse(cls, key: ChatKey) -> ChatAddress:
        """``"tg:-100/7"`` -> ChatAddress("tg", "-100", "7"); ValueError for anything that is not a chat key."""
        if not isinstance(key, str):
            raise ValueError(f"not a chat key: {key!r}")
        transport, sep, rest = key.partition(":")
        if not sep:
            raise ValueError(f"not a chat key: {key!r}")
        thread = None
        if transport == "tg" and "/" in rest:
            rest, _, thread = rest.partition("/")
        return cls(transport, rest, thread)

    @classmethod
    def telegram(cls, chat_id: int, thread_id: int | None = None) -> ChatAddress:
        return cls("tg", str(chat_id), None if thread_id is None else str(thread_id))

    @property
    def key(self) -> ChatKey:
        return f"{self.transport}:{self.id}" + (f"/{self.thread}" if self.thread is not None else "")

    @property
    def chat(self) -> ChatAddress:
        """The chat a topic belongs to (itself when it is no topic): rate limits and message ids are per chat."""
        return ChatAddress(self.transport, self.id) if self.thread is not None else self

    def __str__(self) -> str:
        return self.key


EVENT_TYPES: tuple[str, ...] = (
    "airstrike",
    "shelling",
    "clashes",
    "territory_change",
    "bombing",
    "attack_on_civilians",
    "chemical_attack",
    "arrests",
    "ceasefire",
    "diplomacy",
    "displacement",
    "protest",
)


def content_hash(text: str) -> str:
    """The stable identity of a report's content (sha256 of its stripped text)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a community, subdistrict, district or governorate."""

    name: str
    name_ar: str | None
    governorate: str | None
    pcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    level: str = "community"  # community | subdistrict | district | governorate

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "name_ar": self.name_ar,
            "governorate": self.governorate,
            "pcode": self.pcode,
            "lat": self.lat,
            "lon": self.lon,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Place | None:
        if not data:
            return None
        return cls(
            name=data["name"],
            name_ar=data.get("name_ar"),
            governorate=data.get("governorate"),
            pcode=data.get("pcode"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            level=data.get("level", "community"),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """One incident read from a report. Unknown counts are ``None``."""

    type: str
    location: Place | None = None
    killed: int | None = None
    injured: int | None = None
    killed_children: int | None = None
    killed_women: int | None = None
    actors: tuple[str, ...] = ()
    evidence: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "location": self.location.to_json() if self.location else None,
            "killed": self.killed,
            "injured": self.injured,
            "killed_children": self.killed_children,
            "killed_women": self.killed_women,
            "actors": list(self.actors),
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(
            type=data["type"],
            location=Place.from_json(data.get("location")),
            killed=data.get("killed"),
            injured=data.get("injured"),
            killed_children=data.get("killed_children"),
            killed_women=data.get("killed_women"),
            actors=tuple(data.get("actors") or ()),
            evidence=data.get("evidence") or "",
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """What ``analyze()`` makes of one report's text."""

    language: str
    title: str
    summary: str
    events: tuple[Event, ...] = ()
    partial: tuple[int, int] | None = None  # (sentences read, sentences in the text) when stopped early
    relevance: float | None = None  # probability that it is news of the war in Syria (analysis.relevance)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "language": self.language,
            "title": self.title,
            "summary": self.summary,
            "events": [e.to_json() for e in self.events],
        }
        if self.partial is not None:
            out["partial"] = {"sentences_read": self.partial[0], "sentences": self.partial[1]}
        if self.relevance is not None:
            out["relevance"] = self.relevance
        return out


@dataclass(frozen=True, slots=True)
class RawReport:
    """A report as a source yields it, before analysis."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str = "inbox"
    published: datetime | None = None
    origin: str | None = None  # file path or feed entry id, for logs and notes

    @property
    def content_hash(self) -> str:
        return content_hash((self.title or "") + "\n" + self.text)


@dataclass(frozen=True, slots=True)
class Report:
    """A stored report with its analysis."""

    id: ReportId
    title: str
    text: str
    summary: str
    language: str
    events: tuple[Event, ...]
    source: str
    url: str | None
    published: datetime | None
    received: datetime
    incident: int | None = None
    duplicate_of: ReportId | None = None
    note: str | None = None  # why the analysis is incomplete ("stopped after the 10 s budget …"), else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "language": self.language,
            "events": [e.to_json() for e in self.events],
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "received": self.received.isoformat(),
            "incident": self.incident,
            "duplicate_of": self.duplicate_of,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's standing request for alerts; empty filters match everything."""

    id: int
    chat: ChatKey
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # normalised place names or p-codes
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_killed: int | None = None
    active: bool = True
    min_severity: float | None = None  # see bot/incidents/severity.py
    with_casualties: bool = False  # only reports that state killed or injured


@dataclass(frozen=True, slots=True)
class Chat:
    """A chat's stored settings."""

    key: ChatKey
    language: str = "ar"
    kind: str = "private"  # private | group | channel
    muted_until: datetime | None = None
    digest: str | None = None  # None | hourly | daily
    disabled: bool = False
    quiet_start: str | None = None  # "23:00": alerts held from then ...
    quiet_end: str | None = None  # ... until "07:00", in the chat's time zone, then sent as one digest
    timezone: str = "UTC"  # an IANA zone ("Asia/Damascus") or a fixed offset ("+03:00")
    alert_maps: bool = False  # alerts come with a small locator map (a /settings toggle)


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: a label and the command it stands for (≤ 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A PNG to send with a reply (a map, a chart). ``digest`` names the picture: same bytes, same digest,
    so a transport that stores uploads (Telegram's file_id) sends the same picture to other chats without
    uploading it again."""

    png: bytes
    width: int
    height: int
    name: str = "map.png"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.png).hexdigest()

    @property
    def size(self) -> int:
        return len(self.png)


@dataclass(frozen=True, slots=True)
class Reply:
    """A transport-neutral message: plain text, the same as Telegram-subset HTML, buttons.

    ``html`` uses only tags that both Telegram and Matrix accept (b, i, a, code,
    blockquote), with every piece of report text escaped.
    """

    text: str
    html: str | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message the button was pressed on
    picture: Picture | None = None  # sent with the text: as its caption where it fits, else after it


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox row: one alert (or update, or digest) for one chat."""

    id: int
    chat: ChatKey
    report_id: ReportId | None
    kind: str  # alert | update | digest | notice
    state: str  # a storage.outbox.DeliveryState: pending | claimed | sending | sent | failed | held | digested
    attempts: int = 0
    payload: dict[str, Any] = field(default_factory=dict)
    message_ref: str | None = None


@dataclass(frozen=True, slots=True)
class MergedIncident:
    """An incident's new values once one more report is added (bot.incidents.merge decides, storage writes).

    ``incident`` None: a new incident, led by the report."""

    incident: int | None
    type: str | None
    killed: int | None
    injured: int | None
    killed_children: int | None
    killed_women: int | None
    severity: float
    location: Place | None  # the place to write, when ``relocated``
    place: str | None  # its place key
    region: str | None  # its governorate's region key
    relocated: bool  # a new incident, or one narrowed to the report's place ("Idlib" becomes "Ariha")

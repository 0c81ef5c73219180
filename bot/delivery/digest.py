"""Digests: held alerts sent as one message that groups incidents by place and type, with totals.

``Digests.run_due()`` is the whole job: for every chat whose digest is due (the
due time is kept in SQLite, see storage/digests.py) it writes one ``digest``
outbox row and marks the held rows, in one transaction. ``schedule()`` lets the
supervisor's APScheduler run it at the next due time (at most a minute apart),
so a digest missed while the bot was down is sent once right after it restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from bot.delivery.quiet import chat_time, next_digest, plan, release_at
from bot.delivery.render import _ICONS, counts
from bot.i18n import t
from bot.incidents.linking import IncidentState
from bot.maps.chart import TREND_DAYS, chart_data
from bot.models import Chat, Event
from storage import Store
from storage.front import AsyncStore

logger = logging.getLogger(__name__)

JOB_ID = "digests"
MAX_WAIT = 60.0  # look at the schedule at least this often (settings change it)


@dataclass(slots=True)
class Group:
    """The period's incidents of one type in one place."""

    place: str
    type: str
    incidents: int = 0
    killed: int = 0
    injured: int = 0
    killed_children: int = 0
    killed_women: int = 0
    severity: float = 0.0
    towns: list[str] = field(default_factory=list)


def _place_of(incident: IncidentState, language: str) -> tuple[str, str | None]:
    """(the group's place: governorate, else the place itself; the town inside it, if any)."""
    place = incident.location
    if place is None:
        return t(language, "digest.no_place"), None
    town = (place.name_ar or place.name) if language == "ar" else place.name
    if place.governorate and place.level != "governorate":
        return place.governorate, town
    return town, None


def group_incidents(incidents: Iterable[IncidentState], language: str) -> list[Group]:
    """Incidents grouped by (place, type), the most severe group first."""
    groups: dict[tuple[str, str], Group] = {}
    for incident in incidents:
        place, town = _place_of(incident, language)
        type_ = incident.type or ""
        group = groups.setdefault((place, type_), Group(place, type_))
        group.incidents += 1
        group.killed += incident.killed or 0
        group.injured += incident.injured or 0
        group.killed_children += incident.killed_children or 0
        group.killed_women += incident.killed_women or 0
        group.severity += incident.severity
        if town and town not in group.towns:
            group.towns.append(town)
    return sorted(groups.values(), key=lambda g: (-g.severity, -g.incidents, g.place, g.type))


def render_digest(kind: str, incidents: list[IncidentState], language: str) -> dict[str, Any]:
    """The digest as an outbox payload: ``text`` and ``html``, plus the totals for tests and logs."""
    groups = group_incidents(incidents, language)
    total = Group("", "")
    for g in groups:
        total.incidents += g.incidents
        total.killed += g.killed
        total.injured += g.injured
        total.killed_children += g.killed_children
        total.killed_women += g.killed_women
    header = t(language, f"digest.header_{kind}", n=total.incidents)
    text_lines, html_lines = [f"🗞 {header}"], [f"🗞 <b>{escape(header, quote=False)}</b>"]
    for g in groups:
        label = t(language, f"event.{g.type}") if g.type else t(language, "alert.report")
        head = f"{_ICONS.get(g.type, '•')} {label} — {g.place}"
        detail = [t(language, "digest.incidents", n=g.incidents)]
        if tally := counts(_as_event(g), language):
            detail.append(tally)
        line = f"{head}: {' · '.join(detail)}"
        towns = ("، " if language == "ar" else ", ").join(g.towns[:4])
        text_lines.append(line + (f"\n   {towns}" if towns else ""))
        html_lines.append(
            f"<b>{escape(head, quote=False)}</b>: {escape(' · '.join(detail), quote=False)}"
            + (f"\n   <i>{escape(towns, quote=False)}</i>" if towns else "")
        )
    summary = [t(language, "digest.incidents", n=total.incidents)]
    if tally := counts(_as_event(total), language):
        summary.append(tally)
    footer = f"{t(language, 'digest.total')}: {' · '.join(summary)}"
    text_lines.append(footer)
    html_lines.append(escape(footer, quote=False))
    return {
        "text": "\n".join(text_lines),
        "html": "\n".join(html_lines),
        "totals": {
            "incidents": total.incidents,
            "killed": total.killed,
            "injured": total.injured,
            "killed_children": total.killed_children,
        },
    }


def _as_event(group: Group) -> Event:
    return Event(
        type=group.type,
        killed=group.killed or None,
        injured=group.injured or None,
        killed_children=group.killed_children or None,
        killed_women=group.killed_women or None,
    )


class Digests:
    """Turns held alerts into digests when they are due. Blocking: run it in a thread."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.clock = clock

    def hold(self, delivery_id: int, chat: Chat, reason: str, now: datetime | None = None) -> None:
        """Hold one alert for the chat's next digest, and make sure that digest is scheduled."""
        now = now or self.clock()
        self.store.digests.hold(delivery_id, reason)
        if self.store.digests.due_at(chat.key) is None:
            due = plan(chat, now, has_held=True)
            self.store.digests.set_due(chat.key, due.timestamp() if due else now.timestamp())

    def run_due(self, now: datetime | None = None) -> int:
        """Queue every digest due at ``now``; return how many were queued."""
        now = now or self.clock()
        digests = self.store.digests
        for key in digests.unscheduled():
            chat = self.store.chats.get(key)
            if chat is not None:
                due = plan(chat, now, has_held=bool(digests.held(key)))
                digests.set_due(key, due.timestamp() if due else None)
        queued = 0
        for key in digests.due(now.timestamp()):
            try:
                queued += self._run_chat(key, now)
            except Exception:  # one chat's broken digest must not hold back the others'
                logger.exception("digest for %s failed", key)
        return queued

    def _run_chat(self, key: str, now: datetime) -> int:
        digests = self.store.digests
        chat = self.store.chats.get(key)
        if chat is None or chat.disabled:
            digests.set_due(key, None)
            return 0
        if (until := release_at(chat, now)) is not None:  # muted or quiet: not yet
            digests.set_due(key, until.timestamp())
            return 0
        held = digests.held(key)
        following = next_digest(chat, now)
        payload = None
        if held:
            reports = {r.report_id for r in held if r.report_id is not None}
            incident_ids = sorted({i for i in map(self._incident_of, reports) if i is not None})
            incidents = list(self.store.incidents.many(incident_ids).values())
            kind = chat.digest if chat.digest in ("hourly", "daily") else "held"
            payload = render_digest(kind, incidents, chat.language)
            if kind == "daily":  # with a chart: the day's incidents by governorate and type, the week's trend
                week = self.store.incidents.recent(now - timedelta(days=TREND_DAYS), now)
                payload["chart"] = chart_data(incidents, [i for i in week if i.type], chat_time(chat, now))
        digest_id = digests.write(key, [r.id for r in held], payload, following.timestamp() if following else None)
        if digest_id is not None:
            logger.info("digest of %d held alerts queued for %s", len(held), key, extra={"chat": key})
            return 1
        return 0

    def _incident_of(self, report_id: int) -> int | None:
        report = self.store.reports.get(report_id)
        return report.incident if report else None

    def next_due(self) -> datetime | None:
        due = self.store.digests.next_due()
        return datetime.fromtimestamp(due, UTC) if due is not None else None


def schedule(scheduler: Any, digests: Digests, *, on_queued: Callable[[], None], max_wait: float = MAX_WAIT) -> None:
    """Run ``digests.run_due`` on an APScheduler scheduler at each next due time, re-armed after every run.

    The due times live in SQLite, not in the scheduler's memory: after a restart the
    first run (at once) finds what was due while the bot was down.
    """

    def arm(when: datetime) -> None:
        scheduler.add_job(
            tick,
            "date",
            run_date=when,
            id=JOB_ID,
            name=JOB_ID,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def run() -> tuple[int, datetime | None]:
        return digests.run_due(), digests.next_due()

    async def tick() -> None:
        cap = datetime.now(UTC) + timedelta(seconds=max_wait)
        try:
            queued, due = await AsyncStore.over(digests.store).write(run)  # the store's writer thread
            if queued:
                on_queued()
            if due is not None and due < cap:
                cap = max(due, datetime.now(UTC))
        except Exception:
            logger.exception("digest run failed; trying again in %.0fs", max_wait)
        finally:
            arm(cap)

    arm(datetime.now(UTC))

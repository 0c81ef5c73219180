"""Which report copies which, which incident a report belongs to, and when a toll rises.

Two questions, asked in order for every new report:

1. Is it a *duplicate*: a copy or light rewrite of a recent report (MinHash similarity
   over the threshold) that says the same thing (same place, same counts)? Then it
   joins that report's incident and becomes "also reported by" on it.
2. Otherwise, is it another report of a known *incident*: same type, same place,
   within ``INCIDENT_WINDOW`` of the incident's first report, with compatible counts?
3. Failing that, one relaxation at a time, when exactly one known incident within
   ``RELATED_WINDOW`` is near enough in type and place that the report could belong to it:
   a place inside the other (a governorate-level report of a town's strike, or the reverse)
   with the same type, or the same place with a related type (outlets call one strike
   "airstrike" and "shelling"); either way the counts must agree strongly.

A template shared by two strikes on two towns fails both tests on the place; the
same town a few days later fails on the window; a count that halves fails on counts;
a governorate-level report that could belong to two towns' strikes links to neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.analysis.normalize import normalize
from bot.incidents.similarity import Signature, similarity
from bot.models import Event, Place, ReportId
from bot.places import nested

DUPLICATE_THRESHOLD = 0.5
DUPLICATE_WINDOW = timedelta(days=3)
INCIDENT_WINDOW = timedelta(hours=36)
LAGGING_SHARE = 0.5  # a later report may lag behind the toll, down to half of it
RELATED_WINDOW = timedelta(hours=24)  # a relaxed link (nested place or related type): the same day or so
RELATED_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"airstrike", "shelling"}),  # outlets disagree on who fired: "قصف جوي" / "قصف"
    frozenset({"bombing", "attack_on_civilians"}),  # an explosion aimed at civilians
)
STRONG_KILLED = 2  # a relaxed link needs a toll both sides state, at least this ...
STRONG_INJURED = 3  # ... or, when neither states the dead, this many wounded on both sides
STRONG_SHARE = 0.5  # ... and the smaller count at least half the larger


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recent stored report, reduced to what the duplicate test needs."""

    report_id: ReportId
    at: datetime
    signature: Signature
    event: Event | None  # its lead event
    incident: int | None = None
    duplicate_of: ReportId | None = None


@dataclass(frozen=True, slots=True)
class IncidentState:
    """A known incident: what the reports linked to it say together."""

    id: int
    type: str | None
    place: str | None  # place_key() of its location
    first_at: datetime
    killed: int | None = None
    injured: int | None = None
    killed_children: int | None = None
    killed_women: int | None = None
    location: Place | None = None
    severity: float = 0.0
    lead_report: ReportId | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """Where a new report belongs. ``incident`` None: it starts a new incident."""

    duplicate_of: ReportId | None = None
    incident: int | None = None
    similarity: float = 0.0
    toll: int | None = None  # the new killed count when this report raises the incident's toll


def place_key(place: Place | None) -> str | None:
    """One key per place whatever the spelling: the p-code, else the folded English or Arabic name."""
    if place is None:
        return None
    if place.pcode:
        return f"pcode:{place.pcode}"
    name = place.name or place.name_ar
    return f"name:{normalize(name)}" if name else None


def counts_compatible(earlier: int | None, later: int | None) -> bool:
    """Whether two tolls may describe one incident: unknown, rising, or lagging by at most half."""
    if earlier is None or later is None or later >= earlier:
        return True
    return later >= earlier * LAGGING_SHARE


def types_related(a: str | None, b: str | None) -> bool:
    """Whether two different event types may name one incident (airstrike ~ shelling, bombing ~ attack)."""
    return a != b and any({a, b} <= group for group in RELATED_TYPES)


def _close(x: int, y: int, floor: int) -> bool:
    low, high = sorted((x, y))
    return high >= floor and low >= high * STRONG_SHARE


def counts_agree(incident: IncidentState, event: Event, at: datetime) -> bool:
    """Strong agreement, for relaxed links: a non-trivial toll both state, close, and no count in conflict."""
    later_first = at >= incident.first_at
    for name in ("killed", "injured", "killed_children"):
        known, new = getattr(incident, name), getattr(event, name)
        earlier, later = (known, new) if later_first else (new, known)
        if not counts_compatible(earlier, later):
            return False
    if incident.killed is not None and event.killed is not None:
        return _close(incident.killed, event.killed, STRONG_KILLED)
    if incident.killed is None and event.killed is None and incident.injured is not None and event.injured is not None:
        return _close(incident.injured, event.injured, STRONG_INJURED)
    return False


def _same_story(a: Event | None, b: Event | None) -> bool:
    """Whether two reports' lead events can be one text's copies: no conflicting place or counts."""
    if a is None or b is None:
        return a is None and b is None
    ka, kb = place_key(a.location), place_key(b.location)
    if ka and kb and ka != kb:
        return False
    for x, y in ((a.killed, b.killed), (a.injured, b.injured), (a.killed_children, b.killed_children)):
        if x is not None and y is not None and x != y:
            return False
    return True


def find_duplicate(
    sig: Signature,
    event: Event | None,
    at: datetime,
    candidates: Iterable[Candidate],
    *,
    threshold: float = DUPLICATE_THRESHOLD,
) -> tuple[Candidate, float] | None:
    """The recent report this one copies (the most similar), with the similarity; None if none."""
    best: tuple[Candidate, float] | None = None
    for candidate in candidates:
        if abs(at - candidate.at) > DUPLICATE_WINDOW:
            continue
        score = similarity(sig, candidate.signature)
        if score < threshold or not _same_story(event, candidate.event):
            continue
        if best is None or score > best[1]:
            best = (candidate, score)
    return best


def find_incident(event: Event | None, at: datetime, incidents: Iterable[IncidentState]) -> IncidentState | None:
    """The known incident this event reports, the nearest in time; None if none."""
    if event is None:
        return None
    key = place_key(event.location)
    if key is None:
        return None
    incidents = list(incidents)
    best: IncidentState | None = None
    for incident in incidents:
        if incident.type != event.type or incident.place != key:
            continue
        if abs(at - incident.first_at) > INCIDENT_WINDOW:
            continue
        earlier, later = (incident.killed, event.killed) if at >= incident.first_at else (event.killed, incident.killed)
        if not counts_compatible(earlier, later):
            continue
        if best is None or abs(at - incident.first_at) < abs(at - best.first_at):
            best = incident
    return best or _related_incident(event, key, at, incidents)


def _related_incident(event: Event, key: str, at: datetime, incidents: list[IncidentState]) -> IncidentState | None:
    """The one incident a report may belong to with one relaxation (rule 3 above); None when there are several."""
    near = [
        i
        for i in incidents
        if abs(at - i.first_at) <= RELATED_WINDOW
        and (i.type == event.type or types_related(i.type, event.type))
        and (i.place == key or nested(i.location, event.location))
    ]
    if len(near) != 1:
        return None
    (incident,) = near
    same_place, same_type = incident.place == key, incident.type == event.type
    if same_place == same_type:  # both exact failed rule 2 already; neither exact is two relaxations
        return None
    return incident if counts_agree(incident, event, at) else None


def toll_rise(incident: IncidentState, event: Event | None) -> int | None:
    """The new toll when the event reports more dead than the incident knew of; else None."""
    if event is None or event.killed is None:
        return None
    if event.killed > (incident.killed or 0):
        return event.killed
    return None


def link(
    sig: Signature,
    event: Event | None,
    at: datetime,
    candidates: Iterable[Candidate],
    incidents: Iterable[IncidentState],
) -> Link:
    """Decide where a new report belongs (see the module docstring)."""
    incidents = list(incidents)
    by_id = {i.id: i for i in incidents}
    found = find_duplicate(sig, event, at, candidates)
    if found is not None:
        candidate, score = found
        root = candidate.duplicate_of or candidate.report_id
        incident = by_id.get(candidate.incident) if candidate.incident is not None else None
        toll = toll_rise(incident, event) if incident else None
        return Link(duplicate_of=root, incident=candidate.incident, similarity=score, toll=toll)
    incident = find_incident(event, at, incidents)
    if incident is None:
        return Link()
    return Link(incident=incident.id, toll=toll_rise(incident, event))

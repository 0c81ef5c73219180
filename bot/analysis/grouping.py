"""Which incident of a report a violent sentence joins, found through an index instead of a scan.

A violent sentence naming a place joins the last incident of its type told about the same place (or about no place
yet); a report with thousands of places would otherwise compare every sentence with every incident so far (a 500 KB
list of strikes on 3,500 towns: 12 s per MB and growing). :func:`same_place` is the rule; :class:`PlaceGroups`
answers "the last incident of this type whose place is the same as this one" from the few keys two same places
share, in time independent of the number of incidents.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable
from typing import Protocol

from bot.models import Place

__all__ = ["PlaceGroups", "same_place"]


def same_place(a: Place, b: Place) -> bool:
    """One place names the other or contains it (a town and its governorate, a district and a town in it)."""
    if a.pcode == b.pcode or a.name_ar == b.name_ar:
        return True
    if a.governorate != b.governorate:
        return False
    return "governorate" in (a.level, b.level) or a.pcode.startswith(b.pcode) or b.pcode.startswith(a.pcode)


class _Grouped(Protocol):
    kind: str
    place: Place | None


def _keys(place: Place | None) -> frozenset[Hashable]:
    """What an incident at ``place`` is filed under: each key stands for one way :func:`same_place` can hold."""
    if place is None:
        return _NONE
    gov, pcode = place.governorate, place.pcode
    keys: set[Hashable] = {("pcode", pcode), ("name", place.name_ar), ("gov", gov), ("code", gov, pcode)}
    if place.level == "governorate":
        keys.add(("gov-level", gov))
    if pcode:
        keys.update(("prefix", gov, pcode[:n]) for n in range(1, len(pcode) + 1))
    return frozenset(keys)


_NONE: frozenset[Hashable] = frozenset({("none",)})


def _query(place: Place) -> list[Hashable]:
    """The keys of the incidents :func:`same_place` matches with ``place`` (or that have no place yet)."""
    gov, pcode = place.governorate, place.pcode
    out: list[Hashable] = [("none",), ("pcode", pcode), ("name", place.name_ar), ("gov-level", gov)]
    if place.level == "governorate":
        out.append(("gov", gov))  # every incident in the governorate
    if pcode:
        out.append(("prefix", gov, pcode))  # incidents whose code starts with this one: places inside it
        out += [("code", gov, pcode[:n]) for n in range(1, len(pcode))]  # places that contain it
    return out


class PlaceGroups:
    """The incidents of one report filed by type and place keys, each bucket in the order they were told.

    Call :meth:`add` for each new incident and :meth:`moved` after changing an incident's place. A bucket may
    keep an incident its place no longer fits; :meth:`last` drops those as it meets them, so each is dropped once.
    """

    def __init__(self) -> None:
        self._serial: dict[int, int] = {}  # id(incident) -> the order it was told in
        self._keys: dict[int, frozenset[Hashable]] = {}
        self._filed: dict[int, tuple[Place, frozenset[Hashable]]] = {}  # id(place) -> (place, its _keys)
        self._buckets: dict[tuple[str, Hashable], list[tuple[int, _Grouped]]] = {}
        # (kind, id(place)) -> [place, the buckets to look in, version, answer]: a report names the same places
        # again and again, and the answer stands until an incident of that kind is added or moved (its version)
        self._asked: dict[tuple[str, int], list] = {}
        self._version: dict[str, int] = {}

    def add(self, incident: _Grouped) -> None:
        self._serial[id(incident)] = len(self._serial)
        self._keys[id(incident)] = frozenset()
        self.moved(incident)

    def moved(self, incident: _Grouped) -> None:
        serial = self._serial[id(incident)]
        place = incident.place
        if place is None:
            now = _NONE
        else:
            filed_at = self._filed.get(id(place))
            if filed_at is None or filed_at[0] is not place:
                filed_at = self._filed[id(place)] = (place, _keys(place))
            now = filed_at[1]
        filed = self._keys[id(incident)]
        for key in now - filed:
            bucket = self._buckets.setdefault((incident.kind, key), [])
            if not bucket or bucket[-1][0] < serial:
                bucket.append((serial, incident))  # the usual case: the newest incident
            else:
                bisect.insort(bucket, (serial, incident), key=lambda e: e[0])
        self._keys[id(incident)] = now
        self._version[incident.kind] = self._version.get(incident.kind, 0) + 1

    def last(self, kind: str, place: Place) -> _Grouped | None:
        """The last incident of ``kind`` told so far at no place or at a place :func:`same_place` with ``place``."""
        best: tuple[int, _Grouped] | None = None
        asked = self._asked.get((kind, id(place)))
        if asked is None or asked[0] is not place:
            asked = self._asked[kind, id(place)] = [place, [(kind, key) for key in _query(place)], -1, None]
        version = self._version.get(kind, 0)
        if asked[2] == version:
            return asked[3]
        for kind_key in asked[1]:
            key = kind_key[1]
            bucket = self._buckets.get(kind_key)
            while bucket:
                serial, incident = bucket[-1]
                if key in self._keys[id(incident)]:
                    if best is None or serial > best[0]:
                        best = (serial, incident)
                    break
                bucket.pop()  # its place has changed since it was filed here
        asked[2], asked[3] = version, best[1] if best else None
        return asked[3]

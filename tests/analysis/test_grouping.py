"""PlaceGroups answers what a scan of every incident with same_place answers, in any order of adds and moves."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from importlib import resources

from bot.analysis.grouping import PlaceGroups, same_place
from bot.models import Place


@dataclass(eq=False)
class _Inc:
    kind: str
    place: Place | None


def _places() -> list[Place]:
    raw = json.loads(resources.files("bot.analysis").joinpath("data", "gazetteer.json").read_text("utf-8"))
    return [Place(name=r[0], name_ar=r[1], governorate=r[2], pcode=r[3], level=r[6]) for r in raw["places"] if r[3]]


def _scan(out: list[_Inc], kind: str, place: Place) -> _Inc | None:
    same = [i for i in out if i.kind == kind and (i.place is None or same_place(i.place, place))]
    return same[-1] if same else None


def test_last_matches_a_scan_of_every_incident():
    places = _places()
    # Few governorates and their districts, subdistricts and towns, so that many places contain one another.
    some = [p for p in places if p.governorate in ("Idlib", "Hama")]
    pool = [p for p in some if p.level != "community"] + random.Random(0).sample(
        [p for p in some if p.level == "community"], 60
    )
    pool.append(Place(name="Twin", name_ar=pool[-1].name_ar, governorate="Aleppo", pcode="C9999", level="community"))
    for seed in range(20):
        rnd = random.Random(seed)
        groups, out = PlaceGroups(), []
        for _ in range(400):
            kind = rnd.choice(("airstrike", "shelling"))
            place = rnd.choice(pool)
            assert groups.last(kind, place) is _scan(out, kind, place)
            roll = rnd.random()
            if roll < 0.3 or not out:
                inc = _Inc(kind, rnd.choice([None, place]))
                out.append(inc)
                groups.add(inc)
            elif roll < 0.6:
                inc = rnd.choice(out)
                inc.place = rnd.choice(pool)
                groups.moved(inc)


def test_same_place_rule():
    idlib = Place(name="Idlib", name_ar="ادلب", governorate="Idlib", pcode="SY07", level="governorate")
    town = Place(name="Kafr Nabl", name_ar="كفرنبل", governorate="Idlib", pcode="C4128", level="community")
    other = Place(name="Saraqab", name_ar="سراقب", governorate="Idlib", pcode="C3938", level="community")
    hama = Place(name="Hama", name_ar="حماه", governorate="Hama", pcode="SY05", level="governorate")
    groups = PlaceGroups()
    first = _Inc("airstrike", idlib)
    groups.add(first)
    assert groups.last("airstrike", town) is first  # the town is in the governorate told before
    assert groups.last("airstrike", hama) is None
    assert groups.last("shelling", town) is None
    first.place = town
    groups.moved(first)
    assert groups.last("airstrike", other) is None  # once the incident is the town, another town is not it
    assert groups.last("airstrike", idlib) is first
    assert same_place(town, idlib) and not same_place(town, other)

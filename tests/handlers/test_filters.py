"""Subscription filters: each kind, typed in Arabic and in English, parsed and then matched against reports."""

from __future__ import annotations

import importlib.util
from dataclasses import asdict, replace

import pytest

from bot.delivery.match import matches
from bot.models import Analysis, Event, Place, Subscription
from bot.places import PlaceKey, place_matches
from handlers.filters import Filters, parse_filters, resolve_place
from tests.incidents.places import ARIHA, ATAREB, HARASTA, KAFR_NOBOL, MAARAT

KAFR_NOBOL_DISTRICT = Place("Kafr Nobol", "كفر نبل", "Idlib", "SY070203", level="subdistrict")


def _has_gazetteer() -> bool:
    return importlib.util.find_spec("bot.analysis.places") is not None


def _sub(filters: Filters) -> Subscription:
    return Subscription(id=1, chat="tg:1", **asdict(filters))


def _report(text: str, *events: Event) -> tuple[Analysis, str]:
    return Analysis(language="ar", title=text.split(".")[0], summary=text, events=events), text


STRIKE_ARIHA = _report(
    "غارة جوية على أريحا تقتل خمسة مدنيين بينهم طفلان.", Event("airstrike", ARIHA, killed=5, killed_children=2)
)
SHELLING_ATAREB = _report("Shelling on Atareb wounds three; no deaths reported.", Event("shelling", ATAREB, injured=3))
ARRESTS_HARASTA = _report("حملة اعتقالات في حرستا بريف دمشق.", Event("arrests", HARASTA))
TRUCE_TEXT = _report(
    "Ceasefire talks in Idlib stall as an airstrike hits Maarat al-Numan, killing one.",
    Event("airstrike", MAARAT, killed=1),
)
NO_PLACE = _report("اشتباكات عنيفة على أطراف مدينة إدلب.", Event("clashes", None))
ALL = {"strike_ariha": STRIKE_ARIHA, "shelling_atareb": SHELLING_ATAREB, "arrests_harasta": ARRESTS_HARASTA,
       "truce_text": TRUCE_TEXT, "no_place": NO_PLACE}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected", "wanted"),
    [
        # types
        ("airstrike", Filters(types=("airstrike",)), {"strike_ariha", "truce_text"}),
        ("غارة", Filters(types=("airstrike",)), {"strike_ariha", "truce_text"}),
        ("قصف جوي", Filters(types=("airstrike",)), {"strike_ariha", "truce_text"}),
        ("shelling arrests", Filters(types=("shelling", "arrests")), {"shelling_atareb", "arrests_harasta"}),
        ("قصف اعتقالات", Filters(types=("shelling", "arrests")), {"shelling_atareb", "arrests_harasta"}),
        ("Attack on civilians", Filters(types=("attack_on_civilians",)), set()),
        # places: a governorate includes its towns, in either language and spelling
        ("in Idlib", Filters(places=("gov:Idlib",)), {"strike_ariha", "truce_text", "no_place"}),
        ("في إدلب", Filters(places=("gov:Idlib",)), {"strike_ariha", "truce_text", "no_place"}),
        ("في ادلب", Filters(places=("gov:Idlib",)), {"strike_ariha", "truce_text", "no_place"}),
        ("in Idleb", Filters(places=("gov:Idlib",)), {"strike_ariha", "truce_text", "no_place"}),
        ("في حلب وريف دمشق", Filters(places=("gov:Aleppo", "gov:Rif Dimashq")), {"shelling_atareb", "arrests_harasta"}),
        (
            "in Aleppo, Rif Dimashq",
            Filters(places=("gov:Aleppo", "gov:Rif Dimashq")),
            {"shelling_atareb", "arrests_harasta"},
        ),
        # a town by name, Arabic or English, with or without hamza
        ("في أريحا", Filters(places=("name:اريحا|أريحا",)), {"strike_ariha"}),
        ("في اريحا", Filters(places=("name:اريحا",)), {"strike_ariha"}),
        ("in Ariha", Filters(places=("name:ariha|Ariha",)), {"strike_ariha"}),
        ("in Maarat an-Numan", Filters(places=("name:maarat an-numan|Maarat an-Numan",)), {"truce_text"}),
        ("في معرة النعمان", Filters(places=("name:معره النعمان|معرة النعمان",)), {"truce_text"}),
        # types and places together
        (
            "airstrike shelling in إدلب حماة",
            Filters(types=("airstrike", "shelling"), places=("gov:Idlib", "gov:Hama")),
            {"strike_ariha", "truce_text"},
        ),
        (
            "غارة قصف في ادلب وحلب",
            Filters(types=("airstrike", "shelling"), places=("gov:Idlib", "gov:Aleppo")),
            {"strike_ariha", "truce_text", "shelling_atareb"},
        ),
        # keywords: included, and excluded with -word, matched on folded text (clitics too)
        ("talks", Filters(keywords=("talks",)), {"truce_text"}),
        ("ceasefire", Filters(types=("ceasefire",)), set()),  # a type's name is the type, not a keyword
        ("مدنيين", Filters(keywords=("مدنيين",)), {"strike_ariha"}),
        ("طفلان", Filters(keywords=("طفلان",)), {"strike_ariha"}),
        ('in Idlib -"ceasefire"', Filters(places=("gov:Idlib",), exclude=("ceasefire",)), {"strike_ariha", "no_place"}),
        ("في إدلب -اشتباكات", Filters(places=("gov:Idlib",), exclude=("اشتباكات",)), {"strike_ariha", "truce_text"}),
        ("-«اعتقالات»", Filters(exclude=("اعتقالات",)), set(ALL) - {"arrests_harasta"}),
        # minimum toll, severity, casualties
        ("killed>=2", Filters(min_killed=2), {"strike_ariha"}),
        ("قتلى>=١", Filters(min_killed=1), {"strike_ariha", "truce_text"}),
        ("قتلى≥5", Filters(min_killed=5), {"strike_ariha"}),
        ("casualties", Filters(with_casualties=True), {"strike_ariha", "shelling_atareb", "truce_text"}),
        ("ضحايا", Filters(with_casualties=True), {"strike_ariha", "shelling_atareb", "truce_text"}),
        ("severity>=10", Filters(min_severity=10.0), {"strike_ariha"}),
        ("خطورة>=8", Filters(min_severity=8.0), {"strike_ariha", "truce_text"}),
        # nothing: everything
        ("", Filters(), set(ALL)),
    ],
)
def test_each_filter_kind_in_arabic_and_english(args, expected, wanted):
    filters = parse_filters(args)
    if any(p.startswith("name:") for p in expected.places) and _has_gazetteer():
        # With the analysis gazetteer a town resolves to its p-codes (tested below), not to a name.
        assert filters.places and all(p.startswith("pcode:") for p in filters.places)
        assert replace(filters, places=()) == replace(expected, places=())
    else:
        assert filters == expected
    got = {name for name, (analysis, text) in ALL.items() if matches(_sub(filters), analysis, text)}
    assert got == wanted


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Idlib", ["gov:Idlib"]),
        ("إدلب", ["gov:Idlib"]),
        ("محافظة", []),
        ("Deir ez-Zor", ["gov:Deir ez-Zor"]),
        ("دير الزور", ["gov:Deir ez-Zor"]),
        ("Hasakeh", ["gov:Al-Hasakah"]),
        ("الرقة", ["gov:Raqqa"]),
        ("Raqqa", ["gov:Raqqa"]),
        ("حماه", ["gov:Hama"]),
    ],
)
def test_resolve_place_knows_governorates_in_every_spelling(name, keys):
    assert [str(k) for k in resolve_place(name)] == keys


@pytest.mark.parametrize(
    ("key", "place", "expected"),
    [
        ("gov:Idlib", ARIHA, True),
        ("gov:Idlib", ATAREB, False),
        ("gov:Idlib", Place("Idlib", "إدلب", "Idlib", "SY07", level="governorate"), True),
        ("gov:Idlib", Place("Ariha district", None, None, "SY0702", level="district"), True),
        ("pcode:C4278|Ariha", ARIHA, True),
        ("pcode:C4278|Ariha", MAARAT, False),
        ("pcode:SY0702|Ariha district", Place("Ariha", None, "Idlib", "SY070200", level="subdistrict"), True),
        ("name:maarat al numan|Maarat al Numan", MAARAT, True),
        ("name:ma'arat an-numan|Ma'arat an-Numan", MAARAT, True),
        ("معرة النعمان", MAARAT, True),  # a bare name, as older subscriptions stored them
    ],
)
def test_place_keys_match_towns_inside_and_their_spellings(key, place, expected):
    assert place_matches(PlaceKey.parse(key), place) is expected


def test_resolve_place_asks_the_gazetteer_lookup(monkeypatch):
    towns = {"kafr nobol": [KAFR_NOBOL_DISTRICT, KAFR_NOBOL], "كفرنبل": [KAFR_NOBOL]}
    monkeypatch.setattr("bot.places.lookup", lambda name: towns.get(name.lower(), []))
    filters = parse_filters("airstrike in Kafr Nobol hospital")
    assert filters.places == ("pcode:SY070203|Kafr Nobol", "pcode:C4068|Kafr Nobol")
    assert filters.keywords == ("hospital",)
    assert [str(k) for k in resolve_place("كفرنبل")] == ["pcode:C4068|كفرنبل"]
    analysis, text = _report("غارة على كفرنبل", Event("airstrike", KAFR_NOBOL, killed=1))
    assert matches(_sub(filters), analysis, text + " hospital")


def test_resolve_place_with_the_real_gazetteer():
    pytest.importorskip("bot.analysis.places")
    for spelling in ("Maarat al-Numan", "Ma'arrat an-Nu'man", "معرة النعمان", "المعرة"):
        assert "pcode:C3985" in {f"{k.kind}:{k.value}" for k in resolve_place(spelling)}, spelling

"""Arabic-aware full-text search: spelling variants find each other."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.models import Event, Place
from storage.search import fts_query
from tests.helpers import IDLIB, MAARAT, analysis, raw

DOUMA = Place("Douma", "دوما", "Rif Dimashq", "C2289", 33.57, 36.4)

REPORTS = [
    ("قصف على مدينة إدلب", "استهدفت غارات جوية أحياء مدينة إدلب صباح اليوم."),
    ("غارة على معرة النعمان", "قتل مدنيون في معرة النعمان بريف إدلب الجنوبي."),
    ("Shelling in Douma", "Artillery shelling hit Douma in Eastern Ghouta, killing 4 people."),
    ("اجتماع في جنيف", "التقى المبعوث الأممي بوفد المعارضة في جنيف لبحث الدستور."),
]


@pytest.fixture
def filled(store):
    for title, text in REPORTS:
        store.reports.add(raw(text, title), analyze(text, title=title))
    return store


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("ادلب", {"قصف على مدينة إدلب", "غارة على معرة النعمان"}),
        ("إدلب", {"قصف على مدينة إدلب", "غارة على معرة النعمان"}),
        ("معره", {"غارة على معرة النعمان"}),
        ("معرة النعمان", {"غارة على معرة النعمان"}),
        ("وإدلب", {"قصف على مدينة إدلب", "غارة على معرة النعمان"}),
        ("douma", {"Shelling in Douma"}),
        # Across languages: the Arabic headline قصف is a shelling event, indexed under its English type too.
        ("SHELLING", {"Shelling in Douma", "قصف على مدينة إدلب"}),
        ("الدستور", {"اجتماع في جنيف"}),
        ("دستور", {"اجتماع في جنيف"}),
        ("حلب", set()),
    ],
)
def test_search_finds_spelling_variants(filled, query, titles):
    assert {r.title for r in filled.search(query, limit=10)} == titles
    assert filled.search.count(query) == len(titles)


def test_search_is_newest_first_and_pages(filled):
    everything = filled.search("ادلب", limit=10)
    assert [r.id for r in everything] == sorted((r.id for r in everything), reverse=True)
    assert [r.id for r in filled.search("ادلب", limit=1, offset=1)] == [everything[1].id]


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"', "*", "AND OR NOT", "NEAR(", 'ادلب"*)'])
def test_hostile_queries_never_raise(filled, query):
    assert isinstance(filled.search(query), list)


def test_fts_query_quotes_terms():
    assert fts_query('a"b') is not None
    assert '"' not in fts_query("ادلب").replace('"ادلب"', "").replace('"الادلب"', "")


@pytest.fixture
def bilingual(store):
    """An Arabic report placed in Maarat al-Numan (Idlib), an English one in Douma: each found in the other language."""
    ar = store.reports.add(
        raw("قتل أربعة مدنيين في غارة على المدينة صباح اليوم.", "غارة على معرة النعمان"),
        analysis(Event("airstrike", MAARAT, killed=4)),
    ).id
    en = store.reports.add(
        raw("Artillery hit the town, killing two.", "Shelling in Douma", source="en"),
        analysis(Event("shelling", DOUMA, killed=2), language="en"),
    ).id
    gov = store.reports.add(
        raw("Warplanes struck villages in the south of the governorate.", "Strikes in the countryside"),
        analysis(Event("airstrike", IDLIB), language="en"),
    ).id
    return store, {"ar": ar, "en": en, "gov": gov}


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("Idlib", {"ar", "gov"}),  # the Arabic report's governorate, in English
        ("Maarat al-Numan", {"ar"}),  # its town, in English
        ("إدلب", {"ar", "gov"}),  # the English report's governorate, in Arabic
        ("دوما", {"en"}),  # an English report, by its town in Arabic
        ("ريف دمشق", {"en"}),  # ... and its governorate in Arabic
        ("airstrike", {"ar", "gov"}),  # the event type, in English
        ("غارة جوية", {"ar", "gov"}),  # ... and in Arabic (the English one says "Warplanes struck")
        ("قصف", {"en"}),  # shelling, in Arabic
        ("Idlib shelling", set()),  # every term must match the same report
    ],
)
def test_search_crosses_languages_through_places_and_types(bilingual, query, wanted):
    store, ids = bilingual
    assert {r.id for r in store.search(query, limit=10)} == {ids[k] for k in wanted}
    assert store.search.count(query) == len(wanted)


def test_count_stops_past_the_cap(store):
    for n in range(12):
        store.reports.add(raw(f"Idlib report number {n}."), analysis(language="en"))
    assert store.search.count("Idlib") == 12
    assert store.search.count("Idlib", cap=5) == 6  # "more than 5"
    assert [r.id for r in store.search("Idlib", limit=3)] == sorted(r.id for r in store.search("Idlib", 20))[::-1][:3]


def test_page_and_count_from_one_walk_leave_copies_out(store):
    """``Search.page`` gives ``__call__``'s page and ``count``'s number; copies are in neither."""
    ids = [store.reports.add(raw(f"قصف على إدلب، تقرير {n}", f"إدلب {n}"), analysis()).id for n in range(9)]
    with store.transaction() as db:  # reports 3 and 6 copy report 1 (as linking marks them)
        db.execute("UPDATE reports SET duplicate_of = ? WHERE id IN (?, ?)", [ids[0], ids[2], ids[5]])
    newest_first = [i for i in reversed(ids) if i not in (ids[2], ids[5])]
    for limit, offset, cap in ((3, 0, 1000), (3, 3, 1000), (4, 5, 1000), (3, 0, 4), (3, 6, 4), (3, 9, 2)):
        reports, count = store.search.page("ادلب", limit, offset, cap=cap)
        assert [r.id for r in reports] == newest_first[offset : offset + limit]
        assert [r.id for r in reports] == [r.id for r in store.search("ادلب", limit=limit, offset=offset)]
        assert count == min(7, cap + 1) == store.search.count("ادلب", cap=cap)
    assert store.search.page("xyzzy", 5) == ([], 0)
    assert store.search.page("!!", 5) == ([], 0)


def test_a_word_of_one_or_two_letters_matches_whole_words_only(store):
    """في finds في, not فيلم; a longer term still matches as a prefix (قصف finds القصفين too)."""
    store.reports.add(raw("عرض فيلم عن الحرب", "سينما"), analysis())
    store.reports.add(raw("قتل مدني في قصف على ادلب", "قصف"), analysis())
    store.reports.add(raw("تجدد القصفين على حلب", "حلب"), analysis())
    assert [r.title for r in store.search("في", limit=10)] == ["قصف"]
    assert {r.title for r in store.search("قصف", limit=10)} == {"قصف", "حلب"}
    assert fts_query("في") == '("في" OR "الفي")'
    assert fts_query("UN") == '("un")'

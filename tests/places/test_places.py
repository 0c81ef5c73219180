"""bot.places: governorates read from the shipped data, p-code containment, the level ranking and lookup()."""

from __future__ import annotations

import pytest

from bot.analysis import places as finder
from bot.models import Place
from bot.places import (
    LEVEL_RANK,
    PlaceKey,
    admin_code,
    contains,
    gazetteer_rows,
    governorate,
    governorates,
    lookup,
    pcode_within,
)
from tests.incidents.places import ARIHA, MAARAT


def test_the_fourteen_governorates_come_from_the_gazetteer_in_p_code_order():
    govs = governorates()
    assert [g.pcode for g in govs] == [f"SY{n:02d}" for n in range(1, 15)]
    rows = {r[3]: r for r in gazetteer_rows() if r[6] == "governorate"}
    assert all((g.name, g.name_ar) == tuple(rows[g.pcode][:2]) for g in govs)
    assert [g.name for g in govs][:3] == ["Damascus", "Aleppo", "Rif Dimashq"]


@pytest.mark.parametrize(
    ("name", "pcode"),
    [
        ("Idlib", "SY07"),
        ("إدلب", "SY07"),
        ("ادلب", "SY07"),
        ("Idleb", "SY07"),  # a gazetteer alias
        ("Deir Ezzour", "SY09"),  # one of the place finder's aliases (place_aliases.tsv)
        ("الشام", "SY01"),  # a command-only spelling (data/governorate_spellings.tsv)
        ("Dimashq", "SY01"),
        ("Rif-dimashq", "SY03"),
        ("Raqqa", "SY11"),
        ("Al-Raqqah", "SY11"),
        ("رقة", "SY11"),  # without its article
        ("Deir ez-Zor", "SY09"),
        ("ديرالزور", "SY09"),
        ("Quneitra", "SY14"),
    ],
)
def test_a_governorate_by_any_spelling_in_either_language(name, pcode):
    gov = governorate(name)
    assert gov is not None and gov.pcode == pcode
    assert gov[2] == pcode  # still reads as (English, Arabic, p-code)


@pytest.mark.parametrize("name", ["Ariha", "hospital", "", "الغارة"])
def test_a_town_or_a_word_is_not_a_governorate(name):
    assert governorate(name) is None


def test_the_command_only_spellings_are_not_text_aliases():
    """الشام names Damascus in a command, but the place finder must not read it in a report."""
    assert finder.find_places(["في", "الشام"]) == []


def test_p_codes_nest_only_when_they_are_admin_codes():
    assert pcode_within("SY070200", "SY07") and pcode_within("SY07", "SY07") and pcode_within("C3985", "C3985")
    assert not pcode_within("C39851", "C3985")  # community p-codes do not nest
    assert not pcode_within("SY0802", "SY07")


def test_containment_uses_the_community_subdistrict_table_and_the_level_ranking():
    idlib = Place("Idlib", "إدلب", "Idlib", "SY07", level="governorate")
    assert admin_code(MAARAT) is not None and admin_code(MAARAT).startswith("SY07")
    assert contains(idlib, MAARAT) and not contains(MAARAT, idlib)
    assert sorted(LEVEL_RANK, key=LEVEL_RANK.get) == ["governorate", "district", "subdistrict", "community"]


@pytest.mark.parametrize(
    "name",
    ["Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarat al Numan", "معرة النعمان", "معره النعمان", "المعرة"],
)
def test_lookup_finds_a_town_by_every_spelling(name):
    assert "C3985" in {p.pcode for p in lookup(name)}


def test_lookup_reads_arabic_construct_state_and_both_languages():
    assert {p.pcode for p in lookup("معرة مصرين")} == {p.pcode for p in lookup("معرت مصرين")} != set()
    assert ARIHA.pcode in {p.pcode for p in lookup("Ariha")} & {p.pcode for p in lookup("أريحا")}


@pytest.mark.parametrize("name", ["", "hospital", "Idlib hospital", "Tehran"])
def test_lookup_of_what_is_not_a_whole_place_name_is_empty(name):
    assert lookup(name) == []


def test_a_bare_governorate_name_parses_as_a_governorate_key():
    assert str(PlaceKey.parse("الشام")) == "gov:Damascus"
    assert str(PlaceKey.parse("gov:Idlib")) == "gov:Idlib"

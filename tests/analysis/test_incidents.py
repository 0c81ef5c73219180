"""One event per incident: strikes on two towns are two events; follow-up sentences stay with theirs."""

from __future__ import annotations

import json
from pathlib import Path

from bot.analysis import analyze

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _events(text: str, title: str | None = None) -> list[tuple]:
    return [
        (e.type, e.location.name if e.location else None, e.killed, e.injured, e.killed_children, e.killed_women)
        for e in analyze(text, title=title).events
    ]


def test_strikes_on_two_towns_are_two_events_ar():
    text = (
        "قتل خمسة مدنيين بينهم طفلان جراء غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي. "
        "وفي سياق متصل، قتل ثلاثة مدنيين بغارات مماثلة على مدينة أريحا. "
        "وأصيب عشرة آخرون في الغارة على أريحا."
    )
    assert _events(text) == [
        ("airstrike", "Kafr Nobol", 5, None, 2, None),
        ("airstrike", "Ariha", 3, 10, None, None),
    ]


def test_strikes_on_two_towns_are_two_events_en():
    text = (
        "Russian airstrikes killed five civilians in the town of Kafranbel in southern Idlib on Monday. "
        "In a separate strike, warplanes hit the town of Ariha, killing three people and wounding 10."
    )
    assert _events(text) == [
        ("airstrike", "Kafr Nobol", 5, None, None, None),
        ("airstrike", "Ariha", 3, 10, None, None),
    ]


def test_a_follow_up_sentence_without_a_place_stays_with_its_incident():
    text = (
        "Warplanes struck the town of Saraqeb in Idlib, killing four civilians. "
        "The airstrikes also destroyed a bakery. "
        "Shelling on the town of Kafranbel wounded six people."
    )
    assert _events(text) == [
        ("airstrike", "Saraqab", 4, None, None, None),
        ("shelling", "Kafr Nobol", None, 6, None, None),
    ]


def test_a_province_then_a_town_in_it_is_one_incident():
    text = "Airstrikes on Idlib province killed 12 people on Monday. The strikes hit the town of Ariha."
    assert _events(text) == [("airstrike", "Ariha", 12, None, None, None)]


def test_a_common_word_that_is_also_a_village_does_not_split():
    assert _events((SEEDS / "001_shelling_kafranbel.txt").read_text("utf-8")) == [
        ("shelling", "Kafr Nobol", 2, 3, 1, None)
    ]


def test_car_bomb_seed():
    data = json.loads((SEEDS / "003_car_bomb_azaz.json").read_text("utf-8"))
    assert _events(data["text"], data["title"]) == [("bombing", "Azaz", 7, 20, 2, 1)]

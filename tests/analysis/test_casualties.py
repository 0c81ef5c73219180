"""Casualty counts read from single sentences: (killed, injured, killed_children, killed_women)."""

from __future__ import annotations

import pytest

from bot.analysis.casualties import read_casualties
from bot.analysis.normalize import match_tokens

CASES = [
    # Subject first, breakdown before the verb, a separate injured group.
    (
        "At least seven people, including two children and a woman, were killed and more than 20 others were "
        "injured when a car bomb exploded in a crowded market in the town of Azaz.",
        (7, 20, 2, 1),
    ),
    (
        "At least 15 civilians including four children were killed in a coalition air strike near Raqqa.",
        (15, None, 4, None),
    ),
    (
        "Seventy-six people including 28 children were killed when helicopters dropped barrel bombs.",
        (76, None, 28, None),
    ),
    # Headlines.
    ("Car bomb kills 7 in Azaz market", (7, None, None, None)),
    ("Five killed, 12 wounded in shelling on Idlib", (5, 12, None, None)),
    ("25 civilians killed 80 injured in rocket attacks on Aleppo city", (25, 80, None, None)),
    ("Child killed, 9 civilians injured in attacks on Damascus", (1, 9, 1, None)),
    ("Death toll rises to 112", (112, None, None, None)),
    ("17 dead as gunmen attack Kurdish town", (17, None, None, None)),
    ("Airstrikes on Douma killing 12 civilians", (12, None, None, None)),
    # Death-toll phrasing, far from its number.
    (
        "The death toll from the twin explosions in the province of Homs rose to 32 and more than 115 were wounded.",
        (32, 115, None, None),
    ),
    ("The death toll in the suicide car bomb attack on the buses has risen to at least 112.", (112, None, None, None)),
    ("The shelling led to the death of eight and the injury of 89.", (8, 89, None, None)),
    (
        "Shells hit the market, claiming the lives of 10 civilians and injuring more than 50 others.",
        (10, 50, None, None),
    ),
    # Modifiers between a count and its noun; a subject far from its passive verb.
    ("At least 10 Syrian soldiers were killed in Israeli air raids.", (10, None, None, None)),
    (
        "It said at least 45 Islamic State militants and 20 Kurdish militia fighters had been killed.",
        (65, None, None, None),
    ),
    ('At least 33 members of the "Islamic State in Iraq and Levant" organization were killed.', (33, None, None, None)),
    ("Six children were among 19 civilians killed in regime bombing of Aleppo.", (19, None, 6, None)),
    # An active verb takes what follows it.
    ("Rockets hit the district, killing two people, injuring eight and damaging homes.", (2, 8, None, None)),
    # A count told twice in one run-on sentence is one count; a list adds up.
    (
        "8 persons killed 58 others injured in rocket attacks on Aleppo, claiming the lives of 8 persons and "
        "injuring more than 58 others.",
        (8, 58, None, None),
    ),
    ("The car bomb killed 36 people and was followed by rocket fire that killed nine others.", (45, None, None, None)),
    # Not incident counts: ages, durations, years, a war's toll.
    ("More than 150000 people have been killed in the three-year-old rebellion.", (None, None, None, None)),
    ("In 2016 two civilians were killed in the town.", (2, None, None, None)),
    ("The boy, 12 years old, was wounded after 48 hours under the rubble.", (None, None, None, None)),
    # Arabic.
    ("قُتل مدنيان، بينهما طفل، وأصيب ثلاثة آخرون بجروح جراء قصف مدفعي", (2, 3, 1, None)),
    ("ارتفعت حصيلة ضحايا القصف على مدينة إدلب إلى 12 قتيلا", (12, None, None, None)),
    ("قتل ثلاثة أطفال وامرأتان في القصف", (5, None, 3, 2)),
]


@pytest.mark.parametrize(("sentence", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_read_casualties(sentence: str, want: tuple) -> None:
    got = read_casualties(match_tokens(sentence))
    assert (got.killed, got.injured, got.killed_children, got.killed_women) == want

"""Each casualty rule with its own table: the readers of stage 2 (casualty_groups.READERS), the attachment rules of
stage 3 (casualty_rules.RULES) and the totals. A row is (sentence, (killed, injured, killed_children, killed_women)).

The rules follow tests/data/real/LABELLING.md: "at least / more than / about N" is N; a breakdown without a total is
summed; vague amounts are null; a figure that mixes killed and injured is null; for "toll rises to", the toll.
"""

from __future__ import annotations

import pytest

from bot.analysis.casualties import read_casualties, zero_fields
from bot.analysis.casualty_groups import READERS
from bot.analysis.casualty_rules import RULES
from bot.analysis.normalize import match_tokens


def _check(sentence: str, want: tuple) -> None:
    got = read_casualties(match_tokens(sentence))
    assert (got.killed, got.injured, got.killed_children, got.killed_women) == want


def _table(rows: list[tuple[str, tuple]]):
    return pytest.mark.parametrize(("sentence", "want"), rows, ids=[r[0][:40] for r in rows])


def test_the_rules_run_in_the_documented_order() -> None:
    assert [r.__name__ for r in READERS] == [
        "dual_noun",
        "number_with_noun",
        "listed_after_and",
        "number_after_noun",
        "cue_noun",
        "one_then_cue",
        "one_more",
        "other_side_one",
        "singular_after_cue",
        "english_singular",
    ]
    assert [r.__name__ for r in RULES] == [
        "each_side",
        "breakdowns",
        "roles",
        "listed_share_role",
        "sides_share_role",
        "breakdown_role",
    ]


# Stage 2: what is counted.

DUAL_AND_SINGULAR_NOUNS = [
    ("قتل طفلين في القصف على البلدة", (2, None, 2, None)),
    ("قتل شابان بنيران قناص", (2, None, None, None)),
    ("قتل رجل في قصف على البلدة", (1, None, None, None)),
    ("قتل طفلين وامرأة في غارة", (3, None, 2, 1)),
    ("مقتل عنصرين من الأمن ومسلح من أبناء المدينة", (3, None, None, None)),
    ("قالت الخوذ البيضاء إن رجلا واحدا على الأقل قتل وأصيب 6 مدنيين", (1, 6, None, None)),
    ("A woman was killed and three children were wounded", (1, 3, None, 1)),
    ("وأفادت سانا بأن طفلا قتل وأصيب أربعة مدنيين جراء قصف", (1, 4, 1, None)),
    ("أن 4 عسكريين روس قتلوا في هجوم مباغت", (4, None, None, None)),
]


@_table(DUAL_AND_SINGULAR_NOUNS)
def test_a_dual_counts_two_and_a_singular_one(sentence: str, want: tuple) -> None:
    _check(sentence, want)


NUMBERS_WITH_THEIR_NOUNS = [
    ("قتل 5 مدنيين في قصف مدفعي", (5, None, None, None)),
    ("قتل خمسة عناصر وثلاثة مقاتلين في الاشتباكات", (8, None, None, None)),
    ("قتل مدنيين اثنين في القصف", (2, None, None, None)),
    ("قتل ثلاثة من عناصر قسد في كمين", (3, None, None, None)),
    ("At least 10 Syrian soldiers were killed in Israeli air raids.", (10, None, None, None)),
    ("مقتل ما لا يقل عن 12 مدنيا في قصف ليلي", (12, None, None, None)),
]


@_table(NUMBERS_WITH_THEIR_NOUNS)
def test_a_number_counts_the_noun_after_it(sentence: str, want: tuple) -> None:
    _check(sentence, want)


KILLED_NOUNS_COUNT_THEMSELVES = [
    ("قتيل و6 جرحى في غارات وقصف على إدلب", (1, 6, None, None)),
    ("سقوط قتيلين في قصف على البلدة", (2, None, None, None)),
    ("سقوط 27 قتيلا على الأقل من قوات النظام", (27, None, None, None)),
]


@_table(KILLED_NOUNS_COUNT_THEMSELVES)
def test_a_singular_or_dual_killed_noun_counts_itself(sentence: str, want: tuple) -> None:
    _check(sentence, want)


NOT_COUNTS_OF_PEOPLE = [
    ("Dozens of civilians were killed in the raids.", (None, None, None, None)),
    ("Three people were killed and scores were injured.", (3, None, None, None)),
    ("The boy, 12 years old, was wounded after 48 hours under the rubble.", (None, None, None, None)),
    ("More than 150000 people have been killed in the three-year-old rebellion.", (None, None, None, None)),
    ("Air strikes hit a rebel-held town and killed 12 people.", (12, None, None, None)),
    ("نشر آخرون فيديو قالوا إنه يرصد سقوط أحد الصواريخ", (None, None, None, None)),
    ("أعلن التنظيم مقتل أحد أبناء زعيمه في هجوم", (1, None, None, None)),
]


@_table(NOT_COUNTS_OF_PEOPLE)
def test_vague_amounts_ages_and_war_tolls_are_not_counts(sentence: str, want: tuple) -> None:
    _check(sentence, want)


# Stage 3: how the counts attach.

BREAKDOWNS = [
    ("قتل 20 مدنيا بينهم 4 أطفال في القصف على دوما", (20, None, 4, None)),
    ("Six children were among 19 civilians killed in regime bombing of Aleppo.", (19, None, 6, None)),
    ("At least 15 civilians including four children were killed in a coalition air strike.", (15, None, 4, None)),
    ("قتل 5 مدنيين (3 أطفال وطفلة وامرأة) في غارة", (5, None, 4, 1)),
]


@_table(BREAKDOWNS)
def test_a_breakdown_is_part_of_its_total(sentence: str, want: tuple) -> None:
    _check(sentence, want)


SUMMED_WITHOUT_A_TOTAL = [
    ("قتل ثلاثة أطفال وامرأتان في القصف", (5, None, 3, 2)),
    ("15 children and 2 women were killed in the strike.", (17, None, 15, 2)),
    (
        "It said at least 45 Islamic State militants and 20 Kurdish militia fighters had been killed.",
        (65, None, None, None),
    ),
    ("قتل 9 عناصر من قوات النظام و3 مقاتلين من الفصائل", (12, None, None, None)),
    ("أسفر القصف عن سقوط عشرة قتلى في صفوف الفصائل، مقابل سبعة في صفوف قوات النظام", (17, None, None, None)),
    ("قتل عنصران من كل طرف في الاشتباكات", (4, None, None, None)),
]


@_table(SUMMED_WITHOUT_A_TOTAL)
def test_a_breakdown_without_a_total_is_summed(sentence: str, want: tuple) -> None:
    _check(sentence, want)


ROLES = [
    ("25 civilians killed 80 injured in rocket attacks on Aleppo city", (25, 80, None, None)),
    ("Rockets hit the district, killing two people, injuring eight and damaging homes.", (2, 8, None, None)),
    ("قُتل مدنيان، بينهما طفل، وأصيب ثلاثة آخرون بجروح جراء قصف مدفعي", (2, 3, 1, None)),
    ("Child killed, 9 civilians injured in attacks on Damascus", (1, 9, 1, None)),
    ("وقالت إنها قتلت اثنين من أعضاء الخلية واعتقلت خمسة آخرين", (2, None, None, None)),
    ("Activists said that around 41 FSA rebels were rounded up and executed by the group.", (41, None, None, None)),
    ("ISIS published a video showing the execution of 17 young men from the town.", (17, None, None, None)),
]


@_table(ROLES)
def test_each_count_takes_its_nearest_killed_or_injured_word(sentence: str, want: tuple) -> None:
    _check(sentence, want)


MIXED_FIGURES = [
    ("أفاد المرصد بسقوط حوالي 70 قتيل وجريح من قوات النظام", (None, None, None, None)),
    ("At Least 48 Killed and Injured in Mortar Attacks in Aleppo", (None, None, None, None)),
    ("ما أسفر عن مقتل وإصابة 20 شخصا", (None, None, None, None)),
]


@_table(MIXED_FIGURES)
def test_a_figure_mixing_killed_and_injured_counts_for_neither(sentence: str, want: tuple) -> None:
    _check(sentence, want)


TOLLS = [
    ("ارتفعت حصيلة ضحايا القصف على مدينة إدلب إلى 12 قتيلا", (12, None, None, None)),
    ("كما ارتفعت حصيلة القتلى من المدنيين لأكثر من عشرة من بينهم نساء وأطفال", (10, None, None, None)),
    ("وأضاف: ارتفع إلى 27 على الأقل عدد عناصر قوات النظام ممن قتلوا في القصف", (27, None, None, None)),
    ("وارتفعت حصيلة الجرحى إلى 50 شخصا", (None, 50, None, None)),
    ("The death toll from the twin explosions rose to 32 and more than 115 were wounded.", (32, 115, None, None)),
    ("Death toll from Aleppo bomb attack at least 112", (112, None, None, None)),
    ("The death toll from a blast on a bus convoy reached at least 112 people", (112, None, None, None)),
]


@_table(TOLLS)
def test_a_running_toll_gives_its_figure(sentence: str, want: tuple) -> None:
    _check(sentence, want)


ZEROS = [
    ("وأفادت مصادر محلية بأن القصف لم يسفر عن إصابات", frozenset({"killed", "injured"})),
    ("No one was killed in the attack.", frozenset({"killed"})),
    (
        "وجاءت الغارات الليلية في أعقاب إطلاق فيلق القدس صواريخ باتجاه الجولان دون وقوع إصابات أو أضرار",
        frozenset(),
    ),
]


@pytest.mark.parametrize(("sentence", "want"), ZEROS, ids=[r[0][:40] for r in ZEROS])
def test_a_zero_phrase_says_a_count_is_nil_unless_it_is_an_earlier_events(sentence: str, want: frozenset) -> None:
    assert zero_fields(match_tokens(sentence)) == want

"""Property tests: the normaliser and the number reader never crash and round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis import analyze
from bot.analysis.normalize import arabic_ratio, clitic_variants, commas_before, match_tokens, normalize, tokens
from bot.analysis.numbers import parse_number

_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TEENS = [
    "عشرة",
    "أحد عشر",
    "اثنا عشر",
    "ثلاثة عشر",
    "أربعة عشر",
    "خمسة عشر",
    "ستة عشر",
    "سبعة عشر",
    "ثمانية عشر",
    "تسعة عشر",
]
_TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]
_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def arabic_words(n: int) -> str:
    """An independent speller (Modern Standard Arabic, masculine counting forms)."""
    if n == 0:
        return "صفر"
    if n == 1000:
        return "ألف"
    parts = []
    h, rest = divmod(n, 100)
    if h:
        parts.append(_HUNDREDS[h])
    if rest:
        if rest < 10:
            parts.append(_UNITS[rest])
        elif rest < 20:
            parts.append(_TEENS[rest - 10])
        else:
            t, u = divmod(rest, 10)
            parts.append(f"{_UNITS[u]} و{_TENS[t]}" if u else _TENS[t])
    return " و".join(parts)


def english_words(n: int) -> str:
    if n == 1000:
        return "one thousand"
    h, rest = divmod(n, 100)
    parts = []
    if h:
        parts.append(f"{_EN_UNITS[h]} hundred")
    if rest or not h:
        if rest < 20:
            parts.append(_EN_UNITS[rest])
        else:
            t, u = divmod(rest, 10)
            parts.append(f"{_EN_TENS[t]}-{_EN_UNITS[u]}" if u else _EN_TENS[t])
    return " and ".join(parts)


@given(st.text())
@settings(max_examples=300)
def test_normalize_is_idempotent_and_total(s):
    once = normalize(s)
    assert normalize(once) == once
    tokens(s)
    match_tokens(s)
    assert 0.0 <= arabic_ratio(s) <= 1.0
    for t in match_tokens(s):
        assert clitic_variants(t)[0] == t


@given(st.text(alphabet=st.sampled_from("إأآاىيةهؤئـًٌٍَُِّْ ٠١٢٣٤٥٦٧٨٩ابتثجحخدذرزسشصضطظعغفقكلمنوي")))
def test_normalize_is_idempotent_on_arabic(s):
    assert normalize(normalize(s)) == normalize(s)


@given(st.integers(min_value=0, max_value=1000))
def test_numbers_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(str(n).translate(_EASTERN)) == n
    assert parse_number(str(n).translate(_PERSIAN)) == n
    assert parse_number(arabic_words(n)) == n, arabic_words(n)
    assert parse_number(english_words(n)) == n, english_words(n)


@given(st.text(max_size=400))
@settings(max_examples=150)
def test_analyze_never_crashes(s):
    result = analyze(s)
    assert (len(result.language) == 2 and result.language.isascii()) or result.language == "other"  # ISO 639-1
    assert len(result.summary.split()) <= 60


# The tokens a comma comes before: the separator match_tokens drops, for reading lists of towns.
@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("طفس، اليادودة ونصيب", {1}),
        ("the towns of Tafas, Yadouda and Nasib", {4}),
        ("Ma'arrat, Kafranbel", {1}),  # the apostrophe folds as in match_tokens: the indices stay aligned
        ("في (درعا)، قصف", {4}),  # parentheses are tokens of match_tokens too
        ("طفس واليادودة", set()),
    ],
)
def test_commas_before_counts_match_tokens(text: str, after: set[int]) -> None:
    assert commas_before(text) == after
    assert all(0 < i < len(match_tokens(text)) for i in after)


@given(st.text(alphabet="طفس واليادودة،,'() Tafs 12", max_size=40))
@settings(max_examples=200, deadline=None)
def test_commas_before_stays_within_match_tokens(text: str) -> None:
    assert all(0 <= i <= len(match_tokens(text)) for i in commas_before(text))

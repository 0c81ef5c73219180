"""Issue 12, item 2: a report of any length reads in time proportional to it.

A "sentence" with no full stop (a list, a table, a file with its punctuation lost) is cut by the splitter
into pieces of at most ``MAX_SENTENCE`` characters at a comma, before "و" or at a space; the casualty reader
looks around each count within a bounded window. These tests check what that must not change: nothing is
lost by the cut, and a long run-on text reads the same events as its short core.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis import analyze
from bot.analysis.casualties import read_casualties
from bot.analysis.normalize import match_tokens
from bot.analysis.sentences import MAX_SENTENCE, split_sentences

CORE = "قتل ثلاثة مدنيين بينهم طفلان وأصيب خمسة آخرون بجروح في غارات جوية على مدينة معرة النعمان في ريف إدلب الجنوبي"
# Words that start no event, name no place and count nobody: the padding of a run-on text.
FILLER = ("المعرض", "الثقافي", "السنوي", "يضم", "لوحات", "الفنانين", "والكتاب", "عدة", "وسط", "حضور", "جمهور")


def _events(text: str) -> list[dict]:
    """The events without their evidence (the quoted sentence differs between a text and its padded form)."""
    return [{k: v for k, v in e.to_json().items() if k != "evidence"} for e in analyze(text).events]


def _padding(words: list[str], commas: list[bool]) -> str:
    return " ".join(w + ("،" if c else "") for w, c in zip(words, commas, strict=False))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 20_000), st.integers(0, 2**32), st.sampled_from(["قتل و،(ab1 ", "قتل وب ", "abcdef", "قتل.\n "]))
def test_the_cut_loses_nothing_and_bounds_every_piece(n: int, seed: int, alphabet: str) -> None:
    rnd = random.Random(seed)
    text = "".join(rnd.choice(alphabet) for _ in range(n))
    pieces = split_sentences(text)
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_a_long_run_on_sentence_is_cut_at_commas_and_before_and() -> None:
    words = [FILLER[k % len(FILLER)] + ("،" if k % 7 == 6 else "") for k in range(2000)]
    pieces = split_sentences(" ".join(words))
    assert len(pieces) > 3
    assert all(p.endswith("،") for p in pieces[:-1])  # each cut right after a comma
    bare = " ".join(FILLER[k % len(FILLER)] for k in range(2000))  # no comma at all: before a word with و
    assert all(len(p) <= MAX_SENTENCE for p in split_sentences(bare))
    assert all(p.startswith(("والكتاب", "وسط")) for p in split_sentences(bare)[1:])


def test_normal_sentences_are_not_cut() -> None:
    sentence = " ".join([CORE] * 20)  # 2,300 characters: longer than any sentence of 30,665 news articles
    assert len(sentence) < MAX_SENTENCE
    assert split_sentences(sentence + ".") == [sentence + "."]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(5_000, 40_000), st.integers(0, 2**32), st.floats(0.0, 0.5), st.booleans())
def test_a_padded_run_on_report_reads_the_events_of_its_core(n: int, seed: int, comma_rate: float, after: bool) -> None:
    """Tens of thousands of words around one casualty sentence, with commas or none, in one "sentence"."""
    rnd = random.Random(seed)
    words = [rnd.choice(FILLER) for _ in range(n)]
    padding = _padding(words, [rnd.random() < comma_rate for _ in range(n)])
    text = f"{CORE}، {padding}." if after else f"{padding}، {CORE}."
    assert len(text) > 10 * MAX_SENTENCE
    assert _events(text) == _events(CORE + ".")


def test_dense_casualty_phrases_in_one_sentence() -> None:
    """The shape that took minutes: a count, a breakdown and a killed word every few tokens, no full stop,
    and an unclosed bracket in each (the bracket depth only grows)."""
    unit = CORE.replace("بينهم", "(بينهم") + " "
    text = unit * 1500  # 170,000 characters
    assert max(len(p) for p in split_sentences(text)) <= MAX_SENTENCE
    (event,) = analyze(text).events
    assert (event.type, event.killed, event.injured) == ("airstrike", 3, 5)
    # The casualty reader alone, on a long uncut sentence: a toll told again is not added up.
    # (Children named in each repeated breakdown are summed, as before this change: killed_children is not compared.)
    read = read_casualties(match_tokens(unit * 400))
    assert (read.killed, read.injured) == (3, 5)

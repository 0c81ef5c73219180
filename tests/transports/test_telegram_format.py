"""Splitting Telegram HTML: every part fits, parses, and keeps every visible character."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.transports.telegram.format import split_html, split_text, utf16_len
from tests.servers.telegram.html import parse_html


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_short_html_is_one_part_unchanged():
    assert split_html("<b>غارة</b> &amp; قصف") == ["<b>غارة</b> &amp; قصف"]


def test_paragraphs_are_preferred_over_sentences_and_words():
    first, second = "جملة أولى. " * 30, "فقرة ثانية. " * 30
    parts = split_html(f"{first.strip()}\n\n{second.strip()}", limit=400)
    assert parts == [html.escape(first.strip(), quote=False), html.escape(second.strip(), quote=False)]


def test_a_tag_cut_by_a_split_is_closed_and_reopened():
    markup = '<b>bold start</b> <a href="https://example.org/?a=1&amp;b=2">' + "word " * 300 + "</a> tail."
    parts = split_html(markup, limit=500)
    assert len(parts) > 2
    for part in parts:
        assert utf16_len(visible(part)) <= 500
        parse_html(part)  # Telegram's rules: raises on a broken tag or entity
        assert part.count("<a ") == part.count("</a>")
    assert parts[1].startswith('<a href="https://example.org/?a=1&amp;b=2">word')
    assert " ".join(visible(p) for p in parts).split() == visible(markup).split()


def test_words_are_never_cut_when_a_space_exists():
    parts = split_text("alpha beta gamma delta " * 100, limit=50)
    assert all(w in {"alpha", "beta", "gamma", "delta"} for p in parts for w in p.split())


def test_emoji_count_as_two_utf16_units():
    parts = split_text("😀" * 30, limit=20)
    assert [utf16_len(p) for p in parts] == [20, 20, 20]


PIECES = ["غارة", "قصف", "&", "<", "\n", "\n\n", ". ", " ", "😀", "word", "إدلب"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=400))
def test_any_text_splits_into_valid_parts_that_keep_every_character(words):
    text = "".join(words)
    markup = "<b>" + html.escape(text[: len(text) // 2], quote=False) + "</b>" + html.escape(text[len(text) // 2 :])
    parts = split_html(markup, limit=64)
    for part in parts:
        assert 0 < utf16_len(visible(part)) <= 64
        parse_html(part)
    assert "".join(visible(p) for p in parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


@pytest.mark.parametrize("empty", ["", "   ", "<b> </b>"])
def test_nothing_to_say_gives_no_part(empty):
    assert split_html(empty) == []

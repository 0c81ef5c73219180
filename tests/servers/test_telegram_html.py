"""Telegram's HTML parse mode as the stand-in applies it: accepted markup, rejected markup, hostile text."""

from __future__ import annotations

import html

import pytest

from .telegram.html import EntityParseError, finish_entities, parse_html, strip_text


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("<b>bold</b> &amp; <i>it</i>", "bold & it", [("bold", 0, 4), ("italic", 7, 2)]),
        (
            "<strong>a</strong><em>b</em><ins>c</ins><del>d</del>",
            "abcd",
            [("bold", 0, 1), ("italic", 1, 1), ("underline", 2, 1), ("strikethrough", 3, 1)],
        ),
        (
            "<s>x</s><strike>y</strike><u>z</u>",
            "xyz",
            [("strikethrough", 0, 1), ("strikethrough", 1, 1), ("underline", 2, 1)],
        ),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [("spoiler", 0, 1), ("spoiler", 1, 1)],
        ),
        ("<code>x</code>", "x", [("code", 0, 1)]),
        ("<pre>x</pre>", "x", [("pre", 0, 1)]),
        ("<blockquote>q</blockquote>", "q", [("blockquote", 0, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<B>upper</B>", "upper", [("bold", 0, 5)]),
        ("<b>outer <i>inner</i></b>", "outer inner", [("bold", 0, 11), ("italic", 6, 5)]),
        ("<b>closed by empty</>", "closed by empty", [("bold", 0, 15)]),
        ("AT&T &nbsp; &copy;", "AT&T &nbsp; &copy;", []),  # unknown entities stay literal
        ("&lt;b&gt; &quot;q&quot; &#1575;&#x644;", '<b> "q" ال', []),
        ("😀<b>x</b>", "😀x", [("bold", 2, 1)]),  # offsets in UTF-16 code units
        ("إدلب: <b>غارة</b>", "إدلب: غارة", [("bold", 6, 4)]),
        ('<b class="ignored">x</b>', "x", [("bold", 0, 1)]),  # unknown attributes are ignored
        ("<b></b>empty", "empty", []),  # empty entities vanish
    ],
)
def test_accepted_markup(source: str, text: str, entities: list[tuple[str, int, int]]) -> None:
    parsed_text, parsed = parse_html(source)
    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in finish_entities(parsed)] == entities


def test_links_and_code_languages() -> None:
    text, entities = parse_html(
        '<a href="https://example.com">site</a> <a href="tg://user?id=42">u</a> '
        '<pre><code class="language-python">x=1</code></pre> <a href="javascript:alert(1)">bad</a>'
    )
    assert text == "site u x=1 bad"
    assert finish_entities(entities) == [
        {"type": "text_link", "offset": 0, "length": 4, "url": "https://example.com/"},
        {"type": "text_mention", "offset": 5, "length": 1, "user": {"id": 42, "is_bot": False}},
        {"type": "pre", "offset": 7, "length": 3, "language": "python"},
    ]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("a<b", "Unclosed start tag at byte offset 1"),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</a>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ("<b =x>y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<a href=javascript:x>y</a>", "Unexpected end of name token at byte offset 8"),
        ("إ<b", "Unclosed start tag at byte offset 2"),  # byte offsets count UTF-8 bytes
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ],
)
def test_rejected_markup(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(source)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    "hostile",
    [
        "<b>title</b> & more",
        "fake </a> close and <a href='x'>",
        "bidi \u202eevil\u202c and \u2066isolate\u2069 \u200f",
        "&amp; already escaped &lt;b&gt;",
        "emoji 👩‍👩‍👧 and \u0000 nul",
    ],
)
def test_escaped_hostile_text_reads_back_unchanged(hostile: str) -> None:
    text, entities = parse_html(f"<b>{html.escape(hostile, quote=False)}</b>")
    assert text == hostile
    assert finish_entities(entities) == [{"type": "bold", "offset": 0, "length": len(hostile.encode("utf-16-le")) // 2}]


def test_strip_moves_entities_with_the_text() -> None:
    text, entities = strip_text("  <x> \n", [{"type": "bold", "offset": 1, "length": 4}])
    assert (text, entities) == ("<x>", [{"type": "bold", "offset": 0, "length": 3}])

"""The formatted_body sanitiser and the right-to-left marks."""

from __future__ import annotations

import pytest

from bot.transports.matrix.html import RLM, from_text, rtl, sanitize


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<b>غارة</b> على <i>إدلب</i>", "<b>غارة</b> على <i>إدلب</i>"),
        ("line one\nline two", "line one<br />line two"),
        ("<pre>a\nb</pre>", "<pre>a\nb</pre>"),
        (
            '<a href="https://example.org/x?a=1&amp;b=2">src</a>',
            '<a href="https://example.org/x?a=1&amp;b=2">src</a>',
        ),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVaScRiPt:alert(1)" onclick="x()">x</a>', "<a>x</a>"),
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>b{}</style><b>ok</b>", "<b>ok</b>"),
        ('<img src="https://x/y.png" onerror="z">', ""),
        ("<b>unclosed <i>both", "<b>unclosed <i>both</i></b>"),
        ("stray </b> close", "stray  close"),
        ("<b><i>mis</b>nested</i>", "<b><i>mis</i></b>nested"),
        ("1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        ('<p dir="rtl" style="x">نص</p>', '<p dir="rtl">نص</p>'),
        ('<p dir="evil">x</p>', "<p>x</p>"),
        ('<code class="language-python">x</code>', '<code class="language-python">x</code>'),
        ('<code class="x y">x</code>', "<code>x</code>"),
        ("<blockquote>quoted</blockquote>", "<blockquote>quoted</blockquote>"),
        ("<br><hr/>", "<br /><hr />"),
        ("<mx-reply><a href='https://matrix.to'>In reply to</a></mx-reply>answer", "answer"),
        ('<b title="&quot;><script>">t</b>', "<b>t</b>"),
    ],
)
def test_sanitize(given: str, expected: str) -> None:
    assert sanitize(given) == expected


def test_sanitize_escapes_attribute_values() -> None:
    assert sanitize('<a href="https://e.org/?q=&quot;&gt;">x</a>') == '<a href="https://e.org/?q=&quot;&gt;">x</a>'


def test_from_text_escapes_and_breaks_lines() -> None:
    assert from_text("<b>\n&") == "&lt;b&gt;<br />&amp;"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("غارة على إدلب", "غارة على إدلب"),  # starts right-to-left already
        ("5 قتلى في إدلب", "5 قتلى في إدلب"),  # digits are neutral: already right-to-left
        ("!latest إدلب وحلب", RLM + "!latest إدلب وحلب"),  # command first
        ("<b>UN</b> تدين القصف", RLM + "<b>UN</b> تدين القصف"),  # tags do not count, the text does
        ("English only", "English only"),  # no Arabic, untouched
        ("Strike in إدلب killed five", "Strike in إدلب killed five"),  # mostly Latin, untouched
        ("سطر\nOCHA: نزوح الآلاف\nline", "سطر\n" + RLM + "OCHA: نزوح الآلاف\nline"),  # per line
        (RLM + "UN تدين", RLM + "UN تدين"),  # idempotent
    ],
)
def test_rtl(given: str, expected: str) -> None:
    assert rtl(given) == expected

"""``formatted_body`` for Matrix: a safe HTML subset, line breaks kept, right-to-left friendly.

Replies come with Telegram-subset HTML (``b``, ``i``, ``a``, ``code``, ``blockquote``) where a
newline is a line break. Matrix clients render real HTML, so newlines become ``<br>``, and
everything outside a small allow-list (the spec's suggested tags, minus images and
tables) is escaped as text; ``script``/``style`` bodies are dropped. Links keep only
http(s), mailto and matrix.to targets.

Arabic lines that start with a Latin word or a command (``!latest إدلب``, ``UN: ...``) would
be laid out left-to-right by the Unicode bidi algorithm; ``rtl()`` starts each such line with
a right-to-left mark so they read right in every client, with or without HTML.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "s", "del", "strike", "code", "pre", "blockquote",
        "p", "div", "span", "br", "hr", "ul", "ol", "li", "sub", "sup", "h1", "h2", "h3",
        "h4", "h5", "h6", "a",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr"})
DROP_CONTENT = frozenset({"script", "style", "head", "title", "iframe", "object", "template", "mx-reply"})
ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "ol": frozenset({"start"}),
    "code": frozenset({"class"}),
    "*": frozenset({"dir"}),
}
URL_SCHEMES = ("http://", "https://", "mailto:", "matrix:")
DIRECTIONS = frozenset({"rtl", "ltr", "auto"})
RLM = "\u200f"
_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,32}$")


def _attr_ok(tag: str, name: str, value: str) -> bool:
    if name not in ALLOWED_ATTRS.get(tag, frozenset()) and name not in ALLOWED_ATTRS["*"]:
        return False
    if name == "href":
        return value.strip().lower().startswith(URL_SCHEMES)
    if name == "dir":
        return value.lower() in DIRECTIONS
    if name == "start":
        return value.isdigit()
    if name == "class":
        return bool(_CODE_CLASS.match(value))
    return True


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        kept = "".join(
            f' {name}="{escape(value, quote=True)}"'
            for name, value in attrs
            if value is not None and _attr_ok(tag, name, value)
        )
        if tag in VOID_TAGS:
            self.out.append(f"<{tag}{kept} />")
            return
        self.out.append(f"<{tag}{kept}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS and not self.dropping:
            self.out.append(f"<{tag} />")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return  # a stray closing tag is dropped, never emitted unbalanced
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        text = escape(data, quote=False)
        if "pre" not in self.open:
            text = text.replace("\r\n", "\n").replace("\n", "<br />")
        self.out.append(text)

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitize(html: str) -> str:
    """Return ``html`` reduced to the allowed subset, balanced, with newlines as ``<br />``."""
    parser = _Sanitiser()
    parser.feed(html)
    return parser.result()


def from_text(text: str) -> str:
    """Plain text as HTML: escaped, newlines as ``<br />``."""
    return escape(text, quote=False).replace("\n", "<br />")


def _strong_direction(line: str) -> str | None:
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _mostly_rtl(line: str) -> bool:
    kinds = [unicodedata.bidirectional(c) for c in line]
    rtl_letters = sum(k in ("R", "AL") for k in kinds)
    return rtl_letters > 0 and rtl_letters >= sum(k == "L" for k in kinds)


def rtl(text: str) -> str:
    """Start each mostly-Arabic line whose first strong letter is Latin with a right-to-left mark.

    Works on plain text and on HTML alike (a mark before a tag is harmless). Lines that
    already start right-to-left (digits are neutral) and mostly-Latin lines are left alone.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        visible = re.sub(r"<[^>]*>", "", line)
        if _mostly_rtl(visible) and _strong_direction(visible) != "rtl" and not line.startswith(RLM):
            lines[index] = RLM + line
    return "\n".join(lines)

"""Telegram HTML that always fits: split long messages on paragraph, line, sentence or word boundaries.

Telegram counts a message's length in UTF-16 code units *after* entity parsing, and
refuses anything over 4096. Splitting raw HTML by characters could cut a tag or an
entity in half, so the HTML is read into runs of visible text with the tags open
around them; break points are chosen on the visible text, and every part is written
back with its tags closed at its end and reopened at the start of the next part.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_TEXT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_SENTENCE_END = re.compile(r"[.!?؟…።。](?=\s)")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True, slots=True)
class _Run:
    text: str  # visible (unescaped) text
    tags: tuple[str, ...]  # opening tags around it, outermost first, as written


def _runs(markup: str) -> list[_Run]:
    runs: list[_Run] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag)
    position = 0
    for match in _TAG.finditer(markup):
        if match.start() > position:
            runs.append(_Run(html.unescape(markup[position : match.start()]), tuple(t for _, t in stack)))
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    break
        else:
            stack.append((name, match.group(0)))
        position = match.end()
    if position < len(markup):
        runs.append(_Run(html.unescape(markup[position:]), tuple(t for _, t in stack)))
    return runs


def _closing(tag: str) -> str:
    name = _TAG.match(tag)
    assert name is not None
    return f"</{name.group(2).lower()}>"


def _write(runs: list[_Run]) -> str:
    """HTML for a list of runs: tags opened and closed as the runs need, all closed at the end."""
    out: list[str] = []
    open_tags: tuple[str, ...] = ()
    for run in runs:
        common = 0
        while common < min(len(open_tags), len(run.tags)) and open_tags[common] == run.tags[common]:
            common += 1
        out.extend(_closing(t) for t in reversed(open_tags[common:]))
        out.extend(run.tags[common:])
        out.append(html.escape(run.text, quote=False))
        open_tags = run.tags
    out.extend(_closing(t) for t in reversed(open_tags))
    return "".join(out)


def _break_at(text: str, start: int, end: int) -> int:
    """The best place to end a part that must end by ``end``: after a paragraph, a line, a sentence, a word."""
    window = text[start:end]
    floor = len(window) // 3  # do not make a tiny part when a later, weaker boundary exists
    for finder in (
        lambda w: w.rfind("\n\n"),
        lambda w: w.rfind("\n"),
        lambda w: max((m.end() for m in _SENTENCE_END.finditer(w)), default=-1),
        lambda w: max(w.rfind(" "), w.rfind("\t")),
    ):
        found = finder(window)
        if found > floor:
            return start + found
    return end  # one "word" longer than a message: nothing better than a hard cut


def _fit(text: str, start: int, limit: int) -> int:
    """The largest end such that text[start:end] is at most ``limit`` UTF-16 units."""
    units = 0
    for index in range(start, len(text)):
        units += 2 if ord(text[index]) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_html(markup: str, limit: int = MAX_TEXT) -> list[str]:
    """``markup`` as one or more valid HTML messages, each at most ``limit`` visible UTF-16 units."""
    runs = _runs(markup)
    visible = "".join(r.text for r in runs)
    if utf16_len(visible) <= limit:
        return [markup] if visible.strip() else []
    # Character offset of each run in the visible text.
    bounds, offset = [], 0
    for run in runs:
        bounds.append((offset, offset + len(run.text), run))
        offset += len(run.text)
    parts: list[str] = []
    start = 0
    while start < len(visible):
        while start < len(visible) and visible[start].isspace():
            start += 1
        if start >= len(visible):
            break
        end = _fit(visible, start, limit)
        if end < len(visible):
            end = _break_at(visible, start, end)
        piece = [
            _Run(run.text[max(start, lo) - lo : min(end, hi) - lo], run.tags)
            for lo, hi, run in bounds
            if hi > start and lo < end
        ]
        piece = [p for p in piece if p.text]
        if "".join(p.text for p in piece).strip():
            parts.append(_write(_strip_edges(piece)))
        start = end
    return parts


def _strip_edges(runs: list[_Run]) -> list[_Run]:
    """Drop whitespace at a part's edges (Telegram trims it and would shift nothing else)."""
    if runs:
        runs[0] = _Run(runs[0].text.lstrip(), runs[0].tags)
        runs[-1] = _Run(runs[-1].text.rstrip(), runs[-1].tags)
    return [r for r in runs if r.text]


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Plain text split the same way (for messages sent without parse mode)."""
    return [html.unescape(part) for part in split_html(html.escape(text, quote=False), limit)]

"""Sentence splitting for Arabic and English news text.

Ends: ``. ! ? ؟ ؛`` (with any closing quotes or brackets after them) and line breaks.
The Arabic comma ``،`` and a dot inside a number (``3.5``) do not end a sentence; a number
at the end of a sentence (``القرار 2254.``) does. English abbreviations (U.S., Mr.) are kept whole.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_END = re.compile(r"""[.!?؟؛…]+["'”’»)\]]*(?=\s|$)|\n\s*""")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Maj|Capt|Prof|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|vs|approx)\.)$"
)


def split_sentences(text: str) -> list[str]:
    """Whole sentences in order, stripped, punctuation kept."""
    out: list[str] = []
    pending = ""
    pos = 0
    for m in _END.finditer(text):
        piece = text[pos : m.end()]
        pos = m.end()
        # An abbreviation is at most 8 characters: look at the piece's end only (a search anchored at $
        # would scan the whole piece).
        if not m.group().startswith("\n") and _ABBREV.search(piece.rstrip()[-12:]):
            pending += piece
            continue
        sentence = (pending + piece).strip()
        pending = ""
        if sentence:
            out.append(sentence)
    tail = (pending + text[pos:]).strip()
    if tail:
        out.append(tail)
    return out

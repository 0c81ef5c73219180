"""Document structure: a report as a headline, a lead and later paragraphs, and where it quotes someone.

News is written top-down: the headline and the lead (the first paragraph) announce the incident; later
paragraphs add details, reactions, quotes and background. ``structure`` labels every sentence with its
role so that the attachment rules (``salience.py``) can ask where a sentence stands, not only what it says:

- ``headline``: the report's title, when it is given apart from the text;
- ``lead``: the sentences of the first paragraph (the dateline "دبي (CNN) –" cut off);
- ``body``: the sentences of later paragraphs;
- ``aside``: a crosshead (a short later paragraph without a full stop: "مقتل أكثر من 1100 مدني") or a link
  to another article ("اقرأ أيضا: …", "للمزيد: …"): it announces nothing of its own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.analysis.lexicon import rows
from bot.analysis.normalize import match_tokens
from bot.analysis.sentences import split_sentences

__all__ = ["ASIDE", "BODY", "HEADLINE", "LEAD", "Part", "split_paragraphs", "structure", "unquoted"]

HEADLINE, LEAD, BODY, ASIDE = "headline", "lead", "body", "aside"

# "DAMASCUS (Reuters) -", "BEIRUT, Oct 3 (AFP) —", "دمشق - سانا", "دبي، الإمارات العربية المتحدة (CNN) –",
# "(CNN)--": where the report was filed, not where it happened.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z'. -]{1,40}(?:,[^()\n]{0,30})?\s*\([A-Za-z. ]{2,20}\)\s*[-\u2013\u2014:]+\s*"
    r"|^\s*[\u0621-\u064a ]{2,25}\s*[-\u2013\u2014]\s*"
    r"\(?(?:سانا|رويترز|أ ف ب|ا ف ب|فرانس برس|الأناضول|د ب أ)\)?\s*[-:\u2013\u2014]?\s*"
    r"|^\s*[\u0621-\u064a\u060c, ]{0,60}\(\s*CNN\s*\)\s*[-\u2013\u2014:]*\s*"
)
# "A member of the regime forces runs near destroyed buildings in Hasakeh on Monday (AFP photo)": a photo's caption
# pasted before the lead tells what the picture shows, not the news.
CAPTION = re.compile(r"^[^.!?\n]{0,400}?\.?\s*\((?:[A-Za-z]+ )?[Pp]hoto[^()\n]{0,30}\)\s*")
_CROSSHEAD_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?؟…:\"”»]\s*$")
# Quoted speech: "…", “…”, «…» of three words or more.
_QUOTED = re.compile(r"\"[^\"\n]{12,}?\"|“[^”\n]{12,}?”|«[^»\n]{12,}?»")


@dataclass(frozen=True, slots=True)
class Part:
    """One sentence of a report and where it stands."""

    text: str
    paragraph: int  # -1 for the headline
    role: str
    lede: bool = False  # the headline or the lead's first sentence: what the report is about


@functools.cache
def _link_cues() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(match_tokens(r[0])) for r in rows("structure.tsv") if r[1] == "link")


@functools.lru_cache(maxsize=4096)
def _may_link(first_word: str) -> bool:
    tokens = match_tokens(first_word)
    return bool(tokens) and any(cue[0] == tokens[0] for cue in _link_cues())


def _is_link(paragraph: str) -> bool:
    """ "اقرأ أيضا: …", "للمزيد: …", "Read more: …": a pointer to another article."""
    if not _may_link(paragraph[:20].split(maxsplit=1)[0] if paragraph.strip() else ""):
        return False  # most paragraphs: one cached look-up of their first word
    head = match_tokens(paragraph[:40])
    return any(tuple(head[: len(cue)]) == cue for cue in _link_cues())


def _is_crosshead(paragraph: str) -> bool:
    return len(paragraph.split()) <= _CROSSHEAD_WORDS and not _SENTENCE_END.search(paragraph)


def split_paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n") if p.strip()]


DISPATCH_PARAGRAPHS = 3
BLOCK_SENTENCES = 6  # a single paragraph longer than this is several paragraphs run together
_KICKER_WORDS = 6


def structure(body: str, title: str | None = None) -> list[Part]:
    """The report's sentences in order with their roles; the headline first when ``title`` is given.

    Short lines above the first paragraph ("إدلب – عنب بلدي") are a dateline or a kicker: the lead is the first
    paragraph after them. A dispatch of at most three paragraphs is all lead: each paragraph is an item of news.
    """
    parts: list[Part] = [Part(title, -1, HEADLINE, True)] if title else []
    paragraphs = split_paragraphs(body)
    top = 0
    while (
        top < len(paragraphs) - 1
        and len(paragraphs[top].split()) <= _KICKER_WORDS
        and not _SENTENCE_END.search(paragraphs[top])
    ):
        top += 1
    dispatch = len(paragraphs) - top <= DISPATCH_PARAGRAPHS
    if len(paragraphs) - top == 1:
        return parts + _one_block(paragraphs, top)
    for number, paragraph in enumerate(paragraphs):
        if number < top:
            role = ASIDE
        elif number == top:
            paragraph = DATELINE.sub("", CAPTION.sub("", paragraph, count=1), count=1) or paragraph
            role = LEAD
        elif _is_link(paragraph) or _is_crosshead(paragraph):
            role = ASIDE
        else:
            role = LEAD if dispatch else BODY
        parts.extend(Part(s, number, role, number == top and k == 0) for k, s in enumerate(split_sentences(paragraph)))
    return parts


LEAD_SENTENCES = 4  # of a text whose paragraph breaks were lost: the sentences that stand for its lead


def _one_block(paragraphs: list[str], top: int) -> list[Part]:
    """A report of one long paragraph is a text whose breaks were lost (a feed or a paste that joins its
    paragraphs): its first sentences are the lead, and each later sentence stands for a paragraph of its own."""
    out = [Part(p, n, ASIDE) for n, p in enumerate(paragraphs[:top])]
    sentences = split_sentences(DATELINE.sub("", CAPTION.sub("", paragraphs[top], count=1), count=1) or paragraphs[top])
    if len(sentences) <= BLOCK_SENTENCES:
        return out + [Part(s, top, LEAD, k == 0) for k, s in enumerate(sentences)]
    for k, s in enumerate(sentences):
        out.append(Part(s, top, LEAD, k == 0) if k < LEAD_SENTENCES else Part(s, top + k, BODY))
    return out


def unquoted(text: str) -> str | None:
    """The sentence without the words it quotes, or None when it quotes nothing."""
    if '"' not in text and "“" not in text and "«" not in text:
        return None
    out = _QUOTED.sub(" ", text)
    return out if out != text else None

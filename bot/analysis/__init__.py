"""Analysis: text in, :class:`~bot.models.Analysis` out. Pure: no I/O, no clocks.

FIRST VERSION (walking skeleton): language by script, a lead summary, and no
events yet. The full analysis (events, places, casualties, actors) is issue 3.
"""

from __future__ import annotations

from bot.analysis.language import detect_language
from bot.analysis.normalize import normalize
from bot.analysis.summary import lead_summary, split_sentences
from bot.models import Analysis

__all__ = ["DEFAULT_SUMMARY_WORDS", "analyze", "normalize"]

DEFAULT_SUMMARY_WORDS = 60


def analyze(text: str, *, title: str | None = None, summary_words: int = DEFAULT_SUMMARY_WORDS) -> Analysis:
    """Analyse one report. ``title`` defaults to the first sentence."""
    body = text.strip()
    language = detect_language((title or "") + "\n" + body)
    if not title:
        sentences = split_sentences(body)
        title = sentences[0] if sentences else ""
        title = " ".join(title.split()[:20])
    return Analysis(
        language=language,
        title=title,
        summary=lead_summary(body, summary_words),
        events=(),
    )

"""Alerts as transport-neutral replies: plain text and Telegram/Matrix-safe HTML.

Layout, for right-to-left and left-to-right readers alike: event type and place
first, then counts, the summary, and the source link. Every piece of report text
is escaped; the HTML uses only tags both Telegram and Matrix accept.
"""

from __future__ import annotations

from html import escape

from bot.analysis.normalize import normalize
from bot.i18n import counted, keys, t
from bot.models import Event, Reply, Report

_ICONS = {
    "airstrike": "✈️",
    "shelling": "💥",
    "clashes": "⚔️",
    "territory_change": "🚩",
    "bombing": "💣",
    "attack_on_civilians": "⚠️",
    "chemical_attack": "☣️",
    "arrests": "🚨",
    "ceasefire": "🕊️",
    "diplomacy": "🏛️",
    "displacement": "⛺",
    "protest": "📣",
}
# Unicode bidi controls in report text could reorder the whole message; drop them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


TITLE_MAX = 300  # characters of a report's title in an alert
SUMMARY_MAX = 1500  # so that one alert is always one Telegram message (4096)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def clean(text: str) -> str:
    """Report text made safe to show: no bidi overrides, no control characters."""
    text = text.translate(_BIDI_CONTROLS)
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def place_label(event: Event, language: str) -> str | None:
    place = event.location
    if place is None:
        return None
    name = (place.name_ar or place.name) if language == "ar" else place.name
    gov = place.governorate
    if gov and gov != place.name and place.level != "governorate" and not _is_capital(place.name_ar, gov):
        gov = keys(language, "governorate").get(gov, gov)
        return f"{name}، {gov}" if language == "ar" else f"{name}, {gov}"
    return name


def _is_capital(name_ar: str | None, governorate: str) -> bool:
    """A town named like its governorate (السويداء in السويداء): one name, not two spellings of it.

    English spellings of one Arabic name differ (As-Sweida, As-Suwayda); the Arabic names, folded, do not.
    """
    gov_ar = keys("ar", "governorate").get(governorate)
    return bool(name_ar and gov_ar and normalize(name_ar) == normalize(gov_ar))


def headline(event: Event, language: str) -> str:
    label = t(language, f"event.{event.type}")
    place = place_label(event, language)
    return f"{label} — {place}" if place else label


def counts(event: Event, language: str) -> str | None:
    parts = []
    if event.killed:
        detail = []
        if event.killed_children:
            detail.append(counted(language, "alert.children", event.killed_children))
        if event.killed_women:
            detail.append(counted(language, "alert.women", event.killed_women))
        killed = t(language, "alert.killed", n=event.killed)
        parts.append(f"{killed} ({'، '.join(detail) if language == 'ar' else ', '.join(detail)})" if detail else killed)
    if event.injured:
        parts.append(t(language, "alert.injured", n=event.injured))
    return " · ".join(parts) if parts else None


EVIDENCE_MAX = 400  # characters of the sentence that announces an event the headline is not about


def off_headline(event: Event, title: str, summary: str = "") -> bool:
    """Whether the report's headline is about something else than ``event`` (a headline on US-Russia talks above
    a strike on Maarat al-Numan): it does not name the event's place, and neither the headline nor the summary
    opens with the sentence the event was read from."""
    place = event.location
    if place is None or not event.evidence or not title.strip():
        return False
    opening = event.evidence[:80]
    if event.evidence.startswith(title.strip().rstrip("….")[:60]) or summary.strip().startswith(opening):
        return False
    return not any(name and name in title for name in (place.name_ar, place.name))


def lead_event(report: Report) -> Event | None:
    """The event to lead with: the one with most casualties, else the first."""
    if not report.events:
        return None
    return max(report.events, key=lambda e: ((e.killed or 0) + (e.injured or 0), -report.events.index(e)))


def render_alert(report: Report, language: str) -> Reply:
    """One alert for one report in the chat's language.

    Blocks separated by an empty line: what happened and where (with the counts and any other events),
    then the report's title and summary, then its source.
    """
    text_blocks: list[list[str]] = []
    html_blocks: list[list[str]] = []
    lead = lead_event(report)
    if lead is not None:
        head = f"{_ICONS.get(lead.type, '•')} {headline(lead, language)}"
        text, html = [head], [f"<b>{escape(head, quote=False)}</b>"]
        if tally := counts(lead, language):
            text.append(tally)
            html.append(escape(tally, quote=False))
        if off_headline(
            lead, report.title, report.summary
        ):  # show the sentence that tells the event, not only the headline
            said = shorten(clean(lead.evidence), EVIDENCE_MAX)
            text.append(f"«{said}»")
            html.append(f"<i>«{escape(said, quote=False)}»</i>")
        others = [e for e in report.events if e is not lead]
        if others:
            other = " · ".join(headline(e, language) for e in others[:3])
            text.append(other)
            html.append(f"<i>{escape(other, quote=False)}</i>")
        text_blocks.append(text)
        html_blocks.append(html)
    title = shorten(clean(report.title), TITLE_MAX)
    text, html = [title], [f"<b>{escape(title, quote=False)}</b>"]
    if report.summary and report.summary.strip() != report.title.strip():
        summary = shorten(clean(report.summary), SUMMARY_MAX)
        text.append(summary)
        html.append(escape(summary, quote=False))
    text_blocks.append(text)
    html_blocks.append(html)
    source = t(language, "alert.source", source=clean(report.source))
    if report.url and report.url.startswith(("http://", "https://")):
        text_blocks.append([f"{source} {report.url}"])
        html_blocks.append([f'<a href="{escape(report.url, quote=True)}">{escape(source, quote=False)}</a>'])
    elif report.source != "inbox":  # a file dropped in the inbox has no source worth naming
        text_blocks.append([source])
        html_blocks.append([escape(source, quote=False)])
    return Reply(
        text="\n\n".join("\n".join(block) for block in text_blocks),
        html="\n\n".join("\n".join(block) for block in html_blocks),
    )


def render_brief(report: Report, language: str) -> tuple[str, str]:
    """One line for lists (/latest, /search): (text, html)."""
    lead = lead_event(report)
    head = headline(lead, language) if lead else t(language, "alert.report")
    tally = counts(lead, language) if lead else None
    title = shorten(clean(report.title), TITLE_MAX)
    when = (report.published or report.received).strftime("%Y-%m-%d")
    text = f"#{report.id} {when} · {head}{' · ' + tally if tally else ''}\n{title}"
    html = f"<b>#{report.id}</b> {when} · {escape(head, quote=False)}"
    if tally:
        html += " · " + escape(tally, quote=False)
    html += "\n" + escape(title, quote=False)
    if report.url and report.url.startswith(("http://", "https://")):
        html = html + f' <a href="{escape(report.url, quote=True)}">↗</a>'
    return text, html

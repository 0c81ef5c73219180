"""Toll updates: one short line edited into the alert a chat already has, or sent on its own.

"Airstrike — Ariha: toll rises to 7". Where the transport can edit, the original
alert is re-rendered with the incident's counts in its header and this line (and
the other outlets that reported it) appended; otherwise the short line is sent as
a new message.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from bot.delivery.render import clean, headline, lead_event, render_alert
from bot.i18n import t
from bot.incidents.linking import IncidentState
from bot.models import Chat, Delivery, Event, Reply, Report
from storage import Store


def _incident_event(incident: IncidentState) -> Event:
    return Event(
        type=incident.type or "",
        location=incident.location,
        killed=incident.killed,
        injured=incident.injured,
        killed_children=incident.killed_children,
        killed_women=incident.killed_women,
    )


def toll_line(incident: IncidentState, language: str) -> str:
    line = t(language, "update.toll_rises", n=incident.killed or 0)
    if incident.killed_children:
        line += f" ({t(language, 'alert.children', n=incident.killed_children)})"
    return line


def render_update(incident: IncidentState, report: Report | None, language: str) -> Reply:
    """The short update on its own: what, where, the new toll, and who says so."""
    head = headline(_incident_event(incident), language) if incident.type else t(language, "alert.report")
    text = f"✏️ {head}: {toll_line(incident, language)}"
    html = f"✏️ <b>{escape(head, quote=False)}</b>: {escape(toll_line(incident, language), quote=False)}"
    if report is not None:
        source = t(language, "alert.source", source=clean(report.source))
        text += f"\n{source}"
        if report.url and report.url.startswith(("http://", "https://")):
            text += f" {report.url}"
            html += f'\n<a href="{escape(report.url, quote=True)}">{escape(source, quote=False)}</a>'
        else:
            html += "\n" + escape(source, quote=False)
    return Reply(text=text, html=html)


def with_incident_counts(report: Report, incident: IncidentState) -> Report:
    """The report with its lead event counting what the incident now counts (the header shows the new toll)."""
    lead = lead_event(report)
    if lead is None:
        return report
    counted = replace(
        lead,
        killed=incident.killed if incident.killed is not None else lead.killed,
        injured=incident.injured if incident.injured is not None else lead.injured,
        killed_children=incident.killed_children if incident.killed_children is not None else lead.killed_children,
        killed_women=incident.killed_women if incident.killed_women is not None else lead.killed_women,
    )
    return replace(report, events=tuple(counted if e is lead else e for e in report.events))


def render_edited(original: Report, incident: IncidentState, also: list[str], language: str) -> Reply:
    """The original alert with the incident's counts in its header, and the rise (and other outlets) appended."""
    base = render_alert(with_incident_counts(original, incident), language)
    extra = [f"⬆️ {toll_line(incident, language)}"]
    if also:
        extra.append(t(language, "update.also_reported", sources=", ".join(clean(s) for s in also)))
    text = base.text + "\n" + "\n".join(extra)
    html = (
        (base.html or escape(base.text, quote=False))
        + "\n"
        + "\n".join(f"<i>{escape(e, quote=False)}</i>" for e in extra)
    )
    return Reply(text=text, html=html)


def short_update(store: Store, row: Delivery, chat: Chat) -> Reply | None:
    """The message for an ``update`` outbox row, sent when no edit is possible."""
    incident = store.incidents.get(row.payload.get("incident", -1))
    if incident is None:
        return None
    report = store.reports.get(row.report_id) if row.report_id is not None else None
    return render_update(incident, report, chat.language)


def edit_target(store: Store, row: Delivery, chat: Chat) -> tuple[str, Reply] | None:
    """(message_ref, new content) of the alert this update edits; None when it was never sent."""
    original = store.outbox.get(row.payload.get("original", -1))
    if original is None or original.state != "sent" or not original.message_ref or original.report_id is None:
        return None
    incident = store.incidents.get(row.payload.get("incident", -1))
    report = store.reports.get(original.report_id)
    if incident is None or report is None:
        return None
    also = store.incidents.also_reported_by(report.id)
    return original.message_ref, render_edited(report, incident, also, chat.language)

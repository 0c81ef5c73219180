"""Paged lists of reports for /latest, /search and /more, with navigation buttons."""

from __future__ import annotations

from bot.delivery.render import render_brief
from bot.models import Button, Reply, Report
from handlers.context import Context

PAGE_SIZE = 5


def page_buttons(ctx: Context, query_id: int, page: int, has_next: bool) -> tuple[tuple[Button, ...], ...]:
    """Previous/next buttons; callback data is ``/page ID N`` (well under Telegram's 64 bytes)."""
    row = []
    if page > 1:
        row.append(Button(ctx.t("cmd.prev_page"), f"/page {query_id} {page - 1}"))
    if has_next:
        row.append(Button(ctx.t("cmd.next_page"), f"/page {query_id} {page + 1}"))
    return (tuple(row),) if row else ()


def report_list(ctx: Context, header: str, reports: list[Report], buttons: tuple[tuple[Button, ...], ...]) -> Reply:
    texts, htmls = [header], [f"<b>{_escape(header)}</b>"]
    for report in reports:
        text, html = render_brief(report, ctx.language)
        texts.append(text)
        htmls.append(html)
    return Reply(text="\n\n".join(texts), html="\n\n".join(htmls), buttons=buttons, edit=ctx.from_button)


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)

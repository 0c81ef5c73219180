"""A neutral Reply as a Matrix ``m.notice`` event's content.

Matrix has no inline buttons, so each button becomes a command the reader can type
(``!more``, ``!subscribe``), listed under the message.
"""

from __future__ import annotations

from html import escape
from typing import Any

from bot.models import Button, Picture, Reply
from bot.transports.matrix.html import from_text, rtl, sanitize

HTML_FORMAT = "org.matrix.custom.html"


def as_matrix_command(data: str) -> str:
    """``/page 3 2`` -> ``!page 3 2``: buttons carry Telegram-style commands."""
    return "!" + data[1:] if data.startswith("/") else data


def _button_line(row: tuple[Button, ...]) -> tuple[str, str]:
    texts, htmls = [], []
    for button in row:
        command = as_matrix_command(button.data)
        label = button.label.replace(button.data, "").strip() if button.data in button.label else button.label
        texts.append(f"{label} {command}".strip())
        htmls.append(f"{escape(label)} <code>{escape(command)}</code>".strip())
    return "  ·  ".join(texts), "  ·  ".join(htmls)


def notice_content(reply: Reply, *, reply_to: str | None = None) -> dict[str, Any]:
    """The ``m.notice`` content for ``reply``: body, sanitised formatted_body, thread to ``reply_to``."""
    text = reply.text
    html = sanitize(reply.html) if reply.html is not None else from_text(reply.text)
    if reply.buttons:
        lines = [_button_line(row) for row in reply.buttons]
        text += "\n\n" + "\n".join(line for line, _ in lines)
        html += "<br /><br />" + "<br />".join(line for _, line in lines)
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": rtl(text),
        "format": HTML_FORMAT,
        "formatted_body": rtl(html.replace("<br />", "<br />\n")).replace("<br />\n", "<br />"),
    }
    if reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def edit_content(reply: Reply, original_event_id: str) -> dict[str, Any]:
    """Replace an earlier notice (``m.replace``); clients without edits show the ``* `` fallback."""
    new = notice_content(reply)
    return {
        "msgtype": "m.notice",
        "body": "* " + new["body"],
        "format": HTML_FORMAT,
        "formatted_body": "* " + new["formatted_body"],
        "m.new_content": new,
        "m.relates_to": {"rel_type": "m.replace", "event_id": original_event_id},
    }


def image_content(
    picture: Picture, url: str, alt: str, *, keys: dict[str, Any] | None = None, reply_to: str | None = None
) -> dict[str, Any]:
    """An ``m.image`` event: the upload's ``url`` (or, encrypted, ``file`` with its keys) and ``info``;
    ``body`` is the text a client without images shows instead."""
    content: dict[str, Any] = {
        "msgtype": "m.image",
        "body": rtl(alt),
        "filename": picture.name,
        "info": {"mimetype": "image/png", "size": picture.size, "w": picture.width, "h": picture.height},
    }
    if keys is not None:
        content["file"] = {"url": url, "mimetype": "image/png", **keys}
    else:
        content["url"] = url
    if reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content

"""Telegram's rules for message text and inline keyboards, as the real server applies them to a bot's call."""

from __future__ import annotations

from typing import Any

from .html import EntityParseError, check_link, finish_entities, parse_html, strip_text
from .models import ApiError, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTONS = 100
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def format_text(
    params: dict[str, Any], *, text_key: str = "text", entities_key: str = "entities", limit: int = MAX_TEXT
) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode (or explicit entities), trim, and check the length: the text Telegram would store."""
    raw = params.get(text_key) or ""
    parse_mode = (params.get("parse_mode") or "").lower()
    if parse_mode == "html":
        try:
            text, entities = parse_html(raw)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}", violation="bad entities") from None
        entities = finish_entities(entities)
    elif parse_mode in ("markdown", "markdownv2"):
        raise bad_request(
            f"can't parse entities: the stand-in does not support parse_mode {params['parse_mode']}",
            violation="unsupported parse mode",
        )
    elif parse_mode:
        raise bad_request("unsupported parse_mode", violation="unsupported parse mode")
    else:
        text, entities = raw, list(params.get(entities_key) or [])
    text, entities = strip_text(text, entities)
    if text_key == "text" and not text:
        raise bad_request("message text is empty", violation="empty text")
    if len(text) > limit:
        what = "message is too long" if text_key == "text" else "message caption is too long"
        raise bad_request(what, violation="text too long")
    return text, entities


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    """Inline keyboards: one action per button, callback_data of 1-64 bytes, valid URLs."""
    if not markup or "inline_keyboard" not in markup:
        return
    buttons = [button for row in markup["inline_keyboard"] for button in row]
    if len(buttons) > MAX_BUTTONS:
        raise bad_request("REPLY_MARKUP_TOO_LONG", violation="bad reply markup")
    for button in buttons:
        actions = [key for key in _BUTTON_ACTIONS if key in button]
        if not actions:
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                violation="bad reply markup",
            )
        if len(actions) > 1:
            raise bad_request(
                f"can't parse inline keyboard button: exactly one of {', '.join(actions)} must be used",
                violation="bad reply markup",
            )
        if "callback_data" in button and not 1 <= len(button["callback_data"].encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID", violation="bad reply markup")
        if "url" in button and check_link(button["url"]) is None:
            raise bad_request("BUTTON_URL_INVALID", violation="bad reply markup")


def check_length(value: str | None, limit: int, error: str) -> None:
    if value is not None and len(value) > limit:
        raise bad_request(error, violation="text too long")


def not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly the same "
        "as a current content and reply markup of the message"
    )

"""/settings: this chat's subscriptions, language, mute and digest; ``/settings mute 2h`` etc."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.errors import NotAllowed
from bot.models import Button, Reply
from handlers.context import Context
from handlers.registry import CommandSpec
from handlers.subscribe import describe_subscription

_DURATION = re.compile(r"^(\d+)\s*([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _change(ctx: Context, words: list[str]) -> None:
    if not ctx.is_chat_admin:
        raise NotAllowed("cmd.not_allowed")
    action = words[0].lower()
    if action == "mute":
        match = _DURATION.match(words[1] if len(words) > 1 else "8h")
        amount, unit = (int(match.group(1)), match.group(2)) if match else (8, "h")
        ctx.store.chats.set_muted_until(ctx.chat, datetime.now(UTC) + timedelta(**{_UNITS[unit]: amount}))
    elif action == "unmute":
        ctx.store.chats.set_muted_until(ctx.chat, None)
    elif action == "digest" and len(words) > 1 and words[1].lower() in ("hourly", "daily", "off"):
        ctx.store.chats.set_digest(ctx.chat, None if words[1].lower() == "off" else words[1].lower())
    elif action in ("lang", "language") and len(words) > 1 and words[1].lower() in ("ar", "en"):
        ctx.store.chats.set_language(ctx.chat, words[1].lower())
        ctx.language = words[1].lower()


async def run(ctx: Context) -> list[Reply]:
    words = ctx.args.split()
    if words:
        _change(ctx, words)
    chat = ctx.store.chats.get(ctx.chat)
    lines = []
    subscriptions = ctx.store.subscriptions.for_chat(ctx.chat)
    if subscriptions:
        lines.append(ctx.t("cmd.subscriptions_header"))
        lines += [describe_subscription(ctx, s) for s in subscriptions]
    else:
        lines.append(ctx.t("cmd.no_subscriptions"))
    lines.append("")
    lines.append(ctx.t("cmd.settings_language", language="العربية" if ctx.language == "ar" else "English"))
    if chat and chat.muted_until and chat.muted_until > datetime.now(UTC):
        lines.append(ctx.t("cmd.settings_muted", until=chat.muted_until.strftime("%Y-%m-%d %H:%M UTC")))
    if chat and chat.digest:
        lines.append(ctx.t("cmd.settings_digest", digest=chat.digest))
    other_language = "en" if ctx.language == "ar" else "ar"
    muted = bool(chat and chat.muted_until and chat.muted_until > datetime.now(UTC))
    buttons = (
        (
            Button("English" if other_language == "en" else "العربية", f"/settings lang {other_language}"),
            Button("🔔" if muted else "🔕 8h", "/settings unmute" if muted else "/settings mute 8h"),
        ),
    )
    return [Reply(text="\n".join(lines), buttons=buttons, edit=ctx.from_button)]


SPEC = CommandSpec("settings", run, help_key="cmd.help_settings")

"""/settings: this chat's subscriptions, language, mute, quiet hours, time zone and digest.

``/settings mute 2h`` · ``unmute`` · ``quiet 23:00-07:00`` · ``quiet off`` ·
``tz Asia/Damascus`` · ``digest hourly|daily|off`` · ``lang ar|en``, with Arabic
words too (كتم، هدوء، ملخص يومي). Alerts held by a mute, quiet hours or a digest
come later as one digest; changing these settings re-plans that digest.

Buttons (each edits the settings message in place): language, mute 8 h, digest,
quiet hours 23:00–07:00 on/off, and "Types ▸" / "Places ▸" pages (``page types``,
``page places``) whose toggles (``type airstrike``, ``gov Idlib``, ``type all``)
add or remove an event type or governorate in every subscription of the chat, as
handlers/toggles.py explains. Looking at a page is open to all; changing needs
chat-admin rights.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.analysis.normalize import fold_digits, normalize
from bot.delivery.quiet import clock, zone
from bot.errors import NotAllowed, UsageError
from bot.models import Button, Reply
from handlers import toggles
from handlers.context import Context
from handlers.registry import CommandSpec
from handlers.subscribe import describe_subscription

_DURATION = re.compile(r"^(\d+)\s*(m|h|d|min|د|س|ي)?$")
_UNITS = {"m": "minutes", "min": "minutes", "د": "minutes", "h": "hours", "س": "hours", "d": "days", "ي": "days"}
_ACTIONS = {
    "mute": "mute",
    "كتم": "mute",
    "unmute": "unmute",
    "الغاء_الكتم": "unmute",
    "quiet": "quiet",
    "هدوء": "quiet",
    "tz": "timezone",
    "timezone": "timezone",
    "zone": "timezone",
    "المنطقه": "timezone",
    "digest": "digest",
    "ملخص": "digest",
    "lang": "language",
    "language": "language",
    "لغه": "language",
    "type": "type",
    "نوع": "type",
    "gov": "place",
    "place": "place",
    "محافظه": "place",
    "page": "page",
    "صفحه": "page",
    "map": "map",
    "خريطه": "map",
}
_PAGES = {
    "": "main",
    "main": "main",
    "types": "types",
    "انواع": "types",
    "places": "places",
    "اماكن": "places",
    "محافظات": "places",
}
DEFAULT_QUIET = ("23:00", "07:00")  # what the quiet-hours button turns on
_DIGESTS = {"hourly": "hourly", "ساعي": "hourly", "daily": "daily", "يومي": "daily", "off": None, "ايقاف": None}
_OFF = {"off", "ايقاف", "none", "لا"}
_ON = {"on", "تشغيل", "نعم", "yes"}
_MAX_MUTE = timedelta(days=365)


def _duration(text: str) -> timedelta | None:
    match = _DURATION.match(fold_digits(text.strip().lower()))
    if match is None:
        return None
    amount, unit = int(match.group(1)), _UNITS[match.group(2) or "h"]
    try:
        return min(timedelta(**{unit: amount}), _MAX_MUTE)
    except OverflowError:  # more days than timedelta holds: the longest mute
        return _MAX_MUTE


def _quiet_hours(text: str) -> tuple[str, str] | None:
    parts = re.split(r"\s*[-–—]\s*|\s+", fold_digits(text.strip()))
    if len(parts) != 2:
        return None
    start, end = clock(parts[0]), clock(parts[1])
    return (start, end) if start and end and start != end else None


async def _change(ctx: Context, words: list[str]) -> str:
    """Apply one change (or open a page); return the page to show: main, types or places."""
    action = _ACTIONS.get(normalize(words[0]))
    rest = " ".join(words[1:])
    if action == "page":  # looking is not changing: open to everyone
        if (page := _PAGES.get(normalize(rest))) is None:
            raise UsageError("settings.usage")
        return page
    if not ctx.is_chat_admin:
        raise NotAllowed("cmd.not_allowed")
    key = ctx.chat
    if action == "type":
        await toggles.toggle_type(ctx, rest)
        return "types"
    if action == "place":
        await toggles.toggle_governorate(ctx, rest)
        return "places"
    if action == "mute":
        duration = _duration(rest or "8h")
        if duration is None:
            raise UsageError("settings.usage")
        await ctx.store.chats.set_muted_until(key, datetime.now(UTC) + duration)
    elif action == "unmute":
        await ctx.store.chats.set_muted_until(key, None)
    elif action == "quiet":
        if normalize(rest) in _OFF:
            await ctx.store.chats.set_quiet_hours(key, None, None)
        elif (hours := _quiet_hours(rest)) is not None:
            await ctx.store.chats.set_quiet_hours(key, *hours)
        else:
            raise UsageError("settings.usage")
    elif action == "timezone":
        if zone(rest) is None:
            raise UsageError("settings.bad_timezone", timezone=rest)
        await ctx.store.chats.set_timezone(key, rest.strip())
    elif action == "digest" and normalize(rest) in _DIGESTS:
        await ctx.store.chats.set_digest(key, _DIGESTS[normalize(rest)])
    elif action == "map" and normalize(rest) in _ON | _OFF:
        await ctx.store.chats.set_alert_maps(
            key, normalize(rest) in _ON
        )  # alerts with a locator map (bot/maps/locator.py)
        return "main"
    elif action == "language" and rest.lower() in ("ar", "en"):
        await ctx.store.chats.set_language(key, rest.lower())
        ctx.language = rest.lower()
        return "main"
    else:
        raise UsageError("settings.usage")
    # The next digest is planned again from the new settings (held alerts are kept).
    await ctx.store.digests.set_due(key, None)
    return "main"


async def run(ctx: Context) -> list[Reply]:
    words = ctx.args.split()
    page = await _change(ctx, words) if words else "main"
    if page == "types":
        return [await toggles.types_page(ctx)]
    if page == "places":
        return [await toggles.places_page(ctx)]
    return [await _main_page(ctx)]


async def _main_page(ctx: Context) -> Reply:
    chat = await ctx.store.chats.get(ctx.chat)
    lines = []
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    if subscriptions:
        lines.append(ctx.t("cmd.subscriptions_header"))
        lines += [describe_subscription(ctx, s) for s in subscriptions]
    else:
        lines.append(ctx.t("cmd.no_subscriptions"))
    lines.append("")
    lines.append(ctx.t("cmd.settings_language", language="العربية" if ctx.language == "ar" else "English"))
    alert_maps = bool(chat and chat.alert_maps)
    lines.append(ctx.t("map.setting", state=ctx.t("map.on" if alert_maps else "map.off")))
    now = datetime.now(UTC)
    muted = bool(chat and chat.muted_until and chat.muted_until > now)
    if chat and muted and chat.muted_until:
        lines.append(ctx.t("cmd.settings_muted", until=chat.muted_until.strftime("%Y-%m-%d %H:%M UTC")))
    if chat and chat.quiet_start and chat.quiet_end:
        lines.append(ctx.t("settings.quiet", start=chat.quiet_start, end=chat.quiet_end, timezone=chat.timezone))
    elif chat and chat.timezone != "UTC":
        lines.append(ctx.t("settings.timezone", timezone=chat.timezone))
    if chat and chat.digest:
        lines.append(ctx.t("cmd.settings_digest", digest=ctx.t(f"settings.digest_{chat.digest}")))
    other_language = "en" if ctx.language == "ar" else "ar"
    digest_next = {None: "daily", "daily": "hourly", "hourly": "off"}[chat.digest if chat else None]
    quiet = bool(chat and chat.quiet_start and chat.quiet_end)
    buttons = (
        (
            Button(ctx.t("settings.types_button"), "/settings page types"),
            Button(ctx.t("settings.places_button"), "/settings page places"),
        ),
        (
            Button("English" if other_language == "en" else "العربية", f"/settings lang {other_language}"),
            Button(ctx.t("settings.unmute_button"), "/settings unmute")
            if muted
            else Button(ctx.t("settings.mute_button"), "/settings mute 8h"),
        ),
        (
            Button(ctx.t(f"settings.digest_{digest_next}_button"), f"/settings digest {digest_next}"),
            Button(ctx.t("settings.quiet_off_button"), "/settings quiet off")
            if quiet
            else Button(ctx.t("settings.quiet_on_button"), "/settings quiet {}-{}".format(*DEFAULT_QUIET)),
        ),
    )
    return Reply(text="\n".join(lines), buttons=buttons, edit=ctx.from_button)


SPEC = CommandSpec("settings", run, aliases=("اعدادات",), help_key="cmd.help_settings")

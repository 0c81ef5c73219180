"""The /settings pages that toggle a chat's event types and governorates with buttons.

The toggles change one subscription, the chat's first (the one /settings lists
first); a chat without subscriptions gets one at its first toggle. Only its types
and its ``gov:`` places change; keywords, other places and minimums stay. As with
/subscribe, no type chosen means every type and no place chosen means every place,
so removing the last ✅ widens the subscription again (the page says so).
"""

from __future__ import annotations

from bot.analysis.normalize import normalize
from bot.errors import UsageError
from bot.i18n import keys
from bot.models import EVENT_TYPES, Button, Reply, Subscription
from bot.places import PlaceKey, governorate, governorates
from handlers.context import Context
from handlers.filters import event_type, place_label

ON, OFF = "✅", "▫️"
PER_ROW = 3
_ALL = {"all", "الكل", "كل", "*"}


async def settings_subscription(ctx: Context) -> Subscription | None:
    """The subscription the toggles edit: the chat's first, or None when it has none."""
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    return subscriptions[0] if subscriptions else None


async def _save(ctx: Context, current: Subscription | None, **changes: tuple[str, ...]) -> None:
    if current is not None:
        await ctx.store.subscriptions.update(ctx.chat, current.id, **changes)
    elif any(changes.values()):  # clearing what a chat never chose creates nothing
        await ctx.store.subscriptions.add(ctx.chat, **changes)


def _governorate_of(key: str) -> str | None:
    """The governorate (English name) a ``gov:`` place key names; None for towns and names."""
    place = PlaceKey.parse(key)
    gov = governorate(place.value) if place.kind == "gov" else None
    return gov[0] if gov else None


async def toggle_type(ctx: Context, name: str) -> None:
    """Add or remove one event type (any Arabic or English name); ``all`` clears the choice."""
    current = await settings_subscription(ctx)
    types = current.types if current else ()
    if normalize(name) in _ALL:
        await _save(ctx, current, types=())
        return
    type_ = event_type(name) if name else None
    if type_ is None:
        raise UsageError("settings.unknown_type", name=name)
    chosen = set(types) ^ {type_}
    await _save(ctx, current, types=tuple(dict.fromkeys(t for t in (*EVENT_TYPES, *types) if t in chosen)))


async def toggle_governorate(ctx: Context, name: str) -> None:
    """Add or remove one governorate (any spelling); ``all`` clears the governorates chosen."""
    current = await settings_subscription(ctx)
    places = current.places if current else ()
    if normalize(name) in _ALL:
        await _save(ctx, current, places=tuple(p for p in places if _governorate_of(p) is None))
        return
    gov = governorate(name) if name else None
    if gov is None:
        raise UsageError("settings.unknown_governorate", name=name)
    if any(_governorate_of(p) == gov[0] for p in places):
        await _save(ctx, current, places=tuple(p for p in places if _governorate_of(p) != gov[0]))
    else:
        await _save(ctx, current, places=(*places, str(PlaceKey("gov", gov[0], gov[0]))))


def _rows(buttons: list[Button]) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i : i + PER_ROW]) for i in range(0, len(buttons), PER_ROW)]


def _title(ctx: Context, current: Subscription | None, key: str) -> str:
    return ctx.t(key, id=current.id) if current else ctx.t("settings.toggles_new")


def _separator(ctx: Context) -> str:
    return "، " if ctx.language == "ar" else ", "


async def types_page(ctx: Context) -> Reply:
    """Twelve event-type toggles, three a row, with the back button."""
    current = await settings_subscription(ctx)
    chosen = set(current.types) if current else set()
    names = keys(ctx.language, "event")
    lines = [_title(ctx, current, "settings.types_title")]
    if chosen:
        listed = _separator(ctx).join(names.get(t, t) for t in (current.types if current else ()))
        lines.append(ctx.t("settings.types_chosen", names=listed))
    else:
        lines.append(ctx.t("settings.types_all"))
    lines.append(ctx.t("settings.toggle_hint"))
    toggles = [Button(f"{ON if t in chosen else OFF} {names.get(t, t)}", f"/settings type {t}") for t in EVENT_TYPES]
    last = [Button(ctx.t("settings.back"), "/settings")]
    if chosen:
        last.append(Button(ctx.t("settings.clear_types"), "/settings type all"))
    return Reply(text="\n".join(lines), buttons=(*_rows(toggles), tuple(last)), edit=ctx.from_button)


async def places_page(ctx: Context) -> Reply:
    """The fourteen governorates as toggles, three a row, with the back button."""
    current = await settings_subscription(ctx)
    places = current.places if current else ()
    chosen = {g for p in places if (g := _governorate_of(p)) is not None}
    others = [p for p in places if _governorate_of(p) is None]
    names = keys(ctx.language, "governorate")
    lines = [_title(ctx, current, "settings.places_title")]
    if chosen:
        listed = _separator(ctx).join(names.get(g, g) for g, *_ in governorates() if g in chosen)
        lines.append(ctx.t("settings.places_chosen", names=listed))
    elif not others:
        lines.append(ctx.t("settings.places_all"))
    if others:
        listed = _separator(ctx).join(dict.fromkeys(place_label(p, ctx.language) for p in others))
        lines.append(ctx.t("settings.places_other", names=listed))
    lines.append(ctx.t("settings.toggle_hint"))
    toggles = [
        Button(f"{ON if gov in chosen else OFF} {names.get(gov, gov)}", f"/settings gov {gov}")
        for gov, *_ in governorates()
    ]
    last = [Button(ctx.t("settings.back"), "/settings")]
    if chosen:
        last.append(Button(ctx.t("settings.clear_places"), "/settings gov all"))
    return Reply(text="\n".join(lines), buttons=(*_rows(toggles), tuple(last)), edit=ctx.from_button)

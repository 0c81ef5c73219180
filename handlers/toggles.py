"""The /settings pages that toggle a chat's event types and governorates with buttons.

The toggles change every subscription of the chat at once (what /settings shows is
the chat's, not one subscription's); a chat without subscriptions gets one at its
first toggle. Only types and ``gov:`` places change; keywords, towns and minimums
stay. A type or governorate is ✅ when every subscription has it, ➖ when only some
do (a press adds it to all), ▫️ when none does (a press adds it to all); a press on
✅ removes it from all. As with /subscribe, no type chosen means every type and no
place chosen means every place, so removing the last ✅ widens a subscription again
(the page says so).
"""

from __future__ import annotations

from bot.analysis.normalize import normalize
from bot.errors import UsageError
from bot.i18n import keys
from bot.models import EVENT_TYPES, Button, Reply, Subscription
from bot.places import PlaceKey, governorate, governorates
from handlers.context import Context
from handlers.filters import event_type, place_label

ON, SOME, OFF = "✅", "➖", "▫️"
PER_ROW = 3
_ALL = {"all", "الكل", "كل", "*"}

Change = tuple[tuple[str, ...] | None, tuple[str, ...] | None]  # (types, places); None keeps


async def _save(ctx: Context, subscriptions: list[Subscription], changes: dict[int, Change], *, new: Change) -> None:
    """Write the changes to every subscription in one transaction; a chat with none gets ``new``."""
    if subscriptions:
        await ctx.store.subscriptions.update_many(ctx.chat, changes)
        return
    types, places = new
    if types or places:  # clearing what a chat never chose creates nothing
        await ctx.store.subscriptions.add(ctx.chat, types=types or (), places=places or ())


def _governorate_of(key: str) -> str | None:
    """The governorate (English name) a ``gov:`` place key names; None for towns and names."""
    place = PlaceKey.parse(key)
    gov = governorate(place.value) if place.kind == "gov" else None
    return gov[0] if gov else None


def _governorates(subscription: Subscription) -> set[str]:
    return {g for p in subscription.places if (g := _governorate_of(p)) is not None}


def _mark(count: int, of: int) -> str:
    """✅ in every subscription, ➖ in some, ▫️ in none."""
    return ON if of and count == of else SOME if count else OFF


def _ordered_types(types: set[str]) -> tuple[str, ...]:
    return tuple(t for t in EVENT_TYPES if t in types)


async def toggle_type(ctx: Context, name: str) -> None:
    """Add or remove one event type (any Arabic or English name) in every subscription; ``all`` clears them."""
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    if normalize(name) in _ALL:
        await _save(ctx, subscriptions, {s.id: ((), None) for s in subscriptions}, new=((), None))
        return
    type_ = event_type(name) if name else None
    if type_ is None:
        raise UsageError("settings.unknown_type", name=name)
    everywhere = all(type_ in s.types for s in subscriptions)
    changes: dict[int, Change] = {}
    for s in subscriptions:
        types = set(s.types) - {type_} if everywhere else set(s.types) | {type_}
        # A type outside the contract's list keeps its place after the known ones.
        changes[s.id] = ((*_ordered_types(types), *(t for t in s.types if t not in EVENT_TYPES)), None)
    await _save(ctx, subscriptions, changes, new=((type_,), None))


async def toggle_governorate(ctx: Context, name: str) -> None:
    """Add or remove one governorate (any spelling) in every subscription; ``all`` clears the governorates."""
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    if normalize(name) in _ALL:
        cleared = {s.id: (None, tuple(p for p in s.places if _governorate_of(p) is None)) for s in subscriptions}
        await _save(ctx, subscriptions, cleared, new=(None, ()))
        return
    gov = governorate(name) if name else None
    if gov is None:
        raise UsageError("settings.unknown_governorate", name=name)
    key = str(PlaceKey("gov", gov[0], gov[0]))
    everywhere = all(gov[0] in _governorates(s) for s in subscriptions)
    changes: dict[int, Change] = {}
    for s in subscriptions:
        if everywhere:
            changes[s.id] = (None, tuple(p for p in s.places if _governorate_of(p) != gov[0]))
        elif gov[0] not in _governorates(s):
            changes[s.id] = (None, (*s.places, key))
    await _save(ctx, subscriptions, changes, new=(None, (key,)))


def _rows(buttons: list[Button]) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i : i + PER_ROW]) for i in range(0, len(buttons), PER_ROW)]


def _title(ctx: Context, subscriptions: list[Subscription], key: str) -> str:
    if not subscriptions:
        return ctx.t("settings.toggles_new")
    if len(subscriptions) == 1:
        return ctx.t(key, id=subscriptions[0].id)
    return ctx.t(f"{key}_many", ids=", ".join(f"#{s.id}" for s in subscriptions))


def _hint(ctx: Context, subscriptions: list[Subscription]) -> str:
    return ctx.t("settings.toggle_hint_many" if len(subscriptions) > 1 else "settings.toggle_hint")


def _separator(ctx: Context) -> str:
    return "، " if ctx.language == "ar" else ", "


async def types_page(ctx: Context) -> Reply:
    """Twelve event-type toggles, three a row, with the back button."""
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    count = {t: sum(t in s.types for s in subscriptions) for t in EVENT_TYPES}
    marks = {t: _mark(count[t], len(subscriptions)) for t in EVENT_TYPES}
    names = keys(ctx.language, "event")
    lines = [_title(ctx, subscriptions, "settings.types_title")]
    chosen = [t for t in EVENT_TYPES if marks[t] == ON]
    some = [t for t in EVENT_TYPES if marks[t] == SOME]
    if chosen:
        lines.append(ctx.t("settings.types_chosen", names=_separator(ctx).join(names.get(t, t) for t in chosen)))
    if some:
        lines.append(ctx.t("settings.types_some", names=_separator(ctx).join(names.get(t, t) for t in some)))
    if not chosen and not some:
        lines.append(ctx.t("settings.types_all"))
    lines.append(_hint(ctx, subscriptions))
    toggles = [Button(f"{marks[t]} {names.get(t, t)}", f"/settings type {t}") for t in EVENT_TYPES]
    last = [Button(ctx.t("settings.back"), "/settings")]
    if chosen or some:
        last.append(Button(ctx.t("settings.clear_types"), "/settings type all"))
    return Reply(text="\n".join(lines), buttons=(*_rows(toggles), tuple(last)), edit=ctx.from_button)


async def places_page(ctx: Context) -> Reply:
    """The fourteen governorates as toggles, three a row, with the back button."""
    subscriptions = await ctx.store.subscriptions.for_chat(ctx.chat)
    held = [_governorates(s) for s in subscriptions]
    everywhere = [gov for gov, *_ in governorates()]
    marks = {gov: _mark(sum(gov in h for h in held), len(subscriptions)) for gov in everywhere}
    others = [p for s in subscriptions for p in s.places if _governorate_of(p) is None]
    names = keys(ctx.language, "governorate")
    lines = [_title(ctx, subscriptions, "settings.places_title")]
    chosen = [g for g in everywhere if marks[g] == ON]
    some = [g for g in everywhere if marks[g] == SOME]
    if chosen:
        lines.append(ctx.t("settings.places_chosen", names=_separator(ctx).join(names.get(g, g) for g in chosen)))
    if some:
        lines.append(ctx.t("settings.places_some", names=_separator(ctx).join(names.get(g, g) for g in some)))
    if not chosen and not some and not others:
        lines.append(ctx.t("settings.places_all"))
    if others:
        listed = _separator(ctx).join(dict.fromkeys(place_label(p, ctx.language) for p in others))
        key = "settings.places_other_many" if len(subscriptions) > 1 else "settings.places_other"
        lines.append(ctx.t(key, names=listed))
    lines.append(_hint(ctx, subscriptions))
    toggles = [Button(f"{marks[gov]} {names.get(gov, gov)}", f"/settings gov {gov}") for gov in everywhere]
    last = [Button(ctx.t("settings.back"), "/settings")]
    if chosen or some:
        last.append(Button(ctx.t("settings.clear_places"), "/settings gov all"))
    return Reply(text="\n".join(lines), buttons=(*_rows(toggles), tuple(last)), edit=ctx.from_button)

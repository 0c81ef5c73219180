"""/subscribe [TYPE…] [in PLACE…] [KEYWORD…]: this chat gets matching alerts.

A chat may hold several subscriptions, each with an id (``/unsubscribe 2``);
an alert goes out once when several of them match.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from bot.errors import UsageError
from bot.models import Reply, Subscription
from handlers.context import Context
from handlers.filters import Filters, describe, parse_filters, place_label
from handlers.registry import CommandSpec

# Limits (README, "Alerts"): a subscription is read by people, and every alert is matched against all of them.
MAX_WORDS = 30  # words in one /subscribe: types, places, keywords and -excluded words together
MAX_WORD_LENGTH = 50  # characters in one keyword, excluded word or place name
MAX_SUBSCRIPTIONS = 20  # subscriptions per chat


async def check_limits(ctx: Context, filters: Filters) -> None:
    """Refuse a word that is too long, or one subscription more than a chat may hold, with a line saying which."""
    words = [*filters.keywords, *filters.exclude, *(place_label(p, ctx.language) for p in filters.places)]
    if long := next((w for w in words if len(w) > MAX_WORD_LENGTH), None):
        raise UsageError("cmd.subscribe_word_too_long", word=long[:20], max=MAX_WORD_LENGTH)
    existing = await ctx.store.subscriptions.for_chat(ctx.chat)
    if len(existing) >= MAX_SUBSCRIPTIONS and all(filters_of(s) != filters for s in existing):
        raise UsageError("cmd.subscribe_too_many", max=MAX_SUBSCRIPTIONS)


async def run(ctx: Context) -> list[Reply]:
    if len(ctx.args.split()) > MAX_WORDS:  # before parsing: 10,000 words are not looked up in the gazetteer
        raise UsageError("cmd.subscribe_too_many_words", max=MAX_WORDS)
    filters = parse_filters(ctx.args)
    await check_limits(ctx, filters)
    before = {s.id for s in await ctx.store.subscriptions.for_chat(ctx.chat)}
    subscription = await ctx.store.subscriptions.add(ctx.chat, **asdict(filters))
    if subscription.id in before:
        return [Reply(text=ctx.t("cmd.already_subscribed", id=subscription.id))]
    what = ctx.t("cmd.subscribed_all") if filters.is_empty else describe(filters, ctx.language)
    return [Reply(text=ctx.t("cmd.subscribed", id=subscription.id, what=what))]


def filters_of(subscription: Subscription) -> Filters:
    """The filters a subscription was made from (Filters' fields are a subset of Subscription's)."""
    return Filters(**{f.name: getattr(subscription, f.name) for f in fields(Filters)})


def describe_subscription(ctx: Context, subscription: Subscription) -> str:
    filters = filters_of(subscription)
    what = ctx.t("cmd.subscribed_all") if filters.is_empty else describe(filters, ctx.language)
    return f"#{subscription.id}: {what}"


SPEC = CommandSpec("subscribe", run, aliases=("sub", "اشترك"), help_key="cmd.help_subscribe", changes_chat=True)

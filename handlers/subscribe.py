"""/subscribe [TYPE…] [in PLACE…] [KEYWORD…]: this chat gets matching alerts.

A chat may hold several subscriptions, each with an id (``/unsubscribe 2``);
an alert goes out once when several of them match.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from bot.models import Reply, Subscription
from handlers.context import Context
from handlers.filters import Filters, describe, parse_filters
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    filters = parse_filters(ctx.args)
    before = {s.id for s in ctx.store.subscriptions.for_chat(ctx.chat)}
    subscription = ctx.store.subscriptions.add(ctx.chat, **asdict(filters))
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

"""Chat commands, written once for every transport.

A transport turns an incoming message into a :class:`Context` and calls
:func:`dispatch`; it gets back replies to send in its own format. Handlers never
send anything themselves.
"""

from __future__ import annotations

import logging

from bot.errors import CommandError, NotAllowed
from bot.models import Reply
from handlers import (
    addfeed,
    channel,
    feeds,
    help,
    incident_map,
    lang,
    latest,
    page,
    removefeed,
    search,
    settings,
    sources,
    start,
    subscribe,
    unsubscribe,
)
from handlers.context import Context, Services
from handlers.inbound import Command, parse_command
from handlers.registry import CommandSpec

__all__ = ["COMMANDS", "Command", "CommandSpec", "Context", "Services", "dispatch", "lookup", "parse_command"]

logger = logging.getLogger(__name__)

COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        start.SPEC,
        help.SPEC,
        subscribe.SPEC,
        unsubscribe.SPEC,
        settings.SPEC,
        latest.SPEC,
        search.SPEC,
        incident_map.SPEC,
        page.MORE,
        sources.SPEC,
        lang.SPEC,
        page.PAGE,
        addfeed.SPEC,
        removefeed.SPEC,
        feeds.SPEC,
        channel.SPEC,
    )
}


def lookup(name: str) -> CommandSpec | None:
    name = name.lower()
    if name in COMMANDS:
        return COMMANDS[name]
    return next((spec for spec in COMMANDS.values() if name in spec.aliases), None)


async def dispatch(ctx: Context) -> list[Reply]:
    """Run one command and return what to answer; errors become one translated line.

    A person is waiting: the command's store calls go ahead of the ones the sender and feeds queued.
    """
    with ctx.store.answering():
        return await _dispatch(ctx)


async def _dispatch(ctx: Context) -> list[Reply]:
    chat = await ctx.store.chats.ensure(ctx.chat, kind=ctx.chat_kind)
    ctx.language = chat.language
    spec = lookup(ctx.command)
    if spec is None:
        return [Reply(text=ctx.t("cmd.unknown_command"))]
    try:
        if spec.admin_only and not ctx.is_bot_admin:
            raise NotAllowed("cmd.not_admin")
        if spec.changes_chat and not ctx.is_chat_admin:
            raise NotAllowed("cmd.not_allowed")
        return await spec.run(ctx)
    except CommandError as exc:
        return [Reply(text=ctx.t(exc.key, **exc.params))]
    except Exception:
        logger.exception("command /%s failed in %s", ctx.command, ctx.chat)
        return [Reply(text=ctx.t("cmd.error"))]

"""How command modules declare themselves: name, aliases, help key, who may run it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.models import Reply
from handlers.context import Context

Run = Callable[[Context], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    run: Run
    aliases: tuple[str, ...] = ()
    help_key: str | None = None  # None: not listed in /help
    changes_chat: bool = False  # needs chat-admin rights in groups
    admin_only: bool = False  # needs MARSAD_ADMINS

"""What a command handler receives, and the command-line parsing every transport shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.i18n import t
from bot.models import ChatKey
from storage import Store

_COMMAND = re.compile(r"^[/!]([A-Za-z_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # lower case, without / or !
    args: str  # the rest of the line, stripped
    bot_name: str | None = None  # the @botname of /cmd@botname


def parse_command(text: str) -> Command | None:
    """``/cmd@bot args`` or ``!cmd args`` -> Command; anything else -> None."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return Command(match.group(1).lower(), (match.group(3) or "").strip(), match.group(2))


class FeedAdmin(Protocol):
    """What /addfeed and /removefeed need from the running feed poller."""

    async def add_feed(self, url: str, *, interval: int | None = None, added_by: str | None = None) -> Any: ...

    async def remove_feed(self, url: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Services:
    """What commands may ask of the running bot beyond storage (filled in by bot/app.py)."""

    inbox: str | None = None
    feeds: FeedAdmin | None = None  # the feed poller, for /addfeed and /removefeed


@dataclass(slots=True)
class Context:
    """One command from one user in one chat."""

    store: Store
    chat: ChatKey
    user: str
    command: str
    args: str = ""
    chat_kind: str = "private"  # private | group | channel
    is_chat_admin: bool = True  # may change this chat's subscriptions and settings
    is_bot_admin: bool = False  # listed in MARSAD_ADMINS
    from_button: bool = False  # pressed on an inline button: answer by editing
    services: Services = field(default_factory=Services)
    language: str = "ar"

    def t(self, key: str, /, **params: object) -> str:
        return t(self.language, key, **params)

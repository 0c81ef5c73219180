"""What a command handler receives (the command grammar is in handlers/inbound.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.i18n import t
from bot.models import ChatKey
from storage import Store
from storage.front import AsyncStore


class FeedAdmin(Protocol):
    """What /addfeed and /removefeed need from the running feed poller."""

    async def add_feed(self, url: str, *, interval: int | None = None, added_by: str | None = None) -> Any: ...

    async def remove_feed(self, url: str) -> bool: ...


class Channels(Protocol):
    """What /channel needs from a network whose channels cannot talk to bots (Telegram)."""

    async def find(self, ref: str) -> ChatKey | None:
        """The channel named ``@name`` or by its id, or None when there is no such channel."""
        ...

    async def is_admin(self, channel: ChatKey, user: str | None) -> bool:
        """Whether ``user`` (None: this bot) administers ``channel``."""
        ...


@dataclass(frozen=True, slots=True)
class Services:
    """What commands may ask of the running bot beyond storage (filled in by bot/app.py)."""

    inbox: str | None = None
    feeds: FeedAdmin | None = None  # the feed poller, for /addfeed and /removefeed


@dataclass(slots=True)
class Context:
    """One command from one user in one chat."""

    store: AsyncStore  # a plain Store is taken as its async front (AsyncStore.over)
    chat: ChatKey
    user: str
    command: str
    args: str = ""
    chat_kind: str = "private"  # private | group | channel
    is_chat_admin: bool = True  # may change this chat's subscriptions and settings
    is_bot_admin: bool = False  # listed in MARSAD_ADMINS
    from_button: bool = False  # pressed on an inline button: answer by editing
    channels: Channels | None = None  # the network's channels, where it has any (for /channel)
    services: Services = field(default_factory=Services)
    language: str = "ar"

    def __post_init__(self) -> None:
        if isinstance(self.store, Store):
            self.store = AsyncStore.over(self.store)

    def t(self, key: str, /, **params: object) -> str:
        return t(self.language, key, **params)

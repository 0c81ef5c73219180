"""What delivery needs from a chat network. Transports implement it; delivery imports none of them.

A transport sends one message and reports what happened by returning a message
reference or raising one of bot.errors' DeliveryError kinds. Retrying, striking
and migrating are delivery's decisions, not the transport's.
"""

from __future__ import annotations

from typing import Protocol

from bot.models import Chat, Reply


class Transport(Protocol):
    name: str  # the chat-key prefix it serves: "tg", "mx", "console"
    global_rate: float  # messages per second across all chats

    def chat_interval(self, chat: Chat) -> float:
        """The least number of seconds between two messages to this chat."""
        ...

    async def send(self, chat: Chat, reply: Reply) -> str | None:
        """Send one message; return a reference usable by ``edit`` (or None)."""
        ...

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        """Replace a message sent earlier, where the network allows it."""
        ...

"""A transport that records what delivery sends and edits (decisions are under test, not a network)."""

from __future__ import annotations

from bot.errors import BadMessage
from bot.models import Chat, Reply


class RecordingTransport:
    name = "tg"
    global_rate = 0.0

    def __init__(self, *, can_edit: bool = True) -> None:
        self.can_edit = can_edit
        self.messages: dict[str, dict[str, str]] = {}  # chat -> message ref -> current text
        self.sends: list[tuple[str, str]] = []  # (chat, text) in order
        self.edits: list[tuple[str, str, str]] = []  # (chat, ref, text)

    def chat_interval(self, chat: Chat) -> float:
        return 0.0

    async def send(self, chat: Chat, reply: Reply) -> str:
        box = self.messages.setdefault(chat.key, {})
        ref = str(len(box) + 1)
        box[ref] = reply.text
        self.sends.append((chat.key, reply.text))
        return ref

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        if not self.can_edit:
            raise BadMessage("this network cannot edit messages")
        self.messages[chat.key][message_ref] = reply.text
        self.edits.append((chat.key, message_ref, reply.text))

    def texts(self, chat: str) -> list[str]:
        return list(self.messages.get(chat, {}).values())

"""Telegram chat keys: ``tg:<chat id>`` and ``tg:<chat id>/<topic id>``, read and written through ChatAddress."""

from __future__ import annotations

from bot.models import ChatAddress, ChatKey


def chat_key(chat_id: int, thread_id: int | None = None) -> ChatKey:
    """``tg:<chat id>``, or ``tg:<chat id>/<thread id>`` for a forum topic."""
    return ChatAddress.telegram(chat_id, thread_id).key


def parse_key(key: ChatKey) -> tuple[int, int | None]:
    """(chat id, thread id or None) from a chat key."""
    address = ChatAddress.parse(key)
    return int(address.id), int(address.thread) if address.thread is not None else None


def base_key(key: ChatKey) -> ChatKey:
    """The chat a key belongs to (a topic's group): limits and message ids are per chat."""
    try:
        return ChatAddress.parse(key).chat.key
    except ValueError:
        return key  # a pacing slot that is no chat ("tg:probe")

"""Telegram's channels as /channel (handlers/channel.py) asks for them: found by @name or id, and their admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.constants import ChatType

from bot.errors import DeliveryError
from bot.models import ChatAddress, ChatKey
from bot.transports.telegram.admins import Admins
from bot.transports.telegram.errors import telegram_errors
from bot.transports.telegram.keys import chat_key

if TYPE_CHECKING:
    from bot.transports.telegram.transport import TelegramTransport  # for types only: the transport imports this


class TelegramChannels:
    """handlers.context.Channels for Telegram."""

    def __init__(self, transport: TelegramTransport, admins: Admins) -> None:
        self.transport = transport
        self.admins = admins

    async def find(self, ref: str) -> ChatKey | None:
        numeric = ref.isascii() and ref.lstrip("-").isdecimal()  # a channel id; "²" is a digit but no number
        try:
            with telegram_errors(self.transport.secrets):
                chat = await self.transport.bot.get_chat(int(ref) if numeric else ref)
        except DeliveryError:
            return None
        return chat_key(chat.id) if chat.type == ChatType.CHANNEL else None

    async def is_admin(self, channel: ChatKey, user: str | None) -> bool:
        user_id = self.transport.bot.id if user is None else int(ChatAddress.parse(user).id)
        return await self.admins.is_admin(int(ChatAddress.parse(channel).id), user_id)

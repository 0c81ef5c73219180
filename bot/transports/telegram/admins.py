"""Who administers a Telegram chat, asked of Telegram (getChatMember) and remembered for ``ADMIN_TTL`` seconds."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from telegram.constants import ChatMemberStatus

from bot.errors import DeliveryError
from bot.transports.telegram.errors import telegram_errors
from bot.transports.telegram.keys import chat_key

if TYPE_CHECKING:
    from bot.transports.telegram.transport import TelegramTransport  # for types only: the transport imports this

logger = logging.getLogger(__name__)

ADMIN_TTL = 60.0
_ADMIN = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


class Admins:
    """A cache of getChatMember answers: (chat id, user id) -> is an administrator."""

    def __init__(self, transport: TelegramTransport) -> None:
        self.transport = transport
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        cached = self._known.get((chat_id, user_id))
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            with telegram_errors(self.transport.secrets):
                member = await self.transport.bot.get_chat_member(chat_id, user_id)
        except DeliveryError as exc:
            logger.warning("telegram: cannot check the rights of a user in %s: %s", chat_key(chat_id), exc)
            return False
        is_admin = member.status in _ADMIN
        self._known[(chat_id, user_id)] = (is_admin, now + ADMIN_TTL)
        return is_admin

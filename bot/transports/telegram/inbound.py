"""Updates from Telegram turned into handler contexts, and the handlers' replies sent back.

Commands work in private chats, groups, supergroups and forum topics (a topic is its
own chat key, ``tg:<chat>/<thread>``), also as ``/cmd@botname``; a command addressed to
another bot is ignored. In groups, whether the user may change the chat's settings is
asked of Telegram (getChatMember, see ``admins``). Channels are managed from a private
chat with ``/channel`` (handlers/channel.py), which reaches them through ``channels``.
Membership changes (blocked, kicked, re-added, a group become a supergroup) are
reported to bot/membership.py, which decides what they mean for the chat.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram import ChatMemberUpdated, Message, Update
from telegram import User as TgUser
from telegram.constants import ChatMemberStatus, ChatType

from bot.errors import DeliveryError
from bot.membership import AsyncMembership
from bot.models import ChatKey, Reply
from bot.transports.inbound import Dispatch, MakeContext
from bot.transports.telegram.admins import Admins
from bot.transports.telegram.channels import TelegramChannels
from bot.transports.telegram.errors import telegram_errors
from bot.transports.telegram.keys import base_key, chat_key, parse_key
from handlers import parse_command

if TYPE_CHECKING:
    from bot.transports.telegram.transport import TelegramTransport  # for types only: the transport imports this

logger = logging.getLogger(__name__)


def chat_kind(chat_type: str) -> str:
    """Marsad's chat kinds: private, group (basic groups and supergroups) or channel."""
    if chat_type == ChatType.PRIVATE:
        return "private"
    return "channel" if chat_type == ChatType.CHANNEL else "group"


def key_of(message: Message) -> ChatKey:
    thread = message.message_thread_id if message.is_topic_message else None
    return chat_key(message.chat.id, thread)


class TelegramInbound:
    """Handles one update at a time (PTB runs several side by side)."""

    def __init__(self, transport: TelegramTransport, dispatch: Dispatch, make_context: MakeContext) -> None:
        self.transport = transport
        self.store = transport.store
        self.membership = AsyncMembership(transport.store)
        self.dispatch = dispatch
        self.make_context = make_context
        self.admins = Admins(transport)
        self.channels = TelegramChannels(transport, self.admins)

    async def handle(self, update: Update) -> None:
        with self.store.answering():  # someone may be waiting: its store calls go ahead of the sender's
            if update.callback_query is not None:
                await self._on_button(update)
            elif update.message is not None:
                await self._on_message(update.message)
            elif update.my_chat_member is not None:
                await self._on_membership(update.my_chat_member)

    async def _on_membership(self, change: ChatMemberUpdated) -> None:
        """Blocked, kicked or removed: stop alerts now, not after failed sends; unblocked or re-added: resume."""
        key, status = chat_key(change.chat.id), change.new_chat_member.status
        logger.info("telegram: bot is now %s in %s", status, key)
        if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await self.membership.gone(key)
        elif status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
            await self.membership.back(key)

    # -- messages ----------------------------------------------------------------------------------
    async def _on_message(self, message: Message) -> None:
        if message.migrate_to_chat_id:
            old, new = chat_key(message.chat.id), chat_key(message.migrate_to_chat_id)
            await self.membership.moved(old, new)
            logger.info("telegram: %s became the supergroup %s: subscriptions follow", old, new)
            return
        text = message.text or message.caption or ""
        command = parse_command(text) if text.startswith("/") else None
        if command is None:
            return
        if command.bot_name and self.transport.username and command.bot_name.lower() != self.transport.username.lower():
            return  # meant for another bot in this group
        key = key_of(message)
        kind = chat_kind(message.chat.type)

        async def answer() -> list[Reply]:
            is_admin = await self._may_change(message.chat.id, kind, message.from_user, message)
            ctx = self.make_context(
                chat=key,
                user=f"tg:{message.from_user.id}" if message.from_user else f"tg:{message.chat.id}",
                command=command.name,
                args=command.args,
                chat_kind=kind,
                is_chat_admin=is_admin,
                channels=self.channels,
            )
            return await self.dispatch(ctx)

        # The chat's mark (the highest message id, which locate probes from) is written while the command runs:
        # the answer does not wait for one more write.
        replies, _ = await asyncio.gather(answer(), self.store.marks.raise_to(base_key(key), message.message_id))
        for reply in replies:
            await self.send_reply(key, kind, reply)

    async def _may_change(self, chat_id: int, kind: str, user: TgUser | None, message: Message | None) -> bool:
        """Whether this user may change this chat's subscriptions and settings."""
        if kind == "private":
            return True
        if message is not None and message.sender_chat is not None and message.sender_chat.id == chat_id:
            return True  # an anonymous administrator posting as the group
        if user is None:
            return False
        return await self.admins.is_admin(chat_id, user.id)

    # -- buttons -----------------------------------------------------------------------------------
    async def _on_button(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        command = parse_command(query.data or "")
        try:
            if message is None or command is None:
                return
            key = key_of(message)
            kind = chat_kind(message.chat.type)
            is_admin = await self._may_change(message.chat.id, kind, query.from_user, None)
            ctx = self.make_context(
                chat=key,
                user=f"tg:{query.from_user.id}",
                command=command.name,
                args=command.args,
                chat_kind=kind,
                is_chat_admin=is_admin,
                from_button=True,
                channels=self.channels,
            )
            replies = await self.dispatch(ctx)
            await self._answer_button(key, kind, message, replies)
        finally:
            try:
                with telegram_errors(self.transport.secrets):
                    await query.answer()
            except DeliveryError as exc:
                logger.info("telegram: button answer failed: %s", exc)

    async def _answer_button(self, key: ChatKey, kind: str, message: Message, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.edit:
                chat = await self.store.chats.ensure(key, kind=kind)
                try:
                    await self.transport.edit(chat, str(message.message_id), reply)
                    continue
                except DeliveryError as exc:
                    logger.info("telegram: could not edit message %s in %s: %s", message.message_id, key, exc)
            await self.send_reply(key, kind, reply)

    # -- replies -----------------------------------------------------------------------------------
    async def send_reply(self, key: ChatKey, kind: str, reply: Reply) -> None:
        """Answer a command: paced like alerts, and its message ids recorded as the chat's mark."""
        try:
            ref = await self.transport.deliver(key, reply, paced_first=False, kind=kind)
        except DeliveryError as exc:
            logger.warning("telegram: could not answer in %s: %s", key, exc)
            return
        if ref is not None:
            chat_id, _ = parse_key(key)
            await self.store.marks.raise_to(base_key(key), int(ref))
            logger.debug("answered in tg:%s", chat_id)

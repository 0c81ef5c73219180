"""The stand-in's Bot API core: ``BotApi`` runs one checked call, and ``method`` files each handler under its name.

Handler modules (``methods``, ``photos``, ``settings``) register themselves with ``@method`` when imported; the
server (``standin``) imports them all, so nothing here imports a handler module and no module imports its importer.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from .control import StandInControl
from .models import CHANNEL, GROUP, SUPERGROUP, ApiError, Chat, StoredMessage, bad_request
from .polling import Poller

Handler = Callable[["BotApi", dict[str, Any]], Awaitable[Any]]
_HANDLERS: dict[str, Handler] = {}
_READ_ONLY = frozenset({"getchat", "getchatmember", "getchatadministrators", "getchatmembercount"})
_KICKED = {
    GROUP: "Forbidden: bot was kicked from the group chat",
    SUPERGROUP: "Forbidden: bot was kicked from the supergroup chat",
    CHANNEL: "Forbidden: bot is not a member of the channel chat",
}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[name.lower()] = handler
        return handler

    return register


class BotApi:
    """Runs one checked call: resolves its chat, applies faults and flood control, then the method."""

    def __init__(self, control: StandInControl) -> None:
        self.control = control
        self.poller = Poller(control)

    async def dispatch(self, name: str, params: dict[str, Any], *, is_alive: Callable[[], bool]) -> Any:
        c = self.control
        if "chat_id" not in params:
            self._apply_faults(name, None)
        if name.lower() == "getupdates":
            return await self.poller.get_updates(params, is_alive=is_alive)
        handler = _HANDLERS.get(name.lower())
        if handler is None:
            c.unimplemented.append(name)
            return True
        params = {**params, "_method": name}
        result = await handler(self, params)
        c.flood.record_send(name, params.get("_chat"), time.monotonic())
        return result

    # -- shared steps -------------------------------------------------------------------------------
    def find_chat(self, ref: int | str) -> Chat:
        """The chat with this id or @username, unless it is gone or has moved."""
        chat = self.control.chats.get(ref.lower() if isinstance(ref, str) else ref)
        if chat is None or chat.vanished:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request("group chat was upgraded to a supergroup chat", migrate_to_chat_id=chat.migrated_to)
        return chat

    def chat(self, params: dict[str, Any]) -> Chat:
        """The chat a call addresses, after every refusal Telegram would give, faults and flood control."""
        chat = self.find_chat(params["chat_id"])
        name = params["_method"]
        if chat.bot_status in ("kicked", "left"):
            raise ApiError(403, _KICKED.get(chat.type, "Forbidden: bot is not a member of the chat"))
        if chat.blocked and name.lower() not in _READ_ONLY:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        self.control.flood.check(name, chat, time.monotonic())  # first: was an earlier retry_after honoured?
        self._apply_faults(name, chat.id)
        params["_chat"] = chat
        return chat

    def _apply_faults(self, name: str, chat_id: int | None) -> None:
        c = self.control
        for fault in c.faults:
            if fault.matches(name, chat_id):
                fault.remaining -= 1
                if fault.status == 429:
                    c.flood.announce_wait(
                        name,
                        chat_id if fault.chat_id is not None else None,
                        fault.retry_after,
                        time.monotonic(),
                    )
                raise fault.to_error()

    def own_message(self, chat: Chat, params: dict[str, Any], missing: str) -> StoredMessage:
        if "message_id" not in params:
            raise bad_request("message identifier is not specified", violation="missing message_id")
        message = chat.message(params["message_id"])
        if message is None:
            raise bad_request(missing)
        if not message.is_from_bot:
            raise bad_request("message can't be edited")
        return message

    def new_bot_message(self, chat: Chat, thread_id: int | None, markup: dict[str, Any] | None) -> StoredMessage:
        """A message the bot sends now (text, photo, ...), before its content is set."""
        sender = None if chat.type == CHANNEL else self.control.bot
        message = StoredMessage(chat.next_message_id(), chat.id, int(time.time()), sender, by_bot=True)
        message.reply_markup, message.thread_id = markup, thread_id
        return message

    def thread_of(self, chat: Chat, params: dict[str, Any]) -> int | None:
        thread_id = params.get("message_thread_id")
        if thread_id is None:
            return None
        if not chat.is_forum or thread_id not in chat.topics:
            raise bad_request("message thread not found")
        return thread_id

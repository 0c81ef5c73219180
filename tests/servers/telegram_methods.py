"""The Bot API methods the bot uses, implemented on the stand-in's state with Telegram's answers and errors.

A method gets parameters already checked against the spec (``telegram_spec``). Methods without a handler
here are valid but unimplemented: they answer ``True`` and are listed in ``StandInControl.unimplemented``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from .telegram_control import StandInControl
from .telegram_models import (
    ADMINISTRATOR,
    CHANNEL,
    CREATOR,
    GROUP,
    PRIVATE,
    ApiError,
    Chat,
    StoredMessage,
    bad_request,
    member_to_api,
)
from .telegram_polling import Poller
from .telegram_text import check_length, check_reply_markup, format_text, not_modified

Handler = Callable[["BotApi", dict[str, Any]], Awaitable[Any]]
_HANDLERS: dict[str, Handler] = {}
_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_READ_ONLY = frozenset({"getchat", "getchatmember", "getchatadministrators", "getchatmembercount"})
_KICKED = {
    GROUP: "Forbidden: bot was kicked from the group chat",
    "supergroup": "Forbidden: bot was kicked from the supergroup chat",
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


@method("sendMessage")
async def send_message(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    text, entities = format_text(params)  # the Bot API server parses text before it looks at the chat
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    chat = api.chat(params)
    thread_id = api.thread_of(chat, params)
    reply = params.get("reply_parameters")
    if reply and chat.message(reply["message_id"]) is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    if chat.type == CHANNEL and chat.bot_status != ADMINISTRATOR:
        raise bad_request("need administrator rights in the channel chat")
    message = StoredMessage(
        chat.next_message_id(),
        chat.id,
        int(time.time()),
        None if chat.type == CHANNEL else api.control.bot,
        by_bot=True,
        text=text,
        entities=entities,
        reply_markup=markup,
        thread_id=thread_id,
        reply_to=reply["message_id"] if reply else None,
        raw_text=params["text"],
        parse_mode=params.get("parse_mode"),
    )
    chat.messages.append(message)
    api.control.notify()
    return chat.message_to_api(message)


@method("editMessageText")
async def edit_message_text(api: BotApi, params: dict[str, Any]) -> dict[str, Any] | bool:
    if "inline_message_id" in params:
        api.control.unimplemented.append("editMessageText(inline_message_id)")
        return True
    text, entities = format_text(params)
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    chat = api.chat(_require_chat(params))
    message = api.own_message(chat, params, "message to edit not found")
    if message.text is None:  # a photo: its caption is edited with editMessageCaption
        raise bad_request("there is no text in the message to edit")
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise not_modified()
    _remember(message)
    message.text, message.entities, message.reply_markup = text, entities, markup
    message.raw_text, message.parse_mode = params["text"], params.get("parse_mode")
    message.edit_date = int(time.time())
    api.control.notify()
    return chat.message_to_api(message)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(api: BotApi, params: dict[str, Any]) -> dict[str, Any] | bool:
    if "inline_message_id" in params:
        api.control.unimplemented.append("editMessageReplyMarkup(inline_message_id)")
        return True
    chat = api.chat(_require_chat(params))
    message = api.own_message(chat, params, "message to edit not found")
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    if markup == message.reply_markup or (not markup and not message.reply_markup):
        raise not_modified()
    _remember(message)
    message.reply_markup = markup
    message.edit_date = int(time.time())
    api.control.notify()
    return chat.message_to_api(message)


def _require_chat(params: dict[str, Any]) -> dict[str, Any]:
    if "chat_id" not in params:
        raise bad_request("chat_id is empty", violation="missing chat_id")
    return params


def _remember(message: StoredMessage) -> None:
    message.history.append({"text": message.text, "entities": message.entities, "reply_markup": message.reply_markup})


@method("deleteMessage")
async def delete_message(api: BotApi, params: dict[str, Any]) -> bool:
    chat = api.chat(params)
    message = chat.message(params["message_id"])
    if message is None:
        raise bad_request("message to delete not found")
    can_delete = message.is_from_bot or chat.type == PRIVATE or chat.bot_status == ADMINISTRATOR
    if not can_delete:
        raise bad_request("message can't be deleted")
    message.deleted = True
    api.control.notify()
    return True


@method("deleteMessages")
async def delete_messages(api: BotApi, params: dict[str, Any]) -> bool:
    chat = api.chat(params)
    for message_id in params["message_ids"]:
        message = chat.message(message_id)
        if message is not None and (message.is_from_bot or chat.type == PRIVATE or chat.bot_status == ADMINISTRATOR):
            message.deleted = True
    api.control.notify()
    return True


@method("sendChatAction")
async def send_chat_action(api: BotApi, params: dict[str, Any]) -> bool:
    chat = api.chat(params)
    api.thread_of(chat, params)
    if params["action"] not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request", violation="bad chat action")
    return True


@method("answerCallbackQuery")
async def answer_callback_query(api: BotApi, params: dict[str, Any]) -> bool:
    query = api.control.callback_queries.get(params["callback_query_id"])
    if query is None or query["answer"] is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    check_length(params.get("text"), 200, "MESSAGE_TOO_LONG")
    query["answer"] = {k: v for k, v in params.items() if not k.startswith("_")}
    api.control.notify()
    return True


@method("getChat")
async def get_chat(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    return api.chat(params).to_full_info()


@method("getChatMember")
async def get_chat_member(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    c = api.control
    chat = api.chat(params)
    user = c.bot if params["user_id"] == c.bot.id else c.users.get(params["user_id"])
    if user is None:
        raise bad_request("user not found")
    return member_to_api(chat, user, c.member_status(chat, user.id))


@method("getChatAdministrators")
async def get_chat_administrators(api: BotApi, params: dict[str, Any]) -> list[dict[str, Any]]:
    c = api.control
    chat = api.chat(params)
    if chat.type == PRIVATE:
        raise bad_request("there are no administrators in the private chat")
    admins = [
        member_to_api(chat, chat.users[uid], role)
        for uid, role in chat.roles.items()
        if role in (CREATOR, ADMINISTRATOR)
    ]
    if chat.bot_status == ADMINISTRATOR:
        admins.append(member_to_api(chat, c.bot, ADMINISTRATOR))
    return admins


@method("getChatMemberCount")
async def get_chat_member_count(api: BotApi, params: dict[str, Any]) -> int:
    chat = api.chat(params)
    return 2 if chat.type == PRIVATE else len(chat.roles) + 1


@method("leaveChat")
async def leave_chat(api: BotApi, params: dict[str, Any]) -> bool:
    api.chat(params).bot_status = "left"
    return True


# Registers the bot-settings methods (commands, descriptions, webhook, files) and photos in _HANDLERS.
from . import telegram_photos, telegram_settings  # noqa: E402, F401

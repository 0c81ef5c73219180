"""The Bot API methods the bot uses, implemented on the stand-in's state with Telegram's answers and errors.

A method gets parameters already checked against the spec (``spec``). Methods without a handler
here are valid but unimplemented: they answer ``True`` and are listed in ``StandInControl.unimplemented``.
"""

from __future__ import annotations

import time
from typing import Any

from .api import BotApi, method
from .models import (
    ADMINISTRATOR,
    CHANNEL,
    CREATOR,
    PRIVATE,
    StoredMessage,
    bad_request,
    member_to_api,
)
from .text import check_length, check_reply_markup, format_text, not_modified

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

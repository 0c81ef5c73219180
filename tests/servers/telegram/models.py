"""The stand-in's records: users, chats, messages, calls and violations, and their Bot API JSON forms."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

PRIVATE, GROUP, SUPERGROUP, CHANNEL = "private", "group", "supergroup", "channel"
CREATOR, ADMINISTRATOR, MEMBER = "creator", "administrator", "member"


class ApiError(Exception):
    """An error answer of the Bot API; ``violation`` names the bot bug it reveals, if any."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        violation: str | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters
        self.violation = violation

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str, *, violation: str | None = None, **parameters: Any) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}", parameters=parameters or None, violation=violation)


@dataclass(slots=True)
class User:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    last_name: str | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(slots=True)
class StoredMessage:
    """A message in a chat as the stand-in knows it; ``history`` keeps earlier versions of edited ones."""

    message_id: int
    chat_id: int
    date: int
    sender: User | None  # None for channel posts
    by_bot: bool = False
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    thread_id: int | None = None
    reply_to: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    raw_text: str | None = None  # what the bot sent, before entity parsing
    parse_mode: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # service fields (migrate_to_chat_id, ...)

    @property
    def is_from_bot(self) -> bool:
        return self.by_bot

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button, row by row."""
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]

    def entity_texts(self, entity_type: str) -> list[str]:
        """The pieces of text covered by entities of ``entity_type`` (offsets are UTF-16)."""
        encoded = (self.text or "").encode("utf-16-le")
        return [
            encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in self.entities
            if e["type"] == entity_type
        ]


@dataclass(slots=True)
class Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    user: User | None = None  # the other side of a private chat
    is_forum: bool = False
    roles: dict[int, str] = field(default_factory=dict)  # user id -> creator/administrator/member
    users: dict[int, User] = field(default_factory=dict)
    topics: dict[int, str] = field(default_factory=dict)  # message_thread_id -> name
    bot_status: str = MEMBER  # member, administrator, kicked, left
    blocked: bool = False
    vanished: bool = False
    migrated_to: int | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next_message_id(self) -> int:
        return next(self._ids)

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == PRIVATE and self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
        else:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    def to_full_info(self) -> dict[str, Any]:
        gifts = (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        )
        return {
            **self.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, False),
        }

    def message(self, message_id: int) -> StoredMessage | None:
        for message in self.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def message_to_api(self, message: StoredMessage) -> dict[str, Any]:
        data: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": self.to_api()}
        if message.sender is not None:
            data["from"] = message.sender.to_api()
        elif self.type == CHANNEL:
            data["sender_chat"] = self.to_api()
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            data["is_topic_message"] = True
        if message.reply_to is not None and (target := self.message(message.reply_to)) is not None:
            data["reply_to_message"] = {k: v for k, v in self.message_to_api(target).items()}
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.text is not None:
            data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        data.update(message.extra)
        return data


def member_to_api(chat: Chat, user: User, status: str) -> dict[str, Any]:
    """A ChatMember of the right subtype, with every field the spec requires."""
    base: dict[str, Any] = {"status": status, "user": user.to_api()}
    if status == CREATOR:
        return {**base, "is_anonymous": False}
    if status == ADMINISTRATOR:
        rights = (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        )
        flags = {"can_be_edited": False, "is_anonymous": False, "can_promote_members": False}
        return {**base, **flags, **dict.fromkeys(rights, True)}
    if status == "kicked":
        return {**base, "until_date": 0}
    return base


@dataclass(frozen=True, slots=True)
class Call:
    """One request the bot made, and how the stand-in answered it."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    time: float


@dataclass(frozen=True, slots=True)
class Violation:
    """A bot bug the stand-in caught: a spec breach, bad entities, a rate limit or retry_after ignored."""

    kind: str
    method: str
    chat_id: int | str | None
    description: str
    time: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class Update:
    update_id: int
    kind: str  # message, edited_message, callback_query, my_chat_member, channel_post ...
    payload: dict[str, Any]

    def to_api(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}

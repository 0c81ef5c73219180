"""What tests do to the stand-in: make users and chats, act as users, break chats, inspect what the bot did.

``StandInControl`` holds the whole state of the fake Telegram; the HTTP server (``standin``) and the
Bot API methods (``api`` and the method modules) work on it. Every change wakes the ``wait_for*`` helpers, so tests wait
for events instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from .html import utf16_len
from .limits import ALL_METHODS, SEND_METHODS, Fault, FloodControl, RateLimits
from .models import (
    ADMINISTRATOR,
    CHANNEL,
    CREATOR,
    GROUP,
    MEMBER,
    PRIVATE,
    SUPERGROUP,
    Call,
    Chat,
    StoredMessage,
    Update,
    User,
    Violation,
    member_to_api,
)
from .waiting import Waiting

T = TypeVar("T")
ChatRef = Chat | int
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
DEFAULT_TOKEN = "7000000001:AAH-stand-in-token-0123456789abcdefXYZ"


class StandInControl(Waiting):
    """State of the fake Telegram, and the control API tests use (see the module docstring)."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "marsad_test_bot",
        strict: bool = True,
        limits: RateLimits | None = None,
    ) -> None:
        self.token = token
        self.strict = strict
        self.bot = User(id=int(token.split(":", 1)[0]), first_name="Marsad", username=bot_username, is_bot=True)
        self.flood = FloodControl(limits or RateLimits())
        self.users: dict[int, User] = {}
        self.chats: dict[int | str, Chat] = {}
        self.updates: list[Update] = []
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.request_paths: list[str] = []
        self.faults: list[Fault] = []
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}  # (setting, language_code) -> text
        self.files: dict[str, bytes] = {}  # file_id (also its file_path) -> content
        self.photo_ids: set[str] = set()  # file_ids of photos the bot uploaded (sendPhoto may reuse them)
        self.uploads = 0  # photos uploaded (not sent by file_id)
        self.unimplemented: list[str] = []  # valid methods the stand-in answered with a bare True
        self._user_ids = itertools.count(100_000_001)
        self._group_ids = itertools.count(4_000_000_001)
        self._supergroup_ids = itertools.count(1_000_000_001)
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._changed: asyncio.Event | None = None

    # -- users and chats ------------------------------------------------------------------------------
    def add_user(
        self, first_name: str = "User", *, username: str | None = None, language_code: str | None = "en"
    ) -> User:
        user = User(id=next(self._user_ids), first_name=first_name, username=username, language_code=language_code)
        self.users[user.id] = user
        return user

    def private_chat(self, user: User) -> Chat:
        """The private chat between ``user`` and the bot (a user who has started the bot)."""
        if user.id not in self.chats:
            self.chats[user.id] = Chat(id=user.id, type=PRIVATE, user=user, users={user.id: user})
        return self.chats[user.id]

    def add_group(
        self,
        title: str,
        *,
        creator: User,
        admins: Iterable[User] = (),
        members: Iterable[User] = (),
        bot_is_admin: bool = False,
        announce: bool = False,
    ) -> Chat:
        """A basic group (negative id); ``announce`` queues the my_chat_member update of adding the bot."""
        chat = Chat(id=-next(self._group_ids), type=GROUP, title=title)
        return self._populate(chat, creator, admins, members, bot_is_admin, announce)

    def add_supergroup(
        self,
        title: str,
        *,
        creator: User,
        admins: Iterable[User] = (),
        members: Iterable[User] = (),
        forum: bool = False,
        username: str | None = None,
        bot_is_admin: bool = False,
        announce: bool = False,
    ) -> Chat:
        chat = Chat(id=self._new_supergroup_id(), type=SUPERGROUP, title=title, is_forum=forum, username=username)
        return self._populate(chat, creator, admins, members, bot_is_admin, announce)

    def add_channel(
        self,
        title: str,
        *,
        creator: User,
        admins: Iterable[User] = (),
        username: str | None = None,
        announce: bool = False,
    ) -> Chat:
        """A channel where the bot is an administrator (bots can only post in channels they administer)."""
        chat = Chat(id=self._new_supergroup_id(), type=CHANNEL, title=title, username=username)
        return self._populate(chat, creator, admins, (), True, announce)

    def add_member(self, chat: ChatRef, user: User, role: str = MEMBER) -> None:
        chat = self.chat(chat)
        chat.users[user.id] = user
        chat.roles[user.id] = role
        self.users.setdefault(user.id, user)

    def add_topic(self, chat: ChatRef, name: str, *, creator: User | None = None) -> int:
        """Create a forum topic; returns its message_thread_id (the id of its service message)."""
        chat = self.chat(chat)
        assert chat.is_forum, "topics exist only in forum supergroups"
        sender = creator or next(iter(chat.users.values()))
        message = StoredMessage(chat.next_message_id(), chat.id, int(time.time()), sender)
        message.extra["forum_topic_created"] = {"name": name, "icon_color": 7322096}
        message.thread_id = message.message_id
        chat.messages.append(message)
        chat.topics[message.message_id] = name
        return message.message_id

    def add_file(self, content: bytes, *, name: str = "document.bin") -> str:
        """Store a file the bot can fetch with getFile and download from /file/bot<token>/<file_path>."""
        file_id = f"documents/file_{len(self.files) + 1}_{name}"
        self.files[file_id] = content
        return file_id

    def chat(self, ref: ChatRef) -> Chat:
        return ref if isinstance(ref, Chat) else self.chats[ref]

    def _new_supergroup_id(self) -> int:
        return -(1_000_000_000_000 + next(self._supergroup_ids))

    def _populate(
        self,
        chat: Chat,
        creator: User,
        admins: Iterable[User],
        members: Iterable[User],
        bot_admin: bool,
        announce: bool,
    ) -> Chat:
        self.chats[chat.id] = chat
        self.add_member(chat, creator, CREATOR)
        for user in admins:
            self.add_member(chat, user, ADMINISTRATOR)
        for user in members:
            self.add_member(chat, user, MEMBER)
        chat.bot_status = ADMINISTRATOR if bot_admin else MEMBER
        if chat.username:
            self.chats["@" + chat.username.lower()] = chat
        if announce:
            self._bot_status_update(chat, creator, "left", chat.bot_status)
        return chat

    # -- acting as users -------------------------------------------------------------------------------
    def send_message(
        self,
        chat: ChatRef,
        user: User,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> StoredMessage:
        """``user`` writes ``text`` in ``chat``; the bot gets a message update with bot_command entities."""
        chat = self.chat(chat)
        if chat.type != PRIVATE and user.id not in chat.roles:
            self.add_member(chat, user)
        entities = [
            {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
            for m in _COMMAND_RE.finditer(text)
        ]
        message = StoredMessage(chat.next_message_id(), chat.id, int(time.time()), user, text=text, entities=entities)
        message.thread_id, message.reply_to = thread_id, reply_to
        chat.messages.append(message)
        self.queue_update("message", chat.message_to_api(message))
        return message

    def send_command(
        self,
        chat: ChatRef,
        user: User,
        command: str,
        args: str = "",
        *,
        mention: bool | None = None,
        thread_id: int | None = None,
    ) -> StoredMessage:
        """``/command args``; in groups it is ``/command@botname`` unless ``mention=False``."""
        chat = self.chat(chat)
        text = "/" + command.lstrip("/")
        if mention if mention is not None else chat.type != PRIVATE:
            text += f"@{self.bot.username}"
        return self.send_message(chat, user, f"{text} {args}".rstrip(), thread_id=thread_id)

    def post_in_channel(self, chat: ChatRef, text: str) -> StoredMessage:
        chat = self.chat(chat)
        message = StoredMessage(chat.next_message_id(), chat.id, int(time.time()), None, text=text)
        chat.messages.append(message)
        self.queue_update("channel_post", chat.message_to_api(message))
        return message

    def press_button(
        self, message: StoredMessage, user: User, *, data: str | None = None, text: str | None = None
    ) -> str:
        """Press the inline button with this callback ``data`` (or label ``text``); returns the query id."""
        chat = self.chat(message.chat_id)
        current = chat.message(message.message_id)
        assert current is not None, f"message {message.message_id} is gone"
        buttons = [b for b in current.buttons if "callback_data" in b]
        chosen = next(
            (
                b
                for b in buttons
                if (data is None or b["callback_data"] == data) and (text is None or b["text"] == text)
            ),
            None,
        )
        assert chosen is not None, f"no button {data or text!r} in {[b.get('text') for b in buttons]}"
        query_id = f"{next(self._query_ids)}{user.id}"
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": chat.message_to_api(current),
            "chat_instance": str(abs(chat.id) * 7 + 1),
            "data": chosen["callback_data"],
        }
        self.callback_queries[query_id] = {"query": query, "answer": None, "created": time.monotonic()}
        self.queue_update("callback_query", query)
        return query_id

    def queue_update(self, kind: str, payload: dict[str, Any]) -> Update:
        update = Update(next(self._update_ids), kind, payload)
        self.updates.append(update)
        self.notify()
        return update

    # -- breaking chats --------------------------------------------------------------------------------
    def block_bot(self, chat: ChatRef, blocked: bool = True) -> None:
        """The user of a private chat blocks (or unblocks) the bot: sends answer 403."""
        chat = self.chat(chat)
        chat.blocked = blocked
        assert chat.user is not None
        self._bot_status_update(chat, chat.user, "member" if blocked else "kicked", "kicked" if blocked else "member")

    def kick_bot(self, chat: ChatRef, *, by: User | None = None) -> None:
        chat = self.chat(chat)
        old = chat.bot_status
        chat.bot_status = "kicked"
        actor = by or next(u for uid, u in chat.users.items() if chat.roles.get(uid) == CREATOR)
        self._bot_status_update(chat, actor, old, "kicked")

    def migrate_to_supergroup(self, chat: ChatRef) -> Chat:
        """Upgrade a basic group: the old id answers "group chat was upgraded", the new one works."""
        old = self.chat(chat)
        assert old.type == GROUP, "only basic groups migrate"
        new = Chat(id=self._new_supergroup_id(), type=SUPERGROUP, title=old.title)
        new.roles, new.users, new.bot_status = dict(old.roles), dict(old.users), old.bot_status
        self.chats[new.id] = new
        old.migrated_to = new.id
        creator = next(u for uid, u in old.users.items() if old.roles.get(uid) == CREATOR)
        for src, dst, key, value in (
            (old, old, "migrate_to_chat_id", new.id),
            (new, new, "migrate_from_chat_id", old.id),
        ):
            note = StoredMessage(dst.next_message_id(), dst.id, int(time.time()), creator, extra={key: value})
            dst.messages.append(note)
            self.queue_update("message", src.message_to_api(note))
        return new

    def vanish(self, chat: ChatRef) -> None:
        """The chat is deleted: every call with its id answers "chat not found"."""
        self.chat(chat).vanished = True

    def _bot_status_update(self, chat: Chat, actor: User, old: str, new: str) -> None:
        payload = {
            "chat": chat.to_api(),
            "from": actor.to_api(),
            "date": int(time.time()),
            "old_chat_member": member_to_api(chat, self.bot, old),
            "new_chat_member": member_to_api(chat, self.bot, new),
        }
        self.queue_update("my_chat_member", payload)

    # -- faults ----------------------------------------------------------------------------------------
    def inject_429(
        self,
        count: int = 1,
        *,
        retry_after: int = 1,
        chat: ChatRef | None = None,
        methods: Iterable[str] | str | None = None,
    ) -> Fault:
        """The next ``count`` matching calls (sends by default; ``methods="*"`` for all) answer 429."""
        return self._inject(Fault(429, count, retry_after=retry_after), chat, methods)

    def inject_5xx(
        self,
        count: int = 1,
        *,
        status: int = 502,
        chat: ChatRef | None = None,
        methods: Iterable[str] | str | None = None,
    ) -> Fault:
        return self._inject(Fault(status, count), chat, methods)

    def _inject(self, fault: Fault, chat: ChatRef | None, methods: Iterable[str] | str | None) -> Fault:
        fault.chat_id = self.chat(chat).id if chat is not None else None
        if methods == ALL_METHODS:
            fault.methods = ALL_METHODS
        elif methods is not None:
            fault.methods = frozenset(m.lower() for m in ([methods] if isinstance(methods, str) else methods))
        else:
            fault.methods = SEND_METHODS
        self.faults.append(fault)
        return fault

    # -- inspecting ------------------------------------------------------------------------------------
    def photos(self, chat: ChatRef) -> list[tuple[StoredMessage, bytes]]:
        """The photos the bot sent to ``chat``, each with the picture's bytes (to open with Pillow)."""
        return [(m, self.files[m.extra["photo"][-1]["file_id"]]) for m in self.bot_messages(chat) if "photo" in m.extra]

    def bot_messages(self, chat: ChatRef, *, include_deleted: bool = False) -> list[StoredMessage]:
        """What the bot sent to ``chat``, as it reads now (after edits)."""
        messages = self.chat(chat).messages
        return [m for m in messages if m.is_from_bot and (include_deleted or not m.deleted)]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        return self.callback_queries[query_id]["answer"]

    def bot_commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        return self.commands.get((scope_key(scope), language_code), [])

    def member_status(self, chat: Chat, user_id: int) -> str:
        if user_id == self.bot.id:
            return chat.bot_status
        if chat.type == PRIVATE:
            return MEMBER if chat.id == user_id else "left"
        return chat.roles.get(user_id, "left")

    def token_leaked_in(self, text: str) -> bool:
        """True if ``text`` contains the bot token, or its secret half."""
        return self.token in text or self.token.split(":", 1)[1] in text

    def assert_no_violations(self) -> None:
        assert not self.violations, "stand-in violations:\n" + "\n".join(
            f"  {v.kind} {v.method} chat={v.chat_id}: {v.description}" for v in self.violations
        )


def scope_key(scope: dict[str, Any] | None) -> str:
    """One key per BotCommandScope value: its type plus chat and user when present."""
    scope = scope or {"type": "default"}
    return ":".join(str(scope.get(k, "")) for k in ("type", "chat_id", "user_id"))

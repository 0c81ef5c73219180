"""The Matrix transport: delivery's ``Transport`` for ``mx:`` chats, and the sync loop that answers commands.

One sync loop, supervised: a failed sync backs off and tries again, an event that
cannot be handled is logged and skipped, and the sync position is saved after each
pass, so a restart continues where the last run stopped (no old command answered
twice, none skipped). Once stopping, the command in hand is finished and the rest of
the pass left (position not saved) for the next run. Rooms: join on invite (allow-list optional), forget the room's
chat when kicked or banned, follow a room upgrade with its subscriptions. Encrypted
rooms work like the others when nio's e2e extra is installed (``crypto``); without it
the bot says once in such a room that it cannot read it (once across restarts too).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial
from typing import Any

from nio import (
    InviteMemberEvent,
    MegolmEvent,
    RoomEncryptionEvent,
    RoomMemberEvent,
    RoomMessageText,
    RoomUpgradeEvent,
    SyncResponse,
)

from bot import i18n
from bot.config import Settings
from bot.errors import ChatGone, ChatMoved, ConfigError, DeliveryError, MarsadError, RateLimited, TransportDown
from bot.membership import AsyncMembership
from bot.models import Chat, ChatAddress, ChatKey, Picture, Reply
from bot.transports.inbound import Dispatch, MakeContext
from bot.transports.matrix import crypto
from bot.transports.matrix.client import MatrixClient, error_for
from bot.transports.matrix.events import command_in
from bot.transports.matrix.format import edit_content, image_content, notice_content
from bot.transports.matrix.rooms import invite_allowed, may_change_state, predecessor
from bot.transports.matrix.session import StateStore
from handlers import Command, Context, dispatch, lookup
from storage import Store
from storage.front import AsyncStore

logger = logging.getLogger(__name__)


PREFIX = "mx"
SYNC_TIMEOUT_MS = 10_000
FIRST_SYNC_FILTER = {"room": {"timeline": {"limit": 1}}}
BACKOFF_START, BACKOFF_MAX = 0.5, 30.0
ANSWER_ATTEMPTS, ANSWER_MAX_WAIT = 5, 30.0  # an answer waits out at most this many 429s / outages
ENCRYPTED_NOTICE = "encrypted_room"  # the one-time "cannot read encrypted rooms" notice (storage/notices.py)


def chat_key(room_id: str) -> ChatKey:
    return ChatAddress(PREFIX, room_id).key


def room_of(chat: ChatKey | Chat) -> str:
    return ChatAddress.parse(chat.key if isinstance(chat, Chat) else chat).id


class MatrixTransport:
    """Sends alerts and answers to Matrix rooms, and answers commands found by syncing."""

    name = PREFIX
    global_rate = 20.0  # Synapse's own limits are per user; 429s come back as RateLimited

    def __init__(
        self,
        client: MatrixClient,
        store: Store | AsyncStore,
        *,
        invite_allow: Iterable[str] = (),
        room_interval: float = 0.2,
    ) -> None:
        self.client = client
        self.state = client.state
        self.store = AsyncStore.over(store)
        self.membership = AsyncMembership(self.store)
        self.invite_allow = tuple(invite_allow)
        self.room_interval = room_interval
        self.heartbeat = 0.0
        self.ready = asyncio.Event()  # set after the first successful sync
        self._connected = False
        self._dispatch: Dispatch = dispatch
        self._make_context: MakeContext = partial(Context, store=self.store)
        self._told_encrypted: set[str] = set()
        self._stop: asyncio.Event | None = None  # set by ``run``: once it is set, no new event is started

    @classmethod
    def from_settings(cls, settings: Settings, store: Store | AsyncStore) -> MatrixTransport:
        """The transport for ``MATRIX_*`` settings, keeping its state in ``DATA_DIR/matrix``."""
        if not settings.matrix_homeserver or not settings.matrix_user_id:
            raise ConfigError("MATRIX_HOMESERVER: not configured")
        state = StateStore(settings.data_dir / "matrix")
        client = MatrixClient(
            settings.matrix_homeserver,
            settings.matrix_user_id,
            state,
            password=settings.matrix_password,
            access_token=settings.matrix_access_token,
            store_path=settings.data_dir / "matrix" / crypto.STORE_DIR,
        )
        return cls(client, store, invite_allow=settings.matrix_invite_allow)

    @property
    def user_id(self) -> str:
        return self.client.user_id

    # ---- delivery's Transport protocol ----------------------------------------------------

    def chat_interval(self, chat: Chat) -> float:
        return self.room_interval

    async def send(self, chat: Chat, reply: Reply) -> str | None:
        room_id = room_of(chat)
        try:
            ref = await self.client.send(room_id, notice_content(reply))
        except ChatGone:
            moved_to = await self._replacement(room_id)
            if moved_to:
                raise ChatMoved(chat_key(moved_to)) from None
            raise
        if reply.picture is not None:  # the text is the message (edits go to it); the picture follows
            await self._send_picture(room_id, reply.picture, reply.text)
        return ref

    async def _send_picture(self, room_id: str, picture: Picture, text: str, *, reply_to: str | None = None) -> None:
        """Upload and post a picture after its text. The text has arrived, so this never raises: a rate
        limit is waited out briefly, and a picture that still cannot go is logged and dropped (no second text)."""
        alt = text.strip().split("\n", 1)[0] or picture.name
        for attempt in range(ANSWER_ATTEMPTS):
            try:
                url, keys = await self.client.upload_for(room_id, picture.png, "image/png", picture.name)
                await self.client.send(room_id, image_content(picture, url, alt, keys=keys, reply_to=reply_to))
                return
            except (RateLimited, TransportDown) as exc:
                wait = exc.retry_after if isinstance(exc, RateLimited) else 2.0**attempt
                if attempt + 1 == ANSWER_ATTEMPTS or wait > ANSWER_MAX_WAIT:
                    logger.warning("picture for %s dropped after its text: %s", room_id, exc)
                    return
                await asyncio.sleep(wait)
            except DeliveryError as exc:
                logger.warning("picture for %s dropped after its text: %s", room_id, exc)
                return

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        await self.client.send(room_of(chat), edit_content(reply, message_ref))

    async def _replacement(self, room_id: str) -> str | None:
        """The room that replaced ``room_id`` if it was upgraded and we are (or can get) in it."""
        try:
            tombstone = await self.client.state_event(room_id, "m.room.tombstone")
        except DeliveryError:
            return None
        new_room = (tombstone or {}).get("replacement_room")
        if not isinstance(new_room, str) or not new_room:
            return None
        try:
            await self.client.join(new_room)
        except DeliveryError as exc:
            logger.warning("cannot join %s, the upgrade of %s: %s", new_room, room_id, exc)
            return None
        return new_room

    # ---- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Log in (or reuse the saved device). Bad credentials stop start-up with a ConfigError."""
        await self.client.connect()
        self._connected = True
        await self.client.crypto.upkeep()  # a new device's keys are up before anyone encrypts to it

    async def run(
        self,
        stop: asyncio.Event,
        dispatch: Dispatch | None = None,
        make_context: MakeContext | None = None,
    ) -> None:
        """Sync until ``stop`` is set; network trouble backs off and never ends the loop."""
        self._dispatch = dispatch or self._dispatch
        self._make_context = make_context or self._make_context
        self._stop = stop
        delay = BACKOFF_START
        try:
            while not stop.is_set():
                try:
                    if not self._connected:
                        await self.start()
                    fetch = asyncio.ensure_future(self._fetch(SYNC_TIMEOUT_MS))
                    stopping = asyncio.ensure_future(stop.wait())
                    await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    stopping.cancel()
                    if not fetch.done():  # stop arrived during the long poll: nothing to lose
                        fetch.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await fetch
                        break
                    await self._process(fetch.result())
                    delay = BACKOFF_START
                except DeliveryError as exc:  # TransportDown, RateLimited, ...: the server will be back
                    logger.warning("Matrix sync failed (%s): retrying in %.1fs", exc, delay)
                    await _sleep_or_stop(stop, delay)
                    delay = min(BACKOFF_MAX, delay * 2)
        finally:
            await self.close()

    async def close(self) -> None:
        await self.client.close()

    # ---- one sync pass ----------------------------------------------------------------------

    async def run_once(self, timeout_ms: int = SYNC_TIMEOUT_MS) -> int:
        """One sync: handle what arrived, then save the new position. Returns events handled."""
        return await self._process(await self._fetch(timeout_ms))

    async def _fetch(self, timeout_ms: int) -> SyncResponse | None:
        """The long poll. Safe to cancel: nothing has been handled yet."""
        first = self.state.next_batch is None
        answer = await self.client._call(
            "sync",
            self.client.nio.sync(
                timeout=0 if first else timeout_ms,
                since=self.state.next_batch,
                sync_filter=FIRST_SYNC_FILTER if first else None,
            ),
        )
        if isinstance(answer, SyncResponse):
            return answer
        if answer.status_code == "M_UNKNOWN_TOKEN":  # logged out elsewhere: log in again
            logger.warning("Matrix access token revoked: logging in again")
            self.state.forget_session()
            self._connected = False
            return None
        raise error_for(answer, "sync")

    async def _process(self, answer: SyncResponse | None) -> int:
        if answer is None:
            return 0
        handled, complete = await self._handle(answer, replay=self.state.next_batch is None)
        if not complete:  # the position stays before this batch: the next run handles the rest once
            return handled
        await self.client.crypto.upkeep()
        for room_id, event in self.client.crypto.decrypted_pending():  # keys that came late
            handled += await self._guard(self._on_event(room_id, event, replay=False), room_id)
        self.state.save_next_batch(answer.next_batch)
        self.heartbeat = time.time()
        self.ready.set()
        return handled

    async def handle_sync(self, response: SyncResponse, *, replay: bool = False) -> int:
        """Route every event; with ``replay`` (first sync ever) old messages are not answered."""
        return (await self._handle(response, replay=replay))[0]

    async def _handle(self, response: SyncResponse, *, replay: bool) -> tuple[int, bool]:
        """Events handled, and whether the whole batch was: once stopping, the event in hand is
        finished and the rest left unmarked, so a run cut off by the grace period answers nothing
        twice and the next run answers the rest (its sync starts again before this batch)."""
        handled = 0
        for room_id, work in _work_in(response, self, replay=replay):
            if self._stop is not None and self._stop.is_set():
                logger.info("stopping: the rest of this Matrix sync is left for the next run")
                return handled, False
            handled += await self._guard(work(), room_id)
        return handled, True

    async def _guard(self, work: Any, room_id: str) -> int:
        """Run one event's handling; a failure is logged and the loop goes on."""
        try:
            return 1 if await work else 0
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Matrix event in %s could not be handled", room_id)
            return 0

    # ---- events ------------------------------------------------------------------------------

    async def _on_invite(self, room_id: str, invite_state: list[Any]) -> bool:
        inviter = None
        for event in invite_state:
            if isinstance(event, InviteMemberEvent) and event.state_key == self.user_id:
                if event.membership != "invite":
                    return False
                inviter = event.sender
        if inviter is None:
            return False
        if not invite_allowed(inviter, self.invite_allow):
            logger.info("declining invite to %s from %s (not in the allow-list)", room_id, inviter)
            await self.client.leave(room_id)
            return True
        await self.client.join(room_id)
        logger.info("joined %s on the invitation of %s", room_id, inviter)
        # nio drops m.room.create from the invite state: read it now that we are in.
        old_room = predecessor(await self.client.state_event(room_id, "m.room.create"))
        if old_room and await self.membership.moved(chat_key(old_room), chat_key(room_id)):
            logger.info("room %s was upgraded to %s: subscriptions follow", old_room, room_id)
            return True
        if not self.client.crypto.enabled and await self.client.state_event(room_id, "m.room.encryption") is not None:
            await self._tell_encrypted(room_id)
        else:
            await self._answer(room_id, inviter, Command("start", ""), reply_to=None)
        return True

    async def _on_event(self, room_id: str, event: Any, *, replay: bool) -> bool:
        if isinstance(event, RoomUpgradeEvent):
            return await self._on_upgrade(room_id, event)
        if isinstance(event, RoomMemberEvent):
            # This room is in the sync's "join" part: the bot is in it now. Its own kick in the timeline is
            # the recent past that a rejoined room's first sync shows, not a departure (those come in "leave");
            # handled as one, it forgot the chat again right after the new invitation.
            return False
        if replay or getattr(event, "sender", None) == self.user_id:
            return False
        if isinstance(event, RoomEncryptionEvent | MegolmEvent) and not self.client.crypto.enabled:
            return await self._tell_encrypted(room_id)
        if isinstance(event, MegolmEvent):  # nio could not decrypt it (yet)
            if not self.state.is_handled(event.event_id):
                await self.client.crypto.undecryptable(room_id, event)
            return False
        if not isinstance(event, RoomMessageText):  # notices (other bots), media, reactions
            return False
        command = command_in(event.body)
        if command is None or lookup(command.name) is None or self.state.is_handled(event.event_id):
            return False
        replies = await self._replies(room_id, event.sender, command)
        # From the first send to the mark, a cancellation (the grace period ran out) waits:
        # cut in between, the next run would answer this command again.
        await _uncut(self._deliver(room_id, replies, reply_to=event.event_id, mark=event.event_id))
        return True

    async def _on_left(self, room_id: str, event: Any) -> bool:
        """Kicked or banned: the room's chat and subscriptions go. Our own leave is also final."""
        if not isinstance(event, RoomMemberEvent) or event.state_key != self.user_id:
            return False
        if event.membership not in ("leave", "ban"):
            return False
        await self.membership.left(chat_key(room_id))  # its one-time notices go with it
        self._told_encrypted.discard(room_id)  # so a new invitation is told again, also in this run
        logger.info("left %s (%s by %s): subscriptions dropped", room_id, event.membership, event.sender)
        return True

    async def _on_upgrade(self, room_id: str, event: RoomUpgradeEvent) -> bool:
        new_room = event.replacement_room
        if not new_room:
            return False
        try:
            await self.client.join(new_room)
        except DeliveryError as exc:
            # An invite to the new room will carry its predecessor; we move then.
            logger.warning("room %s upgraded to %s, which I cannot join yet: %s", room_id, new_room, exc)
            return False
        await self.membership.moved(chat_key(room_id), chat_key(new_room))
        logger.info("room %s upgraded to %s: followed with its subscriptions", room_id, new_room)
        return True

    async def _tell_encrypted(self, room_id: str) -> bool:
        """Say once per room, also across restarts, that the bot cannot read it (no e2e extra).

        Remembered in SQLite after the notice went out: a failed send is tried again at the
        room's next event, and only a crash between the send and the record can repeat it.
        """
        key = chat_key(room_id)
        if room_id in self._told_encrypted or await self.store.notices.told(key, ENCRYPTED_NOTICE):
            return False
        self._told_encrypted.add(room_id)  # the room's next events in this batch wait for this one
        try:
            chat = await self.store.chats.get(key)
            language = chat.language if chat else self.store.default_language
            text = i18n.t(language, "mx.encrypted_room")
            await self._send_answer(room_id, notice_content(Reply(text=text)))
        except BaseException:
            self._told_encrypted.discard(room_id)
            raise
        await self.store.notices.record(key, ENCRYPTED_NOTICE)
        return True

    # ---- commands -------------------------------------------------------------------------------

    async def _answer(self, room_id: str, sender: str, command: Command, *, reply_to: str | None) -> None:
        await self._deliver(room_id, await self._replies(room_id, sender, command), reply_to=reply_to)

    async def _replies(self, room_id: str, sender: str, command: Command) -> list[Reply]:
        spec = lookup(command.name)
        is_chat_admin = True
        if spec is not None and spec.changes_chat:
            is_chat_admin = await self._may_change(room_id, sender)
        ctx = self._make_context(
            chat=chat_key(room_id),
            user=sender,
            command=command.name,
            args=command.args,
            chat_kind=await self._kind(room_id),
            is_chat_admin=is_chat_admin,
        )
        return list(await self._dispatch(ctx))

    async def _deliver(
        self, room_id: str, replies: list[Reply], *, reply_to: str | None, mark: str | None = None
    ) -> None:
        """Send the replies, then (``mark``) remember the command as answered."""
        for reply in replies:
            await self._send_answer(room_id, notice_content(reply, reply_to=reply_to))
            if reply.picture is not None:
                await self._send_picture(room_id, reply.picture, reply.text, reply_to=reply_to)
        if mark is not None:
            self.state.mark_handled(mark)

    async def _send_answer(self, room_id: str, content: dict[str, Any]) -> str:
        """Answers do not go through the outbox, so they wait out a rate limit here (bounded)."""
        for attempt in range(ANSWER_ATTEMPTS):
            try:
                return await self.client.send(room_id, content)
            except RateLimited as exc:
                if attempt + 1 == ANSWER_ATTEMPTS:
                    raise
                logger.warning("rate limited answering in %s: waiting %.1fs", room_id, exc.retry_after)
                await asyncio.sleep(min(exc.retry_after, ANSWER_MAX_WAIT))
            except TransportDown:
                if attempt + 1 == ANSWER_ATTEMPTS:
                    raise
                await asyncio.sleep(min(2.0**attempt, ANSWER_MAX_WAIT))
        raise AssertionError("unreachable")

    async def _may_change(self, room_id: str, user_id: str) -> bool:
        """Power-level check: may this member change room state (and so our settings here)?"""
        try:
            state = await self.client.room_state(room_id)
        except MarsadError as exc:
            logger.warning("cannot read power levels of %s (%s): refusing the change", room_id, exc)
            return False
        found = {e.get("type"): e for e in state if e.get("state_key") == ""}
        levels = found.get("m.room.power_levels", {}).get("content")
        create_event = found.get("m.room.create", {})
        create, creator = create_event.get("content"), create_event.get("sender")
        return may_change_state(user_id, levels, create, creator=creator)

    async def _kind(self, room_id: str) -> str:
        try:
            members = await self.client.joined_member_count(room_id)
        except MarsadError:
            return "group"
        return "private" if members <= 2 else "group"


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def _work_in(
    response: SyncResponse, transport: MatrixTransport, *, replay: bool
) -> Iterator[tuple[str, Callable[[], Awaitable[bool]]]]:
    """Each event of a sync as (room, its handling, not yet started), in the order they are handled."""
    for room_id, info in response.rooms.invite.items():
        yield room_id, partial(transport._on_invite, room_id, info.invite_state)
    for room_id, info in response.rooms.join.items():
        for event in [*info.state, *info.timeline.events]:
            yield room_id, partial(transport._on_event, room_id, event, replay=replay)
    for room_id, info in response.rooms.leave.items():
        for event in [*info.state, *info.timeline.events]:
            yield room_id, partial(transport._on_left, room_id, event)


async def _uncut(work: Awaitable[None]) -> None:
    """Run ``work`` to its end even if the caller is cancelled meanwhile; the cancellation follows."""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        while not task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait({task})
        if not task.cancelled() and task.exception() is not None:
            logger.error("Matrix answer failed while stopping", exc_info=task.exception())
        raise

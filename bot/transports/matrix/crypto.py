"""End-to-end encryption upkeep, when matrix-nio's ``e2e`` extra (vodozemac) is installed.

nio decrypts and encrypts by itself once its Olm machine is loaded from the store in
``DATA_DIR/matrix/store``, but the key traffic around it is the caller's job when the
caller syncs by hand (``sync_forever`` would do it): upload our one-time keys, query the
devices of people in encrypted rooms, claim keys for new Olm sessions, and send the
to-device messages nio queued. ``Crypto.upkeep()`` does that after every sync, each step
guarded so a failed key call is logged and retried on the next pass, never fatal.

An event nio could not decrypt (its room key has not arrived, or never will) is logged,
its key is requested once, and it waits here a while: when the key comes, the command
in it is answered after all; otherwise it is dropped with a warning.

Trust: a news bot trusts on first use. It shares its room keys with every device of the
room's members without verifying them (``ignore_unverified_devices``), because nobody
verifies a bot interactively; a device added to a member's account by an attacker
would read the alerts and answers in that room. Alerts are public news, so that is the
trade-off taken.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nio import AsyncClient, ErrorResponse, MegolmEvent
from nio.crypto import ENCRYPTION_ENABLED
from nio.exceptions import EncryptionError

from bot.errors import DeliveryError

logger = logging.getLogger(__name__)

AVAILABLE: bool = ENCRYPTION_ENABLED  # False when the e2e extra (vodozemac, peewee) is missing
STORE_DIR = "store"  # under DATA_DIR/matrix: nio's SQLite crypto store, one file per device
PENDING_KEEP = 200  # undecryptable events remembered at most
PENDING_MAX_AGE = 600.0  # seconds an undecryptable event waits for its key

Call = Callable[[str, Awaitable[Any]], Awaitable[Any]]


@dataclass(slots=True)
class Pending:
    """An encrypted event that could not be decrypted yet."""

    room_id: str
    event: MegolmEvent
    since: float


class Crypto:
    """Key upkeep for one nio client, and the encrypted events still waiting for their keys."""

    def __init__(self, nio: AsyncClient, call: Call) -> None:
        self.nio = nio
        self._call = call
        self.lock = asyncio.Lock()  # one key call of a kind at a time (nio refuses overlaps)
        self.pending: dict[str, Pending] = {}

    @property
    def enabled(self) -> bool:
        """True once the Olm machine is loaded (the extra is installed and the store opened)."""
        return self.nio.olm is not None

    @property
    def device_key(self) -> str | None:
        """This device's ed25519 fingerprint key: the same across restarts while the store is kept."""
        olm = self.nio.olm
        return olm.account.identity_keys.get("ed25519") if olm is not None else None

    async def upkeep(self) -> None:
        """Upload, query and claim keys as nio asks, and send its queued to-device messages."""
        nio = self.nio
        if nio.olm is None:
            return
        async with self.lock:
            if nio.should_upload_keys:
                await self._step("upload keys", nio.keys_upload)
            if nio.should_query_keys:
                await self._step("query device keys", nio.keys_query)
            if nio.should_claim_keys:
                users = nio.get_users_for_key_claiming()
                await self._step("claim one-time keys", lambda: nio.keys_claim(users))
            if nio.outgoing_to_device_messages:
                await self._step("send to-device messages", nio.send_to_device_messages)

    async def query_if_needed(self) -> None:
        """Before encrypting: learn new devices of the room's members (else they miss this message)."""
        if self.nio.olm is not None and self.nio.should_query_keys:
            async with self.lock:
                if self.nio.should_query_keys:
                    await self._step("query device keys", self.nio.keys_query)

    async def _step(self, what: str, start: Callable[[], Awaitable[Any]]) -> bool:
        try:
            answer = await self._call(what, start())
        except DeliveryError as exc:  # network trouble (or nio's "not needed any more"): next pass
            logger.warning("Matrix encryption: %s failed: %s", what, exc)
            return False
        failed = [a for a in (answer if isinstance(answer, list) else [answer]) if isinstance(a, ErrorResponse)]
        for error in failed:
            logger.warning("Matrix encryption: %s failed: %s %s", what, error.status_code, error.message)
        return not failed

    # ---- events nio could not decrypt -----------------------------------------------------------

    async def undecryptable(self, room_id: str, event: MegolmEvent) -> None:
        """Log it, ask the sender's devices for the key (once per session), keep it for a retry."""
        logger.warning(
            "Matrix: cannot decrypt %s in %s from %s (session %s): key requested",
            event.event_id,
            room_id,
            event.sender,
            event.session_id,
        )
        if event.event_id not in self.pending:
            if len(self.pending) >= PENDING_KEEP:
                self.pending.pop(next(iter(self.pending)))
            self.pending[event.event_id] = Pending(room_id, event, time.monotonic())
        if self.nio.olm is not None and event.session_id not in self.nio.outgoing_key_requests:
            await self._step("request a room key", lambda: self.nio.request_room_key(event))

    def decrypted_pending(self, now: float | None = None) -> list[tuple[str, Any]]:
        """The waiting events whose keys have arrived, decrypted, as (room_id, event); old ones are dropped."""
        if not self.pending or self.nio.olm is None:
            return []
        now = time.monotonic() if now is None else now
        ready: list[tuple[str, Any]] = []
        sessions = self.nio.olm.inbound_group_store
        for event_id, waiting in list(self.pending.items()):
            megolm = waiting.event
            if sessions.get(waiting.room_id, megolm.sender_key, megolm.session_id) is None:  # no key yet
                if now - waiting.since > PENDING_MAX_AGE:
                    del self.pending[event_id]
                    logger.warning("Matrix: gave up on %s in %s: its key never came", event_id, waiting.room_id)
                continue
            del self.pending[event_id]
            try:
                event = self.nio.decrypt_event(megolm)
            except EncryptionError as exc:  # the key came but does not open it (wrong index, corrupt)
                logger.warning("Matrix: %s in %s stays unreadable: %s", event_id, waiting.room_id, exc)
                continue
            ready.append((waiting.room_id, event))
        return ready

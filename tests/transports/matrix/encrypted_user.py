"""A person with an encrypting Matrix client: nio with its own crypto store, the other side of the bot.

It logs in (a new device with its own keys), creates encrypted rooms, sends commands
encrypted, and keeps every timeline event it syncs, decrypted where it can. ``raw_event``
reads an event as the homeserver stores it, to show that what went over the wire was
ciphertext.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from nio import (
    AsyncClient,
    AsyncClientConfig,
    EnableEncryptionBuilder,
    Event,
    LoginResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomMessage,
    RoomSendResponse,
    SyncResponse,
)

from tests.servers.matrix_user import wait_for_event
from tests.servers.synapse import Synapse

DEADLINE = 30.0


class EncryptedUser:
    """One user on one encrypting device; ``seen`` holds (room_id, event) in arrival order."""

    def __init__(self, client: AsyncClient, homeserver: str) -> None:
        self.client = client
        self.user_id = client.user_id
        self.homeserver = homeserver
        self.seen: list[tuple[str, Event]] = []

    @classmethod
    async def create(cls, synapse: Synapse, store: Path, prefix: str = "eve") -> EncryptedUser:
        name = f"{prefix}{secrets.token_hex(3)}"
        user_id, _ = synapse.register(name, f"pw-{name}")
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False, max_timeouts=2)
        client = AsyncClient(synapse.url, user_id, store_path=str(store), config=config)
        answer = await client.login(f"pw-{name}", device_name="test device")
        assert isinstance(answer, LoginResponse), answer
        user = cls(client, synapse.url)
        await user.upkeep()
        await user.sync_once(timeout_ms=0)
        return user

    async def close(self) -> None:
        await self.client.close()

    async def upkeep(self) -> None:
        """The key traffic sync_forever would do: upload, query, claim, to-device."""
        client = self.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def sync_once(self, timeout_ms: int = 1000) -> None:
        answer = await self.client.sync(timeout=timeout_ms)
        assert isinstance(answer, SyncResponse), answer
        for room_id, room in answer.rooms.join.items():
            self.seen.extend((room_id, event) for event in room.timeline.events)
        await self.upkeep()

    async def create_encrypted_room(self, invite: list[str]) -> str:
        answer = await self.client.room_create(invite=invite, initial_state=[EnableEncryptionBuilder().as_dict()])
        assert isinstance(answer, RoomCreateResponse), answer
        return answer.room_id

    async def send_text(self, room_id: str, body: str) -> str:
        content = {"msgtype": "m.text", "body": body}
        answer = await self.client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True)
        assert isinstance(answer, RoomSendResponse), answer
        return answer.event_id

    async def send_raw(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        """Put an event exactly as given (no encryption by nio): for hand-made ciphertext."""
        txn = secrets.token_hex(8)
        answer = await self._http("PUT", f"/rooms/{room_id}/send/{event_type}/{txn}", content)
        return answer["event_id"]

    async def send_with_late_key(self, room_id: str, body: str) -> tuple[str, Callable[[], Awaitable[None]]]:
        """Send ``body`` encrypted with a new room key that the room's devices get only when ``hand_out()`` runs.

        This is what a recipient sees when the key's to-device message is delayed or lost: a message
        it cannot decrypt yet. Returns (event id, hand_out).
        """
        client, olm = self.client, self.client.olm
        assert olm is not None
        room = client.rooms[room_id]
        if not room.members_synced:
            await client.joined_members(room_id)
        if client.should_query_keys:
            await client.keys_query()
        missing = client.get_missing_sessions(room_id)
        if missing:
            await client.keys_claim(missing)
        olm.create_outbound_group_session(room_id)
        shares = olm.share_group_session_parallel(room_id, list(room.users), ignore_unverified_devices=True)
        held = [payload for _, payload in shares]  # the key at index 0, olm-encrypted per device, not sent
        assert held, "no device to share the key with"
        olm.outbound_group_sessions[room_id].shared = True  # nio encrypts only with a key it believes shared
        _, content = client.encrypt(room_id, "m.room.message", {"msgtype": "m.text", "body": body})
        event_id = await self.send_raw(room_id, "m.room.encrypted", content)

        async def hand_out() -> None:
            for payload in held:
                await self._http("PUT", f"/sendToDevice/m.room.encrypted/{secrets.token_hex(8)}", payload)

        return event_id, hand_out

    async def _http(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=self.homeserver, timeout=30) as http:
            answer = await http.request(
                method,
                f"/_matrix/client/v3{path}",
                json=body,
                headers={"Authorization": f"Bearer {self.client.access_token}"},
            )
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def wait_for(self, room_id: str, match: Callable[[Event], bool], *, deadline: float = DEADLINE) -> Event:
        return await wait_for_event(self, self.user_id, room_id, match, deadline)

    async def wait_joined(self, room_id: str, user_id: str) -> None:
        await self.wait_for(
            room_id,
            lambda e: getattr(e, "state_key", None) == user_id and getattr(e, "membership", None) == "join",
        )

    async def wait_reply(self, room_id: str, to_event: str, *, deadline: float = DEADLINE) -> Event:
        """The decrypted answer threaded to ``to_event``."""
        return await self.wait_for(room_id, lambda e: reply_to(e) == to_event, deadline=deadline)

    def from_sender(self, room_id: str, sender: str) -> list[Event]:
        return [e for r, e in self.seen if r == room_id and e.sender == sender]

    def undecrypted(self, room_id: str) -> list[MegolmEvent]:
        return [e for r, e in self.seen if r == room_id and isinstance(e, MegolmEvent)]

    async def raw_event(self, room_id: str, event_id: str) -> dict[str, Any]:
        """The event as the homeserver holds it (no decryption)."""
        async with httpx.AsyncClient(base_url=self.homeserver, timeout=30) as http:
            answer = await http.get(
                f"/_matrix/client/v3/rooms/{room_id}/event/{event_id}",
                headers={"Authorization": f"Bearer {self.client.access_token}"},
            )
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def devices_of(self, user_id: str) -> dict[str, str]:
        """``{device_id: ed25519 key}`` of ``user_id``'s devices, as the homeserver lists them now."""
        async with httpx.AsyncClient(base_url=self.homeserver, timeout=30) as http:
            answer = await http.post(
                "/_matrix/client/v3/keys/query",
                json={"device_keys": {user_id: []}},
                headers={"Authorization": f"Bearer {self.client.access_token}"},
            )
        assert answer.status_code == 200, answer.text
        devices = answer.json()["device_keys"].get(user_id, {})
        return {device: keys["keys"][f"ed25519:{device}"] for device, keys in devices.items()}


def reply_to(event: Event) -> str | None:
    content = event.source.get("content", {}) if isinstance(event.source, dict) else {}
    return content.get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")


def is_message(event: Event) -> bool:
    """A room message, decrypted or not (not membership or other state)."""
    return isinstance(event, RoomMessage | MegolmEvent)


def body(event: Event) -> str:
    return getattr(event, "body", "") or ""

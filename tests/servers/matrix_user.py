"""A person in Matrix rooms, on plain Client-Server API calls (httpx): the other side of the bot in tests."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from typing import Any

import httpx

from tests.servers.synapse import Synapse

DEADLINE = 20.0
Event = dict[str, Any]


class MatrixUser:
    """One registered user with its own sync position, so it sees each event once."""

    def __init__(self, synapse: Synapse, name: str, *, admin: bool = False) -> None:
        self.name = name
        self.user_id, self.token = synapse.register(name, f"pw-{name}", admin=admin)
        self.http = httpx.AsyncClient(
            base_url=synapse.url, timeout=30, headers={"Authorization": f"Bearer {self.token}"}
        )
        self.since: str | None = None
        self.seen: list[tuple[str, Event]] = []  # (room_id, event) in arrival order

    @classmethod
    def fresh(cls, synapse: Synapse, prefix: str, **kw: Any) -> MatrixUser:
        return cls(synapse, f"{prefix}{secrets.token_hex(3)}", **kw)

    async def close(self) -> None:
        await self.http.aclose()

    async def call(self, method: str, path: str, *, ok: bool = True, **kw: Any) -> Any:
        answer = await self.http.request(method, f"/_matrix/client/v3{path}", **kw)
        if ok:
            assert answer.status_code == 200, f"{method} {path}: {answer.status_code} {answer.text}"
            return answer.json()
        return answer

    async def create_room(self, invite: list[str] = (), **extra: Any) -> str:  # type: ignore[assignment]
        body = {"invite": list(invite), "preset": "private_chat", **extra}
        return (await self.call("POST", "/createRoom", json=body))["room_id"]

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.call("POST", f"/rooms/{room_id}/invite", json={"user_id": user_id})

    async def join(self, room_id: str) -> None:
        await self.call("POST", f"/join/{room_id}", json={})

    async def kick(self, room_id: str, user_id: str) -> None:
        await self.call("POST", f"/rooms/{room_id}/kick", json={"user_id": user_id, "reason": "test"})

    async def upgrade(self, room_id: str, version: str = "10") -> str:
        answer = await self.call("POST", f"/rooms/{room_id}/upgrade", json={"new_version": version})
        return answer["replacement_room"]

    async def send_text(self, room_id: str, body: str) -> str:
        txn = secrets.token_hex(8)
        content = {"msgtype": "m.text", "body": body}
        answer = await self.call("PUT", f"/rooms/{room_id}/send/m.room.message/{txn}", json=content)
        return answer["event_id"]

    async def sync_once(self, timeout_ms: int = 1000) -> None:
        params = {"timeout": str(timeout_ms)}
        if self.since:
            params["since"] = self.since
        body = await self.call("GET", "/sync", params=params)
        self.since = body["next_batch"]
        for room_id, room in body.get("rooms", {}).get("join", {}).items():
            for event in room.get("timeline", {}).get("events", []):
                self.seen.append((room_id, event))

    async def wait_for(self, room_id: str, match: Callable[[Event], bool], *, deadline: float = DEADLINE) -> Event:
        """The first event in ``room_id`` (seen so far or arriving) that ``match`` accepts."""
        return await wait_for_event(self, self.name, room_id, match, deadline)

    async def notices_from(self, room_id: str, sender: str) -> list[Event]:
        """Every notice from ``sender`` in the room so far (after one more sync)."""
        await self.sync_once(timeout_ms=0)
        mine = [e for r, e in self.seen if r == room_id and e.get("sender") == sender]
        return [e for e in mine if e.get("content", {}).get("msgtype") == "m.notice"]

    async def wait_joined(self, room_id: str, user_id: str, *, deadline: float = DEADLINE) -> Event:
        return await self.wait_for(
            room_id,
            lambda e: (
                e.get("type") == "m.room.member"
                and e.get("state_key") == user_id
                and e.get("content", {}).get("membership") == "join"
            ),
            deadline=deadline,
        )

    async def wait_reply(self, room_id: str, to_event: str, *, deadline: float = DEADLINE) -> Event:
        """The bot's notice threaded to ``to_event``."""
        return await self.wait_for(
            room_id,
            lambda e: e.get("content", {}).get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") == to_event,
            deadline=deadline,
        )


async def wait_for_event(
    user: Any, who: str, room_id: str, match: Callable[[Event], bool], deadline: float = DEADLINE
) -> Event:
    """Sync ``user`` (anything with ``seen`` and ``sync_once``) until an event in ``room_id`` matches."""
    end = time.monotonic() + deadline
    while True:
        for seen_room, event in user.seen:
            if seen_room == room_id and match(event):
                return event
        if time.monotonic() > end:
            raise AssertionError(f"{who}: no matching event in {room_id} within {deadline:.0f}s")
        await user.sync_once()


async def until(predicate: Callable[[], Any], *, deadline: float = DEADLINE, what: str = "condition") -> Any:
    """Poll ``predicate`` (sync or async) until it returns something truthy."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"{what} not reached within {deadline:.0f}s")

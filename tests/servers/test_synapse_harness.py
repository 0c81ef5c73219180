"""The Synapse harness itself: it starts, registers users, carries messages, and rate-limits on demand."""

from __future__ import annotations

import asyncio
import secrets
import time

import httpx
import pytest
from nio import AsyncClient, AsyncClientConfig, JoinResponse, RoomSendError, RoomSendResponse, SyncResponse

from tests.servers.synapse import (
    VENV_ENV,
    Synapse,
    SynapseError,
    SynapseUnavailable,
    ensure_venv,
    port_is_free,
    venv_path,
)

DEADLINE = 20.0


def _name(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(3)}"


async def _bot_client(synapse: Synapse, user_id: str, token: str, **config: object) -> AsyncClient:
    client = AsyncClient(synapse.url, user_id, config=AsyncClientConfig(max_timeouts=2, **config))
    client.access_token = token
    client.user_id = user_id
    return client


async def _sync_until(client: AsyncClient, found, deadline: float = DEADLINE):
    """Sync (long-poll) until ``found(response)`` returns something truthy; return it."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        response = await client.sync(timeout=1000)
        assert isinstance(response, SyncResponse), response
        hit = found(response)
        if hit:
            return hit
    raise AssertionError("the awaited event did not arrive before the deadline")


class HttpUser:
    """The person on the other side of the bot, on plain Client-Server API calls."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"}
        self.since: str | None = None

    async def call(self, method: str, path: str, **kw) -> dict:
        answer = await self.http.request(method, f"/_matrix/client/v3{path}", headers=self.headers, **kw)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def send_text(self, room_id: str, body: str) -> str:
        txn = secrets.token_hex(8)
        sent = await self.call(
            "PUT", f"/rooms/{room_id}/send/m.room.message/{txn}", json={"msgtype": "m.text", "body": body}
        )
        return sent["event_id"]

    async def wait_for(self, room_id: str, match, deadline: float = DEADLINE) -> dict:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            params = {"timeout": "1000"}
            if self.since:
                params["since"] = self.since
            body = await self.call("GET", "/sync", params=params)
            self.since = body["next_batch"]
            room = body.get("rooms", {}).get("join", {}).get(room_id, {})
            events = room.get("timeline", {}).get("events", [])
            for event in events:
                if match(event):
                    return event
        raise AssertionError(f"no matching event in {room_id} before the deadline")


def test_start_checks_the_port_and_answers(synapse: Synapse) -> None:
    assert not port_is_free(synapse.port)
    versions = httpx.get(f"{synapse.url}/_matrix/client/versions", timeout=5).json()
    assert versions["versions"]
    assert synapse.process is not None and synapse.process.poll() is None


def test_register_and_login(synapse: Synapse) -> None:
    name = _name("carol")
    user_id, token = synapse.register(name, "pw-carol")
    assert user_id == f"@{name}:localhost"
    whoami = httpx.get(
        f"{synapse.url}/_matrix/client/v3/account/whoami",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).json()
    assert whoami["user_id"] == user_id
    login = synapse.login(name, "pw-carol", device_id="MARSADTEST")
    assert (login["user_id"], login["device_id"]) == (user_id, "MARSADTEST")


async def test_invite_join_and_message_round_trip(synapse: Synapse) -> None:
    bot_id, bot_token = synapse.register(_name("bot"), "pw-bot")
    user_id, user_token = synapse.register(_name("alice"), "pw-alice")
    bot = await _bot_client(synapse, bot_id, bot_token)
    async with httpx.AsyncClient(base_url=synapse.url, timeout=10) as http:
        user = HttpUser(http, user_token)
        try:
            room_id = (await user.call("POST", "/createRoom", json={"invite": [bot_id]}))["room_id"]

            invited = await _sync_until(bot, lambda r: room_id in r.rooms.invite)
            assert invited
            assert isinstance(await bot.join(room_id), JoinResponse)

            asked = await user.send_text(room_id, "!latest")

            def command(response: SyncResponse):
                room = response.rooms.join.get(room_id)
                events = room.timeline.events if room else []
                return next((e for e in events if getattr(e, "event_id", None) == asked), None)

            event = await _sync_until(bot, command)
            assert (event.sender, event.body) == (user_id, "!latest")

            content = {
                "msgtype": "m.notice",
                "body": "مرحبا",
                "format": "org.matrix.custom.html",
                "formatted_body": "<b>مرحبا</b>",
                "m.relates_to": {"m.in_reply_to": {"event_id": asked}},
            }
            sent = await bot.room_send(room_id, "m.room.message", content)
            assert isinstance(sent, RoomSendResponse), sent

            reply = await user.wait_for(room_id, lambda e: e.get("event_id") == sent.event_id)
            assert reply["sender"] == bot_id
            assert reply["content"]["msgtype"] == "m.notice"
            assert reply["content"]["formatted_body"] == "<b>مرحبا</b>"
            assert reply["content"]["m.relates_to"] == {"m.in_reply_to": {"event_id": asked}}
        finally:
            await bot.close()


async def test_rate_limit_override_gives_limit_exceeded(synapse: Synapse) -> None:
    _, admin_token = synapse.register(_name("admin"), "pw-admin", admin=True)
    bot_id, bot_token = synapse.register(_name("bot"), "pw-bot")
    # The bot gives up on the first 429 instead of sleeping it off, so we can see it.
    bot = await _bot_client(synapse, bot_id, bot_token, max_limit_exceeded=0)
    try:
        created = await bot.room_create()
        room_id = created.room_id
        synapse.override_ratelimit(bot_id, messages_per_second=1, burst_count=1, admin_token=admin_token)
        outcome = None
        for i in range(50):
            outcome = await bot.room_send(room_id, "m.room.message", {"msgtype": "m.notice", "body": f"n{i}"})
            if isinstance(outcome, RoomSendError):
                break
        assert isinstance(outcome, RoomSendError), "no 429 after 50 messages with a 1/s limit"
        assert outcome.status_code == "M_LIMIT_EXCEEDED"
        assert outcome.retry_after_ms and outcome.retry_after_ms > 0

        synapse.clear_ratelimit(bot_id, admin_token)
        # Once the override is gone, messages flow again (after at most the advised wait).
        end = time.monotonic() + DEADLINE
        again = None
        while time.monotonic() < end:
            again = await bot.room_send(room_id, "m.room.message", {"msgtype": "m.notice", "body": "after"})
            if isinstance(again, RoomSendResponse):
                break
            await asyncio.sleep((again.retry_after_ms or 100) / 1000)
        assert isinstance(again, RoomSendResponse), again
    finally:
        await bot.close()


def test_start_refuses_a_busy_port(synapse: Synapse, tmp_path) -> None:
    with pytest.raises(SynapseError, match="already in use"):
        Synapse.start(tmp_path, port=synapse.port)


def test_ensure_venv_reuses_an_installed_synapse(synapse: Synapse) -> None:
    started = time.monotonic()
    python = ensure_venv()
    assert python == venv_path() / "bin" / "python"
    assert time.monotonic() - started < 30  # an import probe, not a reinstall


def test_ensure_venv_reports_an_impossible_install(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # as on a machine without the registry
    monkeypatch.setenv(VENV_ENV, str(tmp_path / "venv"))
    with pytest.raises(SynapseUnavailable, match="cannot install matrix-synapse"):
        ensure_venv()

"""Chats that break (block, kick, migrate, vanish), injected faults, and flood control in the stand-in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from .telegram.limits import RateLimits, Window
from .telegram.spec import coerce
from .telegram.standin import TelegramStandIn


@pytest_asyncio.fixture
async def http(telegram_standin: TelegramStandIn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{telegram_standin.url}/bot{telegram_standin.token}/") as client:
        yield client


async def send(http: httpx.AsyncClient, chat_id: int, text: str = "alert", **extra: Any) -> tuple[int, dict[str, Any]]:
    form = {"chat_id": str(chat_id), "text": text} | {k: json.dumps(v) for k, v in extra.items()}
    response = await http.post("sendMessage", data=form)
    return response.status_code, response.json()


async def test_blocked_kicked_and_vanished_chats(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    alice, owner = tg.add_user("Alice"), tg.add_user("Owner")
    private = tg.private_chat(alice)
    group, supergroup = tg.add_group("g", creator=owner), tg.add_supergroup("s", creator=owner)
    tg.block_bot(private)
    tg.kick_bot(group)
    tg.kick_bot(supergroup)
    tg.vanish(tg.add_group("gone", creator=owner).id)
    assert await send(http, private.id) == (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    assert (await send(http, group.id))[1]["description"] == "Forbidden: bot was kicked from the group chat"
    assert (await send(http, supergroup.id))[1]["description"] == "Forbidden: bot was kicked from the supergroup chat"
    gone = next(c for c in tg.chats.values() if c.vanished)
    assert (await send(http, gone.id))[1] == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    kinds = [(u.kind, u.payload["new_chat_member"]["status"]) for u in tg.updates]
    assert kinds == [("my_chat_member", "kicked")] * 3
    tg.block_bot(private, blocked=False)
    assert (await send(http, private.id))[0] == 200
    tg.assert_no_violations()


async def test_group_migration(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    owner = tg.add_user("Owner")
    group = tg.add_group("g", creator=owner)
    supergroup = tg.migrate_to_supergroup(group)
    status, body = await send(http, group.id)
    assert (status, body) == (
        400,
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": supergroup.id},
        },
    )
    assert str(supergroup.id).startswith("-100")
    status, body = await send(http, supergroup.id)
    assert (status, body["result"]["chat"]["type"]) == (200, "supergroup")
    service = [u.payload for u in tg.updates]
    assert [m.get("migrate_to_chat_id") or m.get("migrate_from_chat_id") for m in service] == [
        supergroup.id,
        group.id,
    ]
    for message in service:
        coerce(message, ["Message"], "message")
    tg.assert_no_violations()


async def test_injected_429_per_chat_while_others_continue(
    telegram_standin: TelegramStandIn, http: httpx.AsyncClient
) -> None:
    tg = telegram_standin
    owner = tg.add_user("Owner")
    slow, other = tg.add_group("slow", creator=owner), tg.add_group("other", creator=owner)
    tg.inject_429(2, retry_after=3, chat=slow)
    assert await send(http, slow.id) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )
    assert (await send(http, other.id))[0] == 200
    assert not tg.violations, "an injected 429 is not the bot's fault"
    status, _ = await send(http, slow.id)
    assert status == 429 and [v.kind for v in tg.violations] == ["retry_after ignored"]


async def test_retry_after_honoured_is_no_violation() -> None:
    async with TelegramStandIn() as tg, httpx.AsyncClient(base_url=f"{tg.base_url}{tg.token}/") as http:
        group = tg.add_group("g", creator=tg.add_user())
        tg.inject_429(1, retry_after=1, chat=group)
        status, body = await send(http, group.id)
        assert status == 429
        await asyncio.sleep(body["parameters"]["retry_after"])  # what a well-behaved bot does
        assert (await send(http, group.id))[0] == 200
        tg.assert_no_violations()


async def test_injected_5xx_burst(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    chat = tg.add_group("g", creator=tg.add_user())
    tg.inject_5xx(2, status=502)
    tg.inject_5xx(1, status=500, methods="*")
    assert (await http.get("getMe")).status_code == 500, 'methods="*" hits any method'
    assert (await http.get("getMe")).status_code == 200
    results = [await send(http, chat.id) for _ in range(3)]
    assert [status for status, _ in results] == [502, 502, 200], "by default faults hit sends"
    assert results[0][1] == {"ok": False, "error_code": 502, "description": "Bad Gateway"}
    assert len(tg.bot_messages(chat)) == 1
    tg.assert_no_violations()


async def test_rate_limits_record_violations(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    private = tg.private_chat(tg.add_user())
    assert (await send(http, private.id))[0] == 200
    status, body = await send(http, private.id)
    assert (status, body["parameters"]["retry_after"]) == (429, 1)
    assert [v.kind for v in tg.violations] == ["rate limit"]
    assert "private chat limit of 1 per 1s" in tg.violations[0].description

    owner = tg.add_user()
    group = tg.add_group("g", creator=owner)
    statuses = [(await send(http, group.id))[0] for _ in range(21)]
    assert statuses == [200] * 20 + [429]

    chats = [tg.add_group(f"g{i}", creator=owner) for i in range(12)]
    statuses = [(await send(http, chat.id))[0] for chat in chats]
    assert statuses.count(429) >= 1, "more than 30 sends in a second overall"
    assert len(tg.violations) >= 3


async def test_paced_sends_within_scaled_limits_are_clean() -> None:
    limits = RateLimits(private_chat=Window(1, 1.0), overall=Window(30, 1.0), scale=20.0)
    async with (
        TelegramStandIn(limits=limits) as tg,
        httpx.AsyncClient(base_url=f"{tg.base_url}{tg.token}/") as http,
    ):
        chat = tg.private_chat(tg.add_user())
        for _ in range(5):
            assert (await send(http, chat.id))[0] == 200
            await asyncio.sleep(1.0 / 20.0)  # one message per (1 s / scale)
        assert len(await tg.wait_for_messages(chat, 5)) == 5
        tg.assert_no_violations()


async def test_members_admins_and_topics(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    owner, admin, member, stranger = (tg.add_user(n) for n in ("Owner", "Admin", "Member", "Stranger"))
    forum = tg.add_supergroup("f", creator=owner, admins=[admin], members=[member], forum=True, bot_is_admin=True)
    statuses = {}
    for user in (owner, admin, member, stranger, tg.bot):
        body = (await http.post("getChatMember", data={"chat_id": forum.id, "user_id": user.id})).json()
        coerce(body["result"], ["ChatMember"], "result")
        statuses[user.first_name] = body["result"]["status"]
    assert statuses == {
        "Owner": "creator",
        "Admin": "administrator",
        "Member": "member",
        "Stranger": "left",
        "Marsad": "administrator",
    }
    admins = (await http.post("getChatAdministrators", data={"chat_id": forum.id})).json()["result"]
    assert sorted(a["user"]["first_name"] for a in admins) == ["Admin", "Marsad", "Owner"]
    private = tg.private_chat(member)
    body = (await http.post("getChatAdministrators", data={"chat_id": private.id})).json()
    assert body["description"] == "Bad Request: there are no administrators in the private chat"
    info = (await http.post("getChat", data={"chat_id": forum.id})).json()["result"]
    coerce(info, ["ChatFullInfo"], "result")
    assert (info["type"], info["is_forum"]) == ("supergroup", True)

    topic = tg.add_topic(forum, "Idlib")
    message = tg.send_command(forum, member, "latest", "5", thread_id=topic)
    assert message.text == "/latest@marsad_test_bot 5"
    assert message.entities == [{"type": "bot_command", "offset": 0, "length": 23}]
    status, body = await send(http, forum.id, message_thread_id=topic)
    assert (status, body["result"]["message_thread_id"], body["result"]["is_topic_message"]) == (
        200,
        topic,
        True,
    )
    status, body = await send(http, forum.id, message_thread_id=topic + 100)
    assert body["description"] == "Bad Request: message thread not found"
    tg.assert_no_violations()


async def test_commands_per_scope_and_language(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    ar = [{"command": "start", "description": "ابدأ"}]
    en = [{"command": "start", "description": "Start"}, {"command": "latest", "description": "Latest alerts"}]
    groups = {"type": "all_group_chats"}
    for commands, language, scope in ((ar, "ar", None), (en, "en", None), (en[:1], "", groups)):
        form = {"commands": json.dumps(commands), "language_code": language}
        if scope:
            form["scope"] = json.dumps(scope)
        assert (await http.post("setMyCommands", data=form)).json() == {"ok": True, "result": True}
    got = (await http.post("getMyCommands", data={"language_code": "ar"})).json()["result"]
    assert got == ar and tg.bot_commands(language_code="en") == en and tg.bot_commands(groups) == en[:1]
    assert (await http.post("getMyCommands", data={"language_code": "fr"})).json()["result"] == []
    body = await http.post("setMyCommands", data={"commands": json.dumps([{"command": "Start", "description": "x"}])})
    assert body.json()["description"] == "Bad Request: BOT_COMMAND_INVALID"
    body = await http.post("setMyCommands", data={"commands": "[]", "scope": json.dumps({"type": "chat"})})
    assert body.json()["description"].startswith("Bad Request: can't parse BotCommandScope")


async def test_token_safety_helpers(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    await http.get("getMe")
    assert telegram_standin.request_paths == [f"/bot{telegram_standin.token}/getMe"]
    assert telegram_standin.token_leaked_in(f"GET {telegram_standin.request_paths[0]}")
    secret = telegram_standin.token.split(":")[1]
    assert telegram_standin.token_leaked_in(f"token={secret}")
    assert not telegram_standin.token_leaked_in("GET /bot<redacted>/getMe")


async def test_files_are_served_with_the_token(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    file_id = telegram_standin.add_file(b"report text", name="r.txt")
    info = (await http.post("getFile", data={"file_id": file_id})).json()["result"]
    response = await http.get(f"{telegram_standin.base_file_url}{telegram_standin.token}/{info['file_path']}")
    assert (response.status_code, response.content) == (200, b"report text")
    response = await http.get(f"{telegram_standin.base_file_url}1:bad/{info['file_path']}")
    assert response.status_code == 401

"""The Bot API stand-in over real HTTP: request shapes, spec checks, text rules, updates, chats and faults."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from .telegram.spec import coerce
from .telegram.standin import TelegramStandIn


@pytest_asyncio.fixture
async def http(telegram_standin: TelegramStandIn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{telegram_standin.url}/bot{telegram_standin.token}/") as client:
        yield client


async def call(http: httpx.AsyncClient, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST form-encoded, as python-telegram-bot does: objects as JSON strings, scalars as text."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = await http.post(method, data=form)
    return response.status_code, response.json()


def error(code: int, description: str, **parameters: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    return body | ({"parameters": parameters} if parameters else {})


# -- request shapes and spec checks -------------------------------------------------------------------------


async def test_get_me_by_get_post_json_and_any_case(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    answers = [
        (await http.get("getMe")).json(),
        (await http.post("GETME")).json(),
        (await http.post("getme", json={})).json(),
    ]
    me = answers[0]["result"]
    assert answers == [{"ok": True, "result": me}] * 3
    assert (me["id"], me["is_bot"], me["username"]) == (telegram_standin.bot.id, True, "marsad_test_bot")
    coerce(me, ["User"], "result")
    telegram_standin.assert_no_violations()


async def test_wrong_token_and_unknown_method(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    response = await http.get(f"{telegram_standin.url}/bot123:wrong/getMe")
    assert (response.status_code, response.json()) == (401, error(401, "Unauthorized"))
    assert not telegram_standin.violations
    status, body = await call(http, "sendMesage", chat_id=1, text="x")
    assert (status, body) == (404, error(404, "Not Found"))
    assert [v.kind for v in telegram_standin.violations] == ["unknown method"]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": "{chat}"}, "Bad Request: message text is empty"),
        ({"chat_id": "{chat}", "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": "{chat}", "text": " \n "}, "Bad Request: message text is empty"),
        (
            {"chat_id": "{chat}", "text": "x", "message_thread_id": "seven"},
            'Bad Request: parameter "message_thread_id" must be Integer',
        ),
        (
            {"chat_id": "{chat}", "text": "x", "disable_notification": "maybe"},
            'Bad Request: parameter "disable_notification" must be Boolean',
        ),
        (
            {"chat_id": "{chat}", "text": "x", "reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {"chat_id": "{chat}", "text": "x", "reply_markup": {"inline_keyboard": {"a": 1}}},
            'Bad Request: can\'t parse reply keyboard markup: field "reply_markup.inline_keyboard" '
            "must be an Array of Array of InlineKeyboardButton",
        ),
        (
            {
                "chat_id": "{chat}",
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": 5, "url": "a.io"}]]},
            },
            "Bad Request: can't parse reply keyboard markup: "
            'field "reply_markup.inline_keyboard[0][0].text" must be String',
        ),
        (
            {"chat_id": "{chat}", "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            {
                "chat_id": "{chat}",
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": ""}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {
                "chat_id": "{chat}",
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"chat_id": "{chat}", "text": "x", "colour": "red"},
            'Bad Request: unknown parameter "colour" for method sendMessage',
        ),
        (
            {"chat_id": "{chat}", "text": "x", "parse_mode": "MarkdownV3"},
            "Bad Request: unsupported parse_mode",
        ),
        (
            {"chat_id": "{chat}", "text": "<b>x</i>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        ),
        ({"chat_id": "{chat}", "text": "x" * 4097}, "Bad Request: message is too long"),
    ],
)
async def test_bad_send_message_is_refused_and_recorded(
    telegram_standin: TelegramStandIn, http: httpx.AsyncClient, params: dict[str, Any], description: str
) -> None:
    chat = telegram_standin.private_chat(telegram_standin.add_user())
    params = {k: (str(chat.id) if v == "{chat}" else v) for k, v in params.items()}
    status, body = await call(http, "sendMessage", **params)
    assert (status, body) == (400, error(400, description))
    assert [v.method for v in telegram_standin.violations] == ["sendMessage"]
    assert telegram_standin.bot_messages(chat) == []


async def test_lenient_mode_records_unknown_parameters_but_answers() -> None:
    async with TelegramStandIn(strict=False) as tg, httpx.AsyncClient() as client:
        chat = tg.private_chat(tg.add_user())
        response = await client.post(
            f"{tg.base_url}{tg.token}/sendMessage", data={"chat_id": chat.id, "text": "x", "colour": "red"}
        )
        assert response.json()["ok"] is True
        assert [v.kind for v in tg.violations] == ["unknown parameter"]


async def test_chat_id_accepts_integers_strings_and_usernames(
    telegram_standin: TelegramStandIn, http: httpx.AsyncClient
) -> None:
    owner = telegram_standin.add_user("Owner")
    group = telegram_standin.add_supergroup("News", creator=owner, username="SyriaNews")
    for chat_id in (group.id, str(group.id), "@syrianews"):
        response = await http.post("sendMessage", json={"chat_id": chat_id, "text": "hello"})
        assert response.json()["result"]["chat"]["id"] == group.id
    status, body = await call(http, "sendMessage", chat_id="@nobody", text="x")
    assert (status, body) == (400, error(400, "Bad Request: chat not found"))
    telegram_standin.assert_no_violations()


async def test_multipart_and_query_string_requests(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    chat = telegram_standin.add_group("g", creator=telegram_standin.add_user())
    response = await http.post("sendMessage", data={"chat_id": str(chat.id)}, files={"text": (None, "from multipart")})
    assert response.json()["result"]["text"] == "from multipart"
    response = await http.get("sendMessage", params={"chat_id": chat.id, "text": "from query"})
    assert response.json()["result"]["text"] == "from query"
    telegram_standin.assert_no_violations()


# -- text rules ---------------------------------------------------------------------------------------------


async def test_html_message_is_stored_parsed(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    chat = telegram_standin.private_chat(telegram_standin.add_user())
    markup = {"inline_keyboard": [[{"text": "التالي", "callback_data": "p:2"}, {"text": "web", "url": "https://a.io"}]]}
    status, body = await call(
        http,
        "sendMessage",
        chat_id=chat.id,
        text="<b>غارة</b> على &lt;إدلب&gt;",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert status == 200
    coerce(body["result"], ["Message"], "result")
    [sent] = telegram_standin.bot_messages(chat)
    assert (sent.text, sent.entities, sent.reply_markup) == (
        "غارة على <إدلب>",
        [{"type": "bold", "offset": 0, "length": 4}],
        markup,
    )
    assert sent.entity_texts("bold") == ["غارة"]
    assert sent.raw_text == "<b>غارة</b> على &lt;إدلب&gt;"


async def test_length_is_counted_after_entity_parsing(
    telegram_standin: TelegramStandIn, http: httpx.AsyncClient
) -> None:
    owner = telegram_standin.add_user()
    group = telegram_standin.add_group("g", creator=owner)
    status, _ = await call(http, "sendMessage", chat_id=group.id, text="<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert status == 200
    status, body = await call(http, "sendMessage", chat_id=group.id, text="&amp;" * 4097, parse_mode="HTML")
    assert (status, body["description"]) == (400, "Bad Request: message is too long")


# -- updates ------------------------------------------------------------------------------------------------


async def test_get_updates_offsets_limits_and_long_polling(
    telegram_standin: TelegramStandIn, http: httpx.AsyncClient
) -> None:
    tg = telegram_standin
    alice = tg.add_user("Alice")
    chat = tg.private_chat(alice)
    for i in range(3):
        tg.send_message(chat, alice, f"m{i}")
    _, body = await call(http, "getUpdates", limit=2)
    assert [u["message"]["text"] for u in body["result"]] == ["m0", "m1"]
    first_id = body["result"][0]["update_id"]
    _, body = await call(http, "getUpdates")
    assert len(body["result"]) == 3, "updates stay until confirmed by a higher offset"
    _, body = await call(http, "getUpdates", offset=first_id + 1, limit=0)
    assert [u["message"]["text"] for u in body["result"]] == ["m1"], "limit is clamped to at least 1"
    _, body = await call(http, "getUpdates", offset=-1)
    assert [u["message"]["text"] for u in body["result"]] == ["m2"]
    await call(http, "getUpdates", offset=body["result"][0]["update_id"] + 1)
    assert tg.updates == []

    seen = len(tg.request_paths)
    poll = asyncio.create_task(call(http, "getUpdates", timeout=30, offset=first_id + 3))
    await tg.wait_for(lambda: len(tg.request_paths) > seen, what="the long poll to arrive")
    assert not poll.done(), "a long poll waits for updates"
    sent = tg.send_command(chat, alice, "start")
    _, body = await asyncio.wait_for(poll, 5)
    assert body["result"][0]["message"]["text"] == "/start"
    assert body["result"][0]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert body["result"][0]["message"]["message_id"] == sent.message_id
    tg.assert_no_violations()


async def test_overlapping_get_updates_is_a_conflict(telegram_standin: TelegramStandIn) -> None:
    async with (
        httpx.AsyncClient(base_url=f"{telegram_standin.url}/bot{telegram_standin.token}/") as first,
        httpx.AsyncClient(base_url=f"{telegram_standin.url}/bot{telegram_standin.token}/") as second,
    ):
        old = asyncio.create_task(call(first, "getUpdates", timeout=20))
        await telegram_standin.wait_for(lambda: telegram_standin.request_paths, what="the first poll")
        new = asyncio.create_task(call(second, "getUpdates", timeout=0))
        status, body = await asyncio.wait_for(old, 5)
        assert (status, body) == (
            409,
            error(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ),
        )
        assert (await new)[1] == {"ok": True, "result": []}
    assert [v.kind for v in telegram_standin.violations] == ["two getUpdates requests overlapped"]


async def test_button_press_and_callback_answer(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    alice = tg.add_user("Alice")
    chat = tg.private_chat(alice)
    markup = {"inline_keyboard": [[{"text": "Next", "callback_data": "page:2"}]]}
    await call(http, "sendMessage", chat_id=chat.id, text="page 1", reply_markup=markup)
    [message] = tg.bot_messages(chat)
    query_id = tg.press_button(message, alice, data="page:2")
    _, body = await call(http, "getUpdates")
    query = body["result"][0]["callback_query"]
    assert (query["id"], query["data"], query["message"]["message_id"]) == (
        query_id,
        "page:2",
        message.message_id,
    )
    coerce(query, ["CallbackQuery"], "callback_query")
    assert (await call(http, "answerCallbackQuery", callback_query_id=query_id, text="ok"))[0] == 200
    assert tg.callback_answer(query_id) == {"callback_query_id": query_id, "text": "ok"}
    _status, body = await call(http, "answerCallbackQuery", callback_query_id=query_id)
    assert body["description"] == "Bad Request: query is too old and response timeout expired or query ID is invalid"
    with pytest.raises(AssertionError):
        tg.press_button(message, alice, data="page:3")


async def test_edits_follow_telegram_rules(telegram_standin: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg = telegram_standin
    alice = tg.add_user("Alice")
    chat = tg.private_chat(alice)
    markup = {"inline_keyboard": [[{"text": "Next", "callback_data": "p2"}]]}
    _, body = await call(http, "sendMessage", chat_id=chat.id, text="one", reply_markup=markup)
    message_id = body["result"]["message_id"]
    args = {"chat_id": chat.id, "message_id": message_id}
    status, body = await call(http, "editMessageText", **args, text="one", reply_markup=markup)
    assert body["description"].startswith("Bad Request: message is not modified")
    status, body = await call(http, "editMessageText", **args, text="<i>two</i>", parse_mode="HTML")
    assert status == 200 and "reply_markup" not in body["result"], "an edit without reply_markup drops the keyboard"
    [message] = tg.bot_messages(chat)
    assert (message.text, message.reply_markup, message.edit_date is not None) == ("two", None, True)
    assert message.history == [{"text": "one", "entities": [], "reply_markup": markup}]
    status, body = await call(http, "editMessageReplyMarkup", **args, reply_markup=markup)
    assert status == 200 and tg.bot_messages(chat)[0].reply_markup == markup
    user_message = tg.send_message(chat, alice, "mine")
    status, body = await call(http, "editMessageText", chat_id=chat.id, message_id=user_message.message_id, text="x")
    assert body["description"] == "Bad Request: message can't be edited"
    status, body = await call(http, "editMessageText", chat_id=chat.id, message_id=999, text="x")
    assert body["description"] == "Bad Request: message to edit not found"
    assert (await call(http, "deleteMessage", **args))[1] == {"ok": True, "result": True}
    assert tg.bot_messages(chat) == [] and len(tg.bot_messages(chat, include_deleted=True)) == 1
    tg.assert_no_violations()


async def test_a_vanished_poller_is_no_conflict(telegram_standin: TelegramStandIn) -> None:
    """A bot killed mid long poll (SIGKILL) leaves a dead connection; its successor must not be blamed."""
    tg = telegram_standin
    base = f"{tg.url}/bot{tg.token}/"
    async with httpx.AsyncClient(base_url=base) as doomed:
        poll = asyncio.create_task(call(doomed, "getUpdates", timeout=30))
        await tg.wait_for(lambda: tg.request_paths, what="the first poll")
        poll.cancel()
    async with httpx.AsyncClient(base_url=base) as successor:
        alice = tg.add_user()
        tg.send_message(tg.private_chat(alice), alice, "hi")
        _, body = await call(successor, "getUpdates", timeout=5)
    assert body["result"][0]["message"]["text"] == "hi"
    tg.assert_no_violations()

"""Log lines: readable or JSON, and never a token or a password, also in tracebacks and httpx's URL lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from bot.health import HealthServer, Heartbeats
from bot.logs import setup

TOKEN = "7312345678:AAHk3vZ0yq9rT4mP2sLx8WcE1bN6uJdQfGo"  # shaped like a Bot API token, not a real one
PASSWORD = "correct horse battery staple"
logger = logging.getLogger("tests.ops.logs")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore")})
    stream = io.StringIO()
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_text_lines_are_readable_and_mask_known_secrets_and_token_shapes(captured: io.StringIO) -> None:
    setup(fmt="text", secrets=[PASSWORD], stream=captured)
    logger.info("logging in with %s", PASSWORD)
    logger.warning("calling https://api.telegram.org/bot%s/sendMessage", TOKEN)
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("INFO tests.ops.logs: logging in with ***")
    assert lines[1].endswith("WARNING tests.ops.logs: calling https://api.telegram.org/bot***/sendMessage")


def test_tracebacks_are_redacted_too(captured: io.StringIO) -> None:
    setup(fmt="text", secrets=[PASSWORD], stream=captured)
    try:
        try:
            raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getUpdates failed")
        except ConnectionError as exc:
            raise RuntimeError(f"login as bob with {PASSWORD!r} failed") from exc
    except RuntimeError:
        logger.exception("component telegram crashed")
    output = captured.getvalue()
    assert "Traceback (most recent call last)" in output
    assert "ConnectionError: POST https://api.telegram.org/bot***/getUpdates failed" in output
    assert "RuntimeError: login as bob with '***' failed" in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output and PASSWORD not in output


def test_json_lines_parse_and_carry_redacted_extras(captured: io.StringIO) -> None:
    setup(fmt="json", secrets=[PASSWORD], stream=captured)
    feed = f"https://example.org/feed?key={PASSWORD}"
    logger.info("feed %s failed", feed, extra={"feed": feed, "report": 12})
    [line] = captured.getvalue().splitlines()
    data = json.loads(line)
    assert data["level"] == "info" and data["logger"] == "tests.ops.logs"
    assert data["message"] == "feed https://example.org/feed?key=*** failed"
    assert data["feed"] == "https://example.org/feed?key=***"
    assert data["report"] == 12


async def test_httpx_request_lines_never_show_the_token(captured: io.StringIO) -> None:
    server = HealthServer(Heartbeats(), "127.0.0.1", 0)  # any local HTTP server: it answers 404 here
    await server.start()
    try:
        setup(fmt="text", secrets=[TOKEN], stream=captured)
        async with httpx.AsyncClient() as client:
            await client.get(f"{server.url}/bot{TOKEN}/getMe")
        assert captured.getvalue() == ""  # httpx is held at WARNING: its URL lines do not even reach us

        logging.getLogger("httpx").setLevel(logging.INFO)  # someone turns it up to debug a problem
        async with httpx.AsyncClient() as client:
            await client.get(f"{server.url}/bot{TOKEN}/getMe")
    finally:
        await server.close()
    output = captured.getvalue()
    assert f"HTTP Request: GET {server.url}/bot***/getMe" in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output


FORGED = "x.txt\n2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE"


def test_outside_values_cannot_forge_a_line_or_steer_the_terminal(captured: io.StringIO) -> None:
    setup(fmt="text", stream=captured)
    logger.warning("inbox file %s moved", FORGED)
    logger.info("feed title %s", "عنوان\r\x1b[31mRED\x1b[0m\u202egnp.exe\u2028next\x85c1\x00")
    logger.info(f"pre-formatted by the caller: {FORGED}")  # escaping must not depend on %s
    lines = captured.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].endswith(
        "WARNING tests.ops.logs: inbox file x.txt\\n2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE moved"
    )
    assert lines[1].endswith("feed title عنوان\\r\\x1b[31mRED\\x1b[0m\\u202egnp.exe\\u2028next\\x85c1\\x00")
    assert lines[2].endswith(
        "pre-formatted by the caller: x.txt\\n2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE"
    )
    assert "\x1b" not in captured.getvalue() and "\u202e" not in captured.getvalue()


def test_a_traceback_keeps_its_lines_but_none_starts_at_the_margin(captured: io.StringIO) -> None:
    setup(fmt="text", stream=captured)
    try:
        raise ValueError(f"bad file {FORGED}")
    except ValueError:
        logger.exception("could not process %s", "a.txt")
    lines = captured.getvalue().splitlines()
    assert lines[0].endswith("ERROR tests.ops.logs: could not process a.txt")
    assert lines[1] == "    Traceback (most recent call last):"
    assert all(line.startswith("    ") for line in lines[1:])
    # The exception's own newline stays a line break inside the traceback, indented like the rest of it.
    assert lines[-2:] == [
        "    ValueError: bad file x.txt",
        "    2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE",
    ]


def test_json_lines_escape_bidi_and_c1_which_json_itself_leaves_raw(captured: io.StringIO) -> None:
    setup(fmt="json", stream=captured)
    logger.info("chat said %s", "\u202eevil\x9b31m", extra={"feed": "https://e.org/\u2066x\n"})
    [line] = captured.getvalue().splitlines()
    data = json.loads(line)
    assert data["message"] == "chat said \\u202eevil\\x9b31m"
    assert data["feed"] == "https://e.org/\\u2066x\\n"
    assert "\u202e" not in line and "\x9b" not in line

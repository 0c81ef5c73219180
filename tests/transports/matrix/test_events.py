"""Which Matrix message bodies are commands, and what the handlers get."""

from __future__ import annotations

import pytest

from bot.transports.matrix.events import Command, parse_command, strip_reply_fallback


@pytest.mark.parametrize(
    ("body", "name", "args"),
    [
        ("!latest", "latest", ""),
        ("/latest 3", "latest", "3"),
        ("!search ادلب", "search", "ادلب"),
        ("  !Subscribe airstrike in Idlib  ", "subscribe", "airstrike in Idlib"),
        ("!lang en", "lang", "en"),
        ("marsad: !latest", "latest", ""),
        ("@marsad:localhost: !help", "help", ""),
        ("!latest@marsad 2", "latest", "2"),
        ("> <@a:localhost> old alert\n> second line\n\n!more", "more", ""),
        ("!search الغارات\nعلى إدلب", "search", "الغارات\nعلى إدلب"),
    ],
)
def test_commands(body: str, name: str, args: str) -> None:
    command = parse_command("!r:localhost", "@u:localhost", "$e", body)
    assert command == Command("!r:localhost", "@u:localhost", "$e", name, args)


@pytest.mark.parametrize(
    "body",
    [
        "hello",
        "",
        "!",
        "! latest",
        "!!latest",
        "see /usr/bin",
        "> <@a:b> !latest\n\nthanks",
        "٤ !latest",
        "!" + "x" * 40,
    ],
)
def test_not_commands(body: str) -> None:
    assert parse_command("!r:localhost", "@u:localhost", "$e", body) is None


def test_not_a_string_is_not_a_command() -> None:
    assert parse_command("!r:localhost", "@u:localhost", "$e", None) is None  # type: ignore[arg-type]


def test_text_for_handlers() -> None:
    command = parse_command("!r", "@u", "$e", "!search  ادلب ")
    assert command is not None and command.text == "/search ادلب"


def test_strip_reply_fallback_keeps_plain_bodies() -> None:
    assert strip_reply_fallback("> not a reply quote") == "> not a reply quote"

"""Which Matrix message bodies are commands, and what the handlers get."""

from __future__ import annotations

import pytest

from bot.transports.matrix.events import command_in, strip_reply_fallback
from handlers import Command


@pytest.mark.parametrize(
    ("body", "name", "args", "bot"),
    [
        ("!latest", "latest", "", None),
        ("/latest 3", "latest", "3", None),
        ("!search ادلب", "search", "ادلب", None),
        ("  !Subscribe airstrike in Idlib  ", "subscribe", "airstrike in Idlib", None),
        ("!lang en", "lang", "en", None),
        ("marsad: !latest", "latest", "", None),
        ("@marsad:localhost: !help", "help", "", None),
        ("!latest@marsad 2", "latest", "2", "marsad"),
        ("> <@a:localhost> old alert\n> second line\n\n!more", "more", "", None),
        ("!search الغارات\nعلى إدلب", "search", "الغارات\nعلى إدلب", None),
    ],
)
def test_commands(body: str, name: str, args: str, bot: str | None) -> None:
    assert command_in(body) == Command(name, args, bot)


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
    assert command_in(body) is None


def test_not_a_string_is_not_a_command() -> None:
    assert command_in(None) is None  # type: ignore[arg-type]


def test_text_for_handlers() -> None:
    command = command_in("!search  ادلب ")
    assert command is not None and command.text == "/search ادلب"


def test_strip_reply_fallback_keeps_plain_bodies() -> None:
    assert strip_reply_fallback("> not a reply quote") == "> not a reply quote"

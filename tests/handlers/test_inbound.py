"""The one command grammar that console, Telegram and Matrix read (handlers/inbound.py)."""

from __future__ import annotations

import pytest

from handlers import Command, parse_command

LONGEST = "a" * 32


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/start", Command("start", "")),
        ("!start", Command("start", "")),
        ("/START", Command("start", "")),
        ("!Latest 3", Command("latest", "3")),
        ("  /help  ", Command("help", "")),
        ("/feeds_status", Command("feeds_status", "")),
        ("/search@MarsadBot إدلب  ", Command("search", "إدلب", "MarsadBot")),
        ("/start@marsad_bot", Command("start", "", "marsad_bot")),
        ("!latest@marsad:localhost 2", Command("latest", "2", "marsad:localhost")),
        ("/search الغارات\nعلى إدلب", Command("search", "الغارات\nعلى إدلب")),
        ("/latest\u00a03", Command("latest", "3")),  # a no-break space separates like a space
        ("/subscribe airstrike in Idlib", Command("subscribe", "airstrike in Idlib")),
        ("/" + LONGEST, Command(LONGEST, "")),
        ("/_", Command("_", "")),
    ],
)
def test_commands(text: str, command: Command) -> None:
    assert parse_command(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "/",
        "!",
        "/ latest",
        "//x",
        "!!latest",
        "/" + LONGEST + "a",  # 33 letters: longer than any command may be
        "/x1",  # digits are not in a command's name
        "/2",
        "/بحث",  # nor are Arabic letters: a slash before Arabic text is conversation
        "/latest@",
        "/latest,",
        "see /usr/bin",
        "٤ !latest",
    ],
)
def test_not_commands(text: str) -> None:
    assert parse_command(text) is None


def test_not_a_string_is_not_a_command() -> None:
    assert parse_command(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("latest 3", Command("latest", "3")),
        ("/latest 3", Command("latest", "3")),
        ("!latest 3", Command("latest", "3")),
        ("hello there", Command("hello", "there")),  # an unknown command: the dispatcher says so
        ("سلام", None),
        (" latest", None),
    ],
)
def test_a_console_line_needs_no_slash(line: str, command: Command | None) -> None:
    assert parse_command(line, bare=True) == command


def test_text_is_what_a_person_would_type() -> None:
    assert [c.text for c in (Command("latest", ""), Command("search", "ادلب"))] == ["/latest", "/search ادلب"]

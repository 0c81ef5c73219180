"""The feed commands are documented and have help, like the rest of the public surface."""

from __future__ import annotations

import re

import pytest

from bot.cli import build_parser
from bot.i18n import keys
from handlers import COMMANDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["addfeed", "removefeed", "feeds"])
def test_feed_chat_commands_are_registered_and_documented(command: str) -> None:
    spec = COMMANDS[command]
    assert spec.admin_only and spec.help_key
    assert re.search(rf"`/{command}\b", README)
    assert spec.help_key.split(".", 1)[1] in keys("en", "cmd") and spec.help_key.split(".", 1)[1] in keys("ar", "cmd")


@pytest.mark.parametrize("action", ["import", "export"])
def test_feeds_cli_has_help_and_docs(action: str) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    feeds = commands.choices["feeds"]
    actions = next(a for a in feeds._actions if a.dest == "feeds_command")
    assert {c.dest: c.help for c in actions._choices_actions}[action]
    assert f"`marsad feeds {action}" in README

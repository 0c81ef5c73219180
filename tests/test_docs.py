"""The documentation is part of the product: README and messages cover the whole public surface."""

from __future__ import annotations

import re
import string
import subprocess
import sys
import tomllib

import pytest

from bot.cli import build_parser
from bot.i18n import keys
from bot.models import EVENT_TYPES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRACT_VARIABLES = (
    "MARSAD_DATA_DIR", "MARSAD_INBOX", "MARSAD_FEEDS", "MARSAD_FEED_INTERVAL", "MARSAD_FEEDS_ALLOW_PRIVATE",
    "MARSAD_ADMINS", "MARSAD_LANGUAGE", "MARSAD_HTTP", "MARSAD_LOG_FORMAT", "MARSAD_RETENTION_DAYS",
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "MATRIX_HOMESERVER", "MATRIX_USER_ID", "MATRIX_PASSWORD",
    "MATRIX_ACCESS_TOKEN",
)  # fmt: skip
CHAT_COMMANDS = ("start", "help", "subscribe", "unsubscribe", "settings", "latest", "search", "sources", "lang")


def _cli_commands() -> dict[str, str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return {choice.dest: choice.help for choice in action._choices_actions}


@pytest.mark.parametrize("variable", CONTRACT_VARIABLES)
def test_every_setting_is_documented(variable):
    assert f"`{variable}" in README


CONFIG_VARIABLES = sorted(
    set(re.findall(r'"((?:MARSAD|TELEGRAM|MATRIX)_[A-Z_]+)"', (ROOT / "bot" / "config.py").read_text()))
)


@pytest.mark.parametrize("variable", CONFIG_VARIABLES)
def test_every_setting_the_code_reads_is_in_the_readme_table(variable):
    """Not only the contract's list: a setting added later (MARSAD_INBOX_SETTLE) needs its README row too."""
    assert re.search(rf"(?m)^\|[^\n]*`{variable}`", README), f"{variable} has no row in the README's settings table"


def test_the_settle_setting_is_read():
    assert "MARSAD_INBOX_SETTLE" in CONFIG_VARIABLES


@pytest.mark.parametrize("command", ["run", "analyze", "ingest", "latest", "search", "chat"])
def test_every_cli_command_has_help_and_docs(command):
    assert _cli_commands()[command]
    assert f"`marsad {command}" in README


@pytest.mark.parametrize("command", CHAT_COMMANDS)
def test_every_chat_command_is_documented(command):
    assert re.search(rf"`/{command}\b", README)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_event_type_has_a_name_in_each_language(language):
    assert set(keys(language, "event")) == set(EVENT_TYPES)


def test_both_languages_have_the_same_messages():
    def base(names):  # plural forms (children_1, children_many) differ between languages
        return {re.sub(r"_(1|2|many)$", "", n) for n in names}

    sections = {language: set(_catalogue(language)) for language in ("ar", "en")}
    assert sections["ar"] == sections["en"]
    for section in sections["en"]:
        assert base(keys("ar", section)) == base(keys("en", section)), section


def test_both_languages_fill_in_the_same_values():
    ar, en = _catalogue("ar"), _catalogue("en")
    for section, messages in en.items():
        for key, text in messages.items():
            if key in ar[section]:
                assert _fields(ar[section][key]) == _fields(text), f"{section}.{key}"


def _catalogue(language: str) -> dict[str, dict[str, str]]:
    return tomllib.loads((ROOT / "bot" / "messages" / f"{language}.toml").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_quick_start_is_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, re.DOTALL)
    assert [len(b.strip().splitlines()) for b in blocks] == [1, 1]
    assert "marsad run" in blocks[0] and "pytest" in blocks[1]
    # CI runs these two commands as the README writes them, never its own variant (issue 12: a pip upgrade in CI
    # once hid a failure that the pip of a fresh venv shows).
    extracted = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme-commands")], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert extracted == [b.strip() for b in blocks]
    ci = (ROOT / ".ci" / "run").read_text()
    quickstart = (ROOT / ".ci" / "quickstart").read_text()
    assert "mapfile -t QUICK < <(python3 .ci/readme-commands)" in ci and 'bash -c "${QUICK[1]}"' in ci
    assert ".ci/quickstart" in ci and 'bash -c "trap : TERM; ${QUICK[0]}"' in quickstart
    for script in (ci, quickstart):
        code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
        assert ".venv/bin/pip" not in code.replace(".synapse-venv/bin/pip", "")
        assert "pytest" not in code and "--upgrade" not in code

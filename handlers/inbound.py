"""The one command grammar every transport reads: ``/name args``, ``!name args`` and ``/name@bot args``.

A name is 1 to 32 ASCII letters or underscores (Telegram's command alphabet, without digits: no command has
them, and ``/2`` or ``!x1`` stay conversation); any case, read in lower case. ``@bot`` after the name is the
addressee (a Telegram username, or anything else a Matrix client puts there), up to the first space. The
arguments are the rest of the text, stripped, and may run over several lines. Transports strip their own wrapping
first (Matrix's reply quote and leading mention) and decide what to do with a name no handler knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_NAME", "PREFIXES", "Command", "parse_command"]

PREFIXES = ("/", "!")
MAX_NAME = 32
_COMMAND = re.compile(rf"^[/!]([A-Za-z_]{{1,{MAX_NAME}}})(?:@(\S+))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    """One chat command, whichever network it came from."""

    name: str  # lower case, without / or !
    args: str  # the rest of the text, stripped
    bot_name: str | None = None  # the @botname of /cmd@botname

    @property
    def text(self) -> str:
        """The command as a person would type it: ``/name args``."""
        return f"/{self.name} {self.args}".rstrip()


def parse_command(text: str, *, bare: bool = False) -> Command | None:
    """``/cmd@bot args`` or ``!cmd args`` -> Command; anything else -> None.

    :param bare: the text is a command even without its ``/`` (a console line: ``latest 3``).
    """
    if not isinstance(text, str):
        return None
    if bare and not text.startswith(PREFIXES):
        text = "/" + text
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return Command(match.group(1).lower(), (match.group(3) or "").strip(), match.group(2))

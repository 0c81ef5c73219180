"""Turn Matrix message events into commands the handlers understand.

Matrix users type ``!latest`` (``/latest`` is a client command in Element, but other
clients send it as text, so both are accepted). A reply carries the quoted original in
its body ("> <@a:b> ..." lines, then a blank line): that fallback is removed first so a
reply to an alert can still be a command. A leading mention of the bot (``marsad: !latest``)
is allowed too. Everything else is conversation, and the bot stays quiet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIXES = ("!", "/")
_COMMAND = re.compile(r"^[!/]([A-Za-z][A-Za-z0-9_]{0,31})(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)
_MENTION = re.compile(r"^\s*(?:@?[\w.=\-/]+(?::[\w.\-]+(?::\d+)?)?)\s*[:,]\s+(?=[!/])")


@dataclass(frozen=True, slots=True)
class Command:
    """One chat command from a Matrix room."""

    room_id: str
    sender: str
    event_id: str
    name: str  # lower case, without the prefix
    args: str  # the rest of the line(s), stripped

    @property
    def text(self) -> str:
        """The command as the handlers read it: ``/name args``."""
        return f"/{self.name} {self.args}".rstrip()


def strip_reply_fallback(body: str) -> str:
    """Drop the quoted lines a reply starts with (spec: "> " lines, then an empty line)."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> <"):
        return body
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    if index < len(lines) and lines[index] == "":
        index += 1
    return "\n".join(lines[index:])


def parse_command(room_id: str, sender: str, event_id: str, body: str) -> Command | None:
    """Return the command in ``body``, or None when it is not addressed to the bot."""
    if not isinstance(body, str):
        return None
    text = strip_reply_fallback(body).strip()
    text = _MENTION.sub("", text, count=1)
    match = _COMMAND.match(text)
    if not match:
        return None
    name, args = match.group(1).lower(), (match.group(2) or "").strip()
    return Command(room_id=room_id, sender=sender, event_id=event_id, name=name, args=args)

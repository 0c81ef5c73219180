"""Find the command in a Matrix message body; the grammar itself is handlers' (handlers/inbound.py).

Matrix users type ``!latest`` (``/latest`` is a client command in Element, but other
clients send it as text, so both are accepted). A reply carries the quoted original in
its body ("> <@a:b> ..." lines, then a blank line): that fallback is removed first so a
reply to an alert can still be a command. A leading mention of the bot (``marsad: !latest``)
is allowed too. Everything else is conversation, and the bot stays quiet.
"""

from __future__ import annotations

import re

from handlers import Command, parse_command

_MENTION = re.compile(r"^\s*(?:@?[\w.=\-/]+(?::[\w.\-]+(?::\d+)?)?)\s*[:,]\s+(?=[!/])")


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


def command_in(body: str) -> Command | None:
    """The command in ``body``, or None when it is not addressed to the bot."""
    if not isinstance(body, str):
        return None
    return parse_command(_MENTION.sub("", strip_reply_fallback(body).strip(), count=1))

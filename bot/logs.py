"""Logging set-up: readable lines or JSON lines, with secrets redacted and control characters escaped.

Only the CLI calls :func:`setup`; other modules just ``logging.getLogger(__name__)``.
httpx logs every request URL at INFO, and a Bot API URL contains the token: the
chatty libraries are held at WARNING, and a redacting filter on the handler is a
second guard for anything that still carries a secret.

Log lines carry values from outside (file names, feed titles and URLs, chat
input). The same filter escapes their control characters (newline, CR, ANSI
escapes, other C0/C1, bidi overrides, line separators) in the whole message, so a
file named ``x\nINFO bot.pipeline: …`` cannot forge a log line; a traceback keeps
its lines, each indented, so none of them can pass for a record of its own.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

QUIET_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler", "nio", "aiohttp", "watchfiles", "asyncio")
# A Telegram token anywhere (bot123:ABC... in URLs, or bare).
_TOKEN = re.compile(r"(?<![A-Za-z0-9])(bot)?\d{5,}:[A-Za-z0-9_-]{30,}")
# A Matrix access token (Synapse's syt_…, MAS's mct_…), e.g. one obtained by login rather than configured.
_MATRIX_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:syt|mct)_[A-Za-z0-9_-]{10,}")
_EXTRA_FIELDS = ("report", "chat", "feed", "delivery", "component")
# Characters a terminal, a log viewer or a line-based collector could take for structure: C0 (but tab), DEL,
# C1, the bidi embeddings/overrides/isolates, and the Unicode line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_TRACEBACK_INDENT = "    "


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    named = {"\n": "\\n", "\r": "\\r"}.get(match.group())
    return named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape(text: str) -> str:
    """``text`` on one line: control and bidi-override characters written as ``\\n``, ``\\x1b``, ``\\u202e``."""
    return _UNSAFE.sub(_escape_char, text)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and anything shaped like a bot token masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _MATRIX_TOKEN.sub("***", text)
    return _TOKEN.sub(lambda m: (m.group(1) or "") + "***", text)


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (and traceback) with secrets masked and control characters escaped."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = escape(record.getMessage())
        if record.exc_info or record.exc_text:
            trace = record.exc_text or logging.Formatter().formatException(record.exc_info)  # type: ignore[arg-type]
            # An exception's message may carry outside text with newlines: every traceback line is indented and
            # escaped, so only the record's first line starts at the margin.
            message += "".join(f"\n{_TRACEBACK_INDENT}{escape(line)}" for line in trace.splitlines())
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(message, self.secrets)
        record.args = None
        for name in _EXTRA_FIELDS:  # JSON lines carry these beside the message (a feed URL may hold a key)
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, escape(redact(value, self.secrets)))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                data[name] = getattr(record, name)
        return json.dumps(data, ensure_ascii=False, default=str)


def setup(
    *, fmt: str = "text", level: int = logging.INFO, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter(secrets))
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)

"""Logging set-up: readable lines or JSON lines, with secrets redacted.

Only the CLI calls :func:`setup`; other modules just ``logging.getLogger(__name__)``.
httpx logs every request URL at INFO, and a Bot API URL contains the token: the
chatty libraries are held at WARNING, and a redacting filter on the handler is a
second guard for anything that still carries a secret.
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


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and anything shaped like a bot token masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _MATRIX_TOKEN.sub("***", text)
    return _TOKEN.sub(lambda m: (m.group(1) or "") + "***", text)


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (and traceback) with secrets masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(message, self.secrets)
        record.args = None
        for name in _EXTRA_FIELDS:  # JSON lines carry these beside the message (a feed URL may hold a key)
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, redact(value, self.secrets))
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

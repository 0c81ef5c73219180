"""python-telegram-bot's errors turned into Marsad's at the boundary, with the token scrubbed.

    RetryAfter                      -> RateLimited(retry_after)
    ChatMigrated                    -> ChatMoved("tg:<new id>")
    Forbidden (blocked, kicked)     -> ChatGone
    BadRequest "chat not found"     -> ChatGone (handled like a block)
    BadRequest (anything else)      -> BadMessage
    TimedOut, NetworkError, 5xx     -> TransportDown

PTB and httpx messages can carry a request URL, and a Bot API URL carries the token,
so every message is passed through ``redact`` and the original is not chained
(``from None``): a traceback printed later cannot show it either.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from telegram import error as tg_error

from bot.errors import BadMessage, ChatGone, ChatMoved, DeliveryError, RateLimited, TransportDown
from bot.logs import redact
from bot.models import ChatAddress

_GONE_HINTS = ("chat not found", "user is deactivated", "bot was kicked", "bot is not a member", "peer_id_invalid")
NOT_MODIFIED = "message is not modified"


def retry_seconds(exc: tg_error.RetryAfter) -> float:
    """``retry_after`` in seconds without PTB's int/timedelta deprecation dance."""
    value = getattr(exc, "_retry_after", None)
    if value is None:
        return 1.0
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def convert(exc: BaseException, secrets: tuple[str, ...] = ()) -> DeliveryError:
    """The Marsad error for one PTB error (or any other exception raised while talking to Telegram)."""
    message = redact(f"{type(exc).__name__}: {exc}", secrets)
    if isinstance(exc, tg_error.RetryAfter):
        return RateLimited(retry_seconds(exc), message)
    if isinstance(exc, tg_error.ChatMigrated):
        return ChatMoved(ChatAddress.telegram(exc.new_chat_id).key, message)
    if isinstance(exc, tg_error.Forbidden):
        return ChatGone(message)
    if isinstance(exc, tg_error.BadRequest):
        lowered = str(exc).lower()
        if any(hint in lowered for hint in _GONE_HINTS):
            return ChatGone(message)
        return BadMessage(message)
    if isinstance(exc, tg_error.InvalidToken):
        return TransportDown("Telegram refused the bot token (InvalidToken)")
    return TransportDown(message)


@contextlib.contextmanager
def telegram_errors(secrets: tuple[str, ...] = ()) -> Iterator[None]:
    """Run a block of Bot API calls; whatever PTB raises comes out as a Marsad DeliveryError."""
    try:
        yield
    except DeliveryError:
        raise
    except (tg_error.TelegramError, OSError, TimeoutError) as exc:
        raise convert(exc, secrets) from None


def is_not_modified(exc: BaseException) -> bool:
    return NOT_MODIFIED in str(exc).lower()

"""python-telegram-bot's errors turned into Marsad's at the boundary, with the token scrubbed.

    RetryAfter                      -> RateLimited(retry_after)
    ChatMigrated                    -> ChatMoved("tg:<new id>")
    Forbidden (blocked, kicked)     -> ChatGone
    BadRequest "chat not found"     -> ChatGone (handled like a block)
    BadRequest (anything else)      -> BadMessage
    TimedOut, NetworkError, 5xx     -> TransportDown (``repeatable`` for 5xx and no connection)

PTB and httpx messages can carry a request URL, and a Bot API URL carries the token,
so every message is passed through ``redact`` and the original is not chained
(``from None``): a traceback printed later cannot show it either.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
from telegram import error as tg_error

from bot.errors import BadMessage, ChatGone, ChatMoved, DeliveryError, RateLimited, TransportDown
from bot.logs import redact
from bot.models import ChatAddress
from bot.transports.telegram.ptb import seconds

_GONE_HINTS = ("chat not found", "user is deactivated", "bot was kicked", "bot is not a member", "peer_id_invalid")
NOT_MODIFIED = "message is not modified"


def retry_seconds(exc: tg_error.RetryAfter) -> float:
    """``retry_after`` in seconds: a timedelta under PTB's opt-in (ptb.py, ``PTB_TIMEDELTA``), else int seconds."""
    return seconds(exc.retry_after)


# httpx failures raised before the request left: Telegram cannot have carried it out.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def repeatable(exc: BaseException) -> bool:
    """Whether sending again cannot double the message: a 5xx answer (PTB raises NetworkError with no httpx
    cause for a status it has no class for) or a connection that was never made. A read or write timeout, or a
    connection dropped mid-request, is not: the message may have arrived."""
    if not isinstance(exc, tg_error.NetworkError) or isinstance(exc, tg_error.BadRequest):  # PTB: a NetworkError
        return False
    cause = exc.__cause__
    if isinstance(cause, httpx.HTTPError):
        return isinstance(cause, _NOT_SENT)
    # A status error is raised from nothing, or from the failed parse of a body that is not JSON (a proxy's 502).
    return not isinstance(exc, tg_error.TimedOut) and (cause is None or isinstance(cause, tg_error.TelegramError))


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
    return TransportDown(message, repeatable=repeatable(exc))


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

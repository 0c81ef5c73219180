"""Marsad's one error tree.

    MarsadError
    ├── ConfigError              a setting is wrong; start-up stops with one line naming the key
    ├── SourceError              a source could not yield a report
    │   ├── FeedError            a feed failed (fetch, parse, safety)
    │   └── ReportFileError      an inbox file cannot be read (it goes to failed/ with this message)
    ├── StorageError             the database refused
    ├── DeliveryError            a transport could not send
    │   ├── RateLimited          wait ``retry_after`` seconds for this chat
    │   ├── ChatGone             blocked, kicked, or the chat no longer exists
    │   ├── ChatMoved            the chat has a new id (``new_id``): move its subscriptions
    │   ├── BadMessage           the network refused this message; retrying will not help
    │   └── TransportDown        the network is unreachable or failing; retry later
    └── CommandError             a chat command cannot run
        ├── UsageError           wrong arguments
        └── NotAllowed           the user may not do this here

Transports convert their library's errors into these at the boundary, so delivery
and handlers never see a python-telegram-bot or matrix-nio exception.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Root of every error Marsad raises on purpose."""


class ConfigError(MarsadError):
    """A configuration value is invalid: the message names the key."""


class SourceError(MarsadError):
    """A source failed to yield a report."""


class FeedError(SourceError):
    """A feed could not be fetched, parsed or accepted."""


class ReportFileError(SourceError):
    """An inbox file cannot be turned into a report."""


class StorageError(MarsadError):
    """The database refused an operation."""


class DeliveryError(MarsadError):
    """A transport could not deliver a message."""


class RateLimited(DeliveryError):
    """The network asked us to slow down for this chat."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited: retry after {retry_after:g}s")
        self.retry_after = retry_after


class ChatGone(DeliveryError):
    """The bot was blocked or removed, or the chat does not exist."""


class ChatMoved(DeliveryError):
    """The chat continues under a new id (a Telegram group upgraded to a supergroup)."""

    def __init__(self, new_id: str, message: str = "") -> None:
        super().__init__(message or f"chat moved to {new_id}")
        self.new_id = new_id


class BadMessage(DeliveryError):
    """The network refused this message as malformed: retrying the same text will not help."""


class TransportDown(DeliveryError):
    """A transient failure: network error, timeout, 5xx. Retry with backoff.

    ``repeatable`` when sending again cannot double the message: the request never reached the network
    (no connection) or the network answered that it failed (5xx). A timeout is not: it may have arrived.
    """

    def __init__(self, message: str = "", *, repeatable: bool = False) -> None:
        super().__init__(message)
        self.repeatable = repeatable


class CommandError(MarsadError):
    """A chat command cannot run; ``key`` names the translated message for the chat."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UsageError(CommandError):
    """The command's arguments are wrong."""


class NotAllowed(CommandError):
    """The user may not run this command in this chat."""

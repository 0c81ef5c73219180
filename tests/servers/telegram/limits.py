"""Flood control and injected faults: what makes the stand-in answer 429 or 5xx.

Rate limits are sliding windows like Telegram's (about 30 messages/s overall, 1/s per private chat,
20/min per group). Exceeding one, or sending again to a chat before a 429's ``retry_after`` has passed,
answers 429 and is a violation: a well-behaved sender never sees a 429 it did not cause on purpose.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from .models import PRIVATE, ApiError, Chat

SEND_METHODS = frozenset(
    m.lower()
    for m in [
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendMediaGroup",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendSticker",
        "sendPaidMedia",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    ]
)
ALL_METHODS = "*"


@dataclass(frozen=True, slots=True)
class Window:
    """At most ``count`` messages in any ``seconds`` long window."""

    count: int
    seconds: float


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram-like defaults. ``scale`` > 1 runs the same limits faster (windows divided by ``scale``);
    ``tolerance`` forgives that fraction of each window, for clock jitter between bot and stand-in."""

    overall: Window = Window(30, 1.0)
    private_chat: Window = Window(1, 1.0)
    group_chat: Window = Window(20, 60.0)
    tolerance: float = 0.05
    scale: float = 1.0
    enforce: bool = True

    def effective(self, window: Window) -> float:
        return window.seconds / self.scale * (1.0 - self.tolerance)


@dataclass(slots=True)
class Fault:
    """``remaining`` injected answers (429 with ``retry_after``, or a 5xx ``status``) for matching calls."""

    status: int
    remaining: int
    retry_after: int = 1
    chat_id: int | None = None
    methods: frozenset[str] | str = SEND_METHODS

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.remaining <= 0:
            return False
        if self.methods != ALL_METHODS and method.lower() not in self.methods:
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def to_error(self) -> ApiError:
        if self.status == 429:
            return ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                parameters={"retry_after": self.retry_after},
            )
        texts = {
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
        }
        return ApiError(self.status, texts.get(self.status, "Internal Server Error"))


@dataclass(slots=True)
class FloodControl:
    """Sliding windows of successful sends, and the retry_after deadlines the stand-in has announced."""

    limits: RateLimits = field(default_factory=RateLimits)
    overall: deque[float] = field(default_factory=deque)
    per_chat: dict[int, deque[float]] = field(default_factory=dict)
    # (chat id or None for every chat, "send" or a method name) -> monotonic time the wait ends
    waits: dict[tuple[int | None, str], float] = field(default_factory=dict)
    retry_slack: float = 0.05

    def check(self, method: str, chat: Chat | None, now: float) -> None:
        """Raise the 429 a send would get now; every such 429 reveals a bot bug."""
        chat_id = chat.id if chat else None
        scope = _scope(method)
        for key in ((None, scope), (chat_id, scope)):
            until = self.waits.get(key)
            if until is not None and now < until - self.retry_slack:
                retry = max(1, math.ceil(until - now))
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {retry}",
                    parameters={"retry_after": retry},
                    violation=f"retry_after ignored: sent {until - now:.2f}s before the announced time",
                )
        if not self.limits.enforce or method.lower() not in SEND_METHODS:
            return
        try:
            self._check_window(self.overall, self.limits.overall, now, "overall")
        except ApiError as exc:
            self.announce_wait(method, None, exc.parameters["retry_after"], now)
            raise
        if chat is not None:
            window = self.limits.private_chat if chat.type == PRIVATE else self.limits.group_chat
            try:
                self._check_window(self.per_chat.setdefault(chat.id, deque()), window, now, f"{chat.type} chat")
            except ApiError as exc:
                self.announce_wait(method, chat.id, exc.parameters["retry_after"], now)
                raise

    def _check_window(self, sends: deque[float], window: Window, now: float, label: str) -> None:
        span = self.limits.effective(window)
        while sends and sends[0] <= now - window.seconds / self.limits.scale:
            sends.popleft()
        recent = [t for t in sends if t > now - span]
        if len(recent) >= window.count:
            period = window.seconds / self.limits.scale
            free_at = recent[-window.count] + period
            retry = max(1, math.ceil(free_at - now))
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry}",
                parameters={"retry_after": retry},
                violation=f"rate limit: {label} limit of {window.count} per {period:g}s",
            )

    def record_send(self, method: str, chat: Chat | None, now: float) -> None:
        if method.lower() not in SEND_METHODS:
            return
        self.overall.append(now)
        if chat is not None:
            self.per_chat.setdefault(chat.id, deque()).append(now)

    def announce_wait(self, method: str, chat_id: int | None, retry_after: int, now: float) -> None:
        """Remember a 429 the bot was given, so sending again before ``retry_after`` counts as a violation."""
        key = (chat_id, _scope(method))
        self.waits[key] = max(self.waits.get(key, 0.0), now + retry_after)


def _scope(method: str) -> str:
    """Sends share one flood wait; any other method waits on its own."""
    return "send" if method.lower() in SEND_METHODS else method.lower()

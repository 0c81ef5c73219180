"""Liveness that means work is being done: heartbeats, and the ``/healthz`` and ``/metrics`` endpoint.

A process can be alive and stuck (a send that never returns, a scan wedged on a
file). So health is not "the port answers" but "every loop that should run did
run lately": each source and the delivery loop record a heartbeat after each
pass, and :class:`Heartbeats` compares the last one with the interval the loop
promises. ``GET /healthz`` answers 200 when all are fresh and 503 naming the
stale ones. The server is a few lines of asyncio (no web framework in the image).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot import metrics
from bot.errors import MarsadError

logger = logging.getLogger(__name__)

Probe = Callable[[], float | None]  # the time (epoch seconds) of the last pass, None or 0 when never
READ_TIMEOUT = 5.0
MAX_REQUEST = 8192


@dataclass(slots=True)
class _Entry:
    interval: float
    registered: float
    last: float | None = None
    probe: Probe | None = None

    def last_beat(self) -> float | None:
        if self.probe is not None:
            try:
                value = self.probe()
            except Exception:  # a broken probe reads as "no beat", never as a crash of /healthz
                logger.warning("heartbeat probe failed", exc_info=True)
                return None
            return value or None
        return self.last


class Heartbeats:
    """Named heartbeats with the interval each component promises.

    Push: ``expect("feeds", 600)`` once, then ``beat("feeds")`` after every pass.
    Pull: ``watch("sender", 60, lambda: sender.heartbeat)`` reads a timestamp the
    component already keeps. A component that never beat is stale once its
    interval has passed since it was registered.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()  # beats come from worker threads too

    def expect(self, name: str, interval: float) -> None:
        with self._lock:
            self._entries[name] = _Entry(interval=interval, registered=self._clock())

    def watch(self, name: str, interval: float, probe: Probe) -> None:
        with self._lock:
            self._entries[name] = _Entry(interval=interval, registered=self._clock(), probe=probe)

    def forget(self, name: str) -> None:
        with self._lock:
            self._entries.pop(name, None)

    def beat(self, name: str, at: float | None = None) -> None:
        """Record one pass of ``name``; an unknown name is registered with no interval (never stale)."""
        with self._lock:
            entry = self._entries.setdefault(name, _Entry(interval=float("inf"), registered=self._clock()))
            entry.last = self._clock() if at is None else at

    def status(self) -> dict[str, dict[str, object]]:
        """Per component: seconds since its last pass (None when never), its interval and whether it is fresh."""
        now = self._clock()
        with self._lock:
            entries = dict(self._entries)
        out: dict[str, dict[str, object]] = {}
        for name, entry in sorted(entries.items()):
            last = entry.last_beat()
            age = None if last is None else max(0.0, now - last)
            waited = (now - entry.registered) if last is None else age
            out[name] = {
                "age": None if age is None else round(age, 3),
                "interval": entry.interval,
                "ok": waited <= entry.interval,
            }
        return out

    def stale(self) -> list[str]:
        return [name for name, item in self.status().items() if not item["ok"]]


class HttpError(MarsadError):
    """The health endpoint cannot listen (port in use, bad address): start-up stops."""


class HealthServer:
    """``GET /healthz`` and ``GET /metrics`` on one address. ``start()`` binds; ``run(stop)`` serves."""

    def __init__(self, heartbeats: Heartbeats, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.heartbeats = heartbeats
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        try:
            self._server = await asyncio.start_server(self._handle, self.host, self.port, reuse_address=True)
        except OSError as exc:
            raise HttpError(f"MARSAD_HTTP: cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("health and metrics on http://%s:%d (/healthz, /metrics)", self.host, self.port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def run(self, stop: asyncio.Event) -> None:
        if self._server is None:
            await self.start()
        try:
            await stop.wait()
        finally:
            await self.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=2)
            self._server = None

    def healthz(self) -> tuple[int, dict[str, object]]:
        components = self.heartbeats.status()
        stale = [name for name, item in components.items() if not item["ok"]]
        body = {"status": "stale" if stale else "ok", "stale": stale, "components": components}
        return (503 if stale else 200), body

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > MAX_REQUEST:
                raise ValueError("request too large")
            method, target, _version = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            path = target.split("?", 1)[0]
            if method not in ("GET", "HEAD"):
                status, ctype, body = 405, "text/plain", b"method not allowed\n"
            elif path == "/healthz":
                code, data = self.healthz()
                status, ctype, body = code, "application/json", json.dumps(data).encode() + b"\n"
            elif path == "/metrics":
                status, ctype, body = 200, metrics.CONTENT_TYPE, await asyncio.to_thread(metrics.render)
            else:
                status, ctype, body = 404, "text/plain", b"not found\n"
            reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n".encode("latin-1")
            )
            if method != "HEAD":
                writer.write(body)
            await writer.drain()
        except (TimeoutError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass  # a client that sends garbage or hangs gets the connection closed
        except Exception:
            logger.exception("health endpoint failed to answer")
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

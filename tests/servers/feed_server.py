"""A feed server on 127.0.0.1 for tests and benchmarks (aiohttp, in its own thread).

Routes:
- ``/f/NAME``: a fixture from ``tests/data/feeds`` (or one set with :meth:`FeedServer.put`),
  with ETag and Last-Modified and 304 for a matching conditional GET.
- ``/status/CODE``: an empty answer with that status (410, 500, ...).
- ``/redirect/CODE?to=PATH``: a redirect with that status (to itself without ``to``).
- ``/slow``: answers after ``slow_seconds`` (for timeouts).
- ``/held/NAME``: the fixture ``NAME``, answered only once :attr:`FeedServer.released` is set; :attr:`FeedServer.held`
  is set when such a request arrives (a client provably waiting on the server, e.g. a command in flight).
- ``/huge?mb=N``: N megabytes of XML streamed chunk by chunk, generated, not stored;
  ``&length=1`` also declares the Content-Length.
- ``/bench/N``: a small RSS feed per N with a fixed ETag (for the benchmark); after
  ``/control/bench-change?every=K`` every K-th feed has a new entry and a new ETag.

Every request is counted in :attr:`FeedServer.hits` with its conditional headers, and its
``Host`` header in :attr:`FeedServer.hosts`. ``FeedServer(host="127.0.0.2")`` listens on another
loopback address (a second, "internal" server for the address-guard tests).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
LAST_MODIFIED = "Mon, 30 Nov 2026 00:00:00 GMT"

_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".opml": "text/x-opml",
}


@dataclass
class Doc:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


def bench_feed(n: int, *, changed: bool = False) -> bytes:
    """A small RSS 2.0 feed; ``changed`` adds one new entry on top."""
    items = "".join(
        f"<item><guid>bench-{n}-{i}</guid><title>Item {i} of feed {n}</title>"
        f"<link>http://example.invalid/{n}/{i}</link><description>Body {i}</description></item>"
        for i in range(10)
    )
    if changed:
        items = (
            f"<item><guid>bench-{n}-new</guid><title>Shelling reported near village {n}</title>"
            f"<link>http://example.invalid/{n}/new</link><description>Artillery shelling hit the outskirts"
            f" of village {n} this morning, residents said.</description></item>" + items
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench {n}</title>'
        f"<link>http://example.invalid/{n}</link>{items}</channel></rss>"
    ).encode()


class FeedServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``url(path)`` builds absolute URLs."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.docs: dict[str, Doc] = {}
        self.hits: Counter[str] = Counter()
        self.hosts: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.slow_seconds = 30.0
        self.bench_changed: set[int] = set()
        self.huge_bytes_sent = 0
        self.held = threading.Event()  # a request to /held/... has arrived
        self.released = threading.Event()  # ... and may now be answered
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._ready = threading.Event()

    # -- fixtures ---------------------------------------------------------------
    def put(self, name: str, body: bytes | str, content_type: str | None = None, **headers: str) -> str:
        """Serve ``body`` at ``/f/name``; returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        ctype = content_type or _TYPES.get(Path(name).suffix, "application/xml")
        self.docs[name] = Doc(data, ctype, dict(headers))
        return self.url(f"/f/{name}")

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _doc(self, name: str) -> Doc | None:
        if name in self.docs:
            return self.docs[name]
        path = DATA / name
        if path.is_file() and DATA in path.resolve().parents:
            return Doc(path.read_bytes(), _TYPES.get(path.suffix, "application/xml"))
        return None

    # -- handlers ----------------------------------------------------------------
    def _count(self, request: web.Request) -> None:
        self.hits[request.path] += 1
        self.hosts[request.headers.get("Host", "")] += 1
        self.user_agents.add(request.headers.get("User-Agent", ""))
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            self.conditional[request.path] += 1

    @staticmethod
    def _conditional(request: web.Request, etag: str, body: bytes, ctype: str, **extra: str) -> web.Response:
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, **extra}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        if "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers={**headers, "Content-Type": ctype})

    async def _fixture(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        doc = self._doc(request.match_info["name"])
        if doc is None:
            raise web.HTTPNotFound()
        return self._conditional(request, doc.etag, doc.body, doc.content_type, **doc.headers)

    async def _status(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        return web.Response(status=int(request.match_info["code"]), text="status page")

    async def _redirect(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        code = int(request.match_info["code"])
        return web.Response(status=code, headers={"Location": request.query.get("to", request.path_qs)})

    async def _slow(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        await asyncio.sleep(self.slow_seconds)
        return web.Response(text="too late")

    async def _held(self, request: web.Request) -> web.StreamResponse:
        self.held.set()
        while not self.released.is_set():
            await asyncio.sleep(0.01)
        return await self._fixture(request)

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        mb = int(request.query.get("mb", "100"))
        total = mb * 1024 * 1024
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        if request.query.get("length"):
            response.content_length = total
        await response.prepare(request)
        head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title><description>'
        chunk = b"A" * 65536
        sent = 0
        try:
            await response.write(head)
            sent += len(head)
            while sent < total:
                piece = chunk[: total - sent]
                await response.write(piece)
                sent += len(piece)
                self.huge_bytes_sent = sent
        except (ConnectionResetError, ConnectionError):
            return response
        await response.write_eof()
        return response

    async def _bench_change(self, request: web.Request) -> web.StreamResponse:
        every = int(request.query.get("every", "20"))
        count = int(request.query.get("count", "1000"))
        self.bench_changed = set(range(0, count, every))
        return web.Response(text=str(len(self.bench_changed)))

    async def _bench(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        n = int(request.match_info["n"])
        body = bench_feed(n, changed=n in self.bench_changed)
        etag = f'"b{n}-{int(n in self.bench_changed)}"'
        return self._conditional(request, etag, body, "application/rss+xml")

    # -- lifecycle -----------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/f/{name}", self._fixture)
        app.router.add_get("/status/{code}", self._status)
        app.router.add_get("/redirect/{code}", self._redirect)
        app.router.add_get("/slow", self._slow)
        app.router.add_get("/held/{name}", self._held)
        app.router.add_get("/huge", self._huge)
        app.router.add_get("/bench/{n}", self._bench)
        app.router.add_get("/control/bench-change", self._bench_change)
        return app

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._runner = web.AppRunner(self._app(), access_log=None, handle_signals=False, shutdown_timeout=0.5)
        loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(self._runner.cleanup())
        pending = asyncio.all_tasks(loop)  # e.g. /slow handlers still sleeping
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    def start(self, port: int = 0) -> FeedServer:
        self.port = port
        self._thread = threading.Thread(target=self._serve, name="feed-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("feed server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)


if __name__ == "__main__":  # python -m tests.servers.feed_server [PORT]: serve until killed
    import sys

    server = FeedServer().start(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(server.url("/"), flush=True)
    threading.Event().wait()

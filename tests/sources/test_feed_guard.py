"""The connect-time address guard against DNS rebinding, redirects into private networks, and TLS.

A fake resolver (``socket.getaddrinfo`` monkeypatched) plays a rebinding DNS server: made-up names
answer with a public address for the pre-check and with a loopback address afterwards. The local feed
servers listen on 127.0.0.1 (and 127.0.0.2 for an "internal" one), so a request that gets through shows
up in their hit counters.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.pipeline import Pipeline
from bot.sources.feeds import safety
from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.fetch import DEFAULT_LIMITS, Fetcher
from bot.sources.feeds.guard import guarded_transport
from bot.sources.feeds.poller import FeedPoller
from storage import Store
from storage.front import AsyncStore
from tests.servers.feed_server import FeedServer

PUBLIC = "93.184.215.14"  # globally routable; the fake resolver hands it out but nothing ever connects to it
REAL_GETADDRINFO = socket.getaddrinfo
RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>1</guid><title>x</title></item>'
RSS += "</channel></rss>"


class RebindingDNS:
    """Answers made-up names from a script of answers, one per lookup (the last one repeats)."""

    def __init__(self) -> None:
        self.script: dict[str, list[list[str]]] = {}
        self.lookups: Counter[str] = Counter()

    def add(self, name: str, *answers: list[str]) -> None:
        self.script[name] = list(answers)

    def __call__(self, host: str | bytes, port: int | str | None, *args: int, **kwargs: int) -> list[tuple]:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.script:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        answers = self.script[name]
        answer = answers[min(self.lookups[name], len(answers) - 1)]
        self.lookups[name] += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0))) for address in answer]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> RebindingDNS:
    fake = RebindingDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.1 and 127.0.0.3 stand in for public hosts; every other address keeps the real policy."""
    real = safety.is_public_address
    monkeypatch.setattr(safety, "is_public_address", lambda a: a in {"127.0.0.1", "127.0.0.3"} or real(a))


@pytest.fixture
def inside() -> Iterator[FeedServer]:
    """An "internal" server on another loopback address, one per test: it must never see a request."""
    server = FeedServer(host="127.0.0.2").start()
    yield server
    server.stop()


def rebound(server: FeedServer, name: str, path: str) -> str:
    return f"http://{name}:{server.port}{path}"


async def test_rebinding_name_refused_at_connect_time(dns: RebindingDNS, feed_server: FeedServer) -> None:
    path = "/f/" + feed_server.put("guard-rebind.xml", RSS).rsplit("/", 1)[1]
    dns.add("rebind.test", [PUBLIC], ["127.0.0.1"])
    async with Fetcher(timeout=2.0) as fetcher:
        with pytest.raises(FeedError) as info:
            await fetcher.fetch(rebound(feed_server, "rebind.test", path))
    assert str(info.value) == (
        "refused: rebind.test resolves to a non-public address (127.0.0.1) at connect time; "
        "set MARSAD_FEEDS_ALLOW_PRIVATE=true to allow it"
    )
    assert dns.lookups["rebind.test"] == 2  # the pre-check passed; the connection's own lookup was refused
    assert feed_server.hits[path] == 0


async def test_without_the_guard_the_same_rebinding_reaches_the_server(
    dns: RebindingDNS, feed_server: FeedServer
) -> None:
    """The simulation is a real attack: a plain httpx client (pre-check only) is fooled by it."""
    path = "/f/" + feed_server.put("guard-unguarded.xml", RSS).rsplit("/", 1)[1]
    dns.add("rebind-plain.test", [PUBLIC], ["127.0.0.1"])
    async with Fetcher(client=httpx.AsyncClient(timeout=2.0)) as fetcher:
        result = await fetcher.fetch(rebound(feed_server, "rebind-plain.test", path))
    assert result.status == 200 and feed_server.hits[path] == 1


async def test_mixed_answer_at_connect_time_refused(dns: RebindingDNS, feed_server: FeedServer) -> None:
    path = "/f/" + feed_server.put("guard-mixed.xml", RSS).rsplit("/", 1)[1]
    dns.add("mixed.test", [PUBLIC], [PUBLIC, "169.254.169.254", "127.0.0.1"])
    async with Fetcher(timeout=2.0) as fetcher:
        with pytest.raises(FeedError, match=r"non-public address \(169\.254\.169\.254, 127\.0\.0\.1\) at connect"):
            await fetcher.fetch(rebound(feed_server, "mixed.test", path))
    assert feed_server.hits[path] == 0


async def test_poller_records_the_refusal_as_the_feeds_error(
    tmp_path: Path, dns: RebindingDNS, feed_server: FeedServer
) -> None:
    path = "/f/" + feed_server.put("guard-poller.xml", RSS).rsplit("/", 1)[1]
    dns.add("rebind-poll.test", [PUBLIC], ["127.0.0.1"])
    url = rebound(feed_server, "rebind-poll.test", path)
    store = Store.open(tmp_path / "marsad.db")
    try:
        async with Fetcher(timeout=2.0) as fetcher:
            poller = FeedPoller(AsyncStore.over(store).feeds, Pipeline(store), fetcher=fetcher, default_interval=60)
            store.feeds.add(url, next_poll=datetime.now(UTC))
            summary = await poller.run_once(now=datetime.now(UTC) + timedelta(seconds=1))
        (outcome,) = summary.outcomes
        error = "refused: rebind-poll.test resolves to a non-public address (127.0.0.1) at connect time"
        assert outcome.status == "failed" and outcome.error is not None and outcome.error.startswith(error)
        feed = store.feeds.get(url)
        assert feed is not None and (feed.failures, feed.last_error, feed.active) == (1, outcome.error, True)
        assert store.reports.latest(limit=10) == []
    finally:
        store.close()
    assert feed_server.hits[path] == 0


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("http://127.0.0.2:{port}/f/{name}", r"^refused: 127\.0\.0\.2 resolves to a non-public address"),
        ("http://inside.test:{port}/f/{name}", r"^refused: inside\.test resolves to .*\(127\.0\.0\.2\) at connect"),
        ("http://169.254.169.254/latest/meta-data/", r"^refused: 169\.254\.169\.254 resolves to a non-public"),
    ],
    ids=["literal", "rebinding", "metadata"],
)
@pytest.mark.usefixtures("loopback_is_public")
async def test_redirect_from_an_allowed_host_into_private_refused(
    dns: RebindingDNS, feed_server: FeedServer, inside: FeedServer, target: str, error: str
) -> None:
    name = inside.put("secret.xml", RSS).rsplit("/", 1)[1]
    dns.add("inside.test", [PUBLIC], ["127.0.0.2"])
    location = target.format(port=inside.port, name=name)
    start = feed_server.url(f"/redirect/302?to={location}")
    before = feed_server.hits["/redirect/302"]
    async with Fetcher(timeout=2.0) as fetcher:
        with pytest.raises(FeedError, match=error):
            await fetcher.fetch(start)
    assert feed_server.hits["/redirect/302"] == before + 1  # the allowed host was fetched
    assert inside.hits.total() == 0


@pytest.mark.usefixtures("loopback_is_public")
async def test_allowed_name_connects_to_the_checked_address_and_keeps_its_host(
    dns: RebindingDNS, feed_server: FeedServer
) -> None:
    path = "/f/" + feed_server.put("guard-allowed.xml", RSS).rsplit("/", 1)[1]
    dns.add("feeds.test", ["127.0.0.3", "127.0.0.1"])  # nothing listens on .3: the next checked address is tried
    async with Fetcher(timeout=2.0) as fetcher:
        result = await fetcher.fetch(rebound(feed_server, "feeds.test", path))
    assert (result.status, result.body) == (200, RSS.encode())
    assert feed_server.hits[path] == 1 and feed_server.hosts[f"feeds.test:{feed_server.port}"] == 1
    assert dns.lookups["feeds.test"] == 2  # once for the pre-check, once for the connection


async def test_allow_private_still_reaches_loopback_names(dns: RebindingDNS, feed_server: FeedServer) -> None:
    path = "/f/" + feed_server.put("guard-private.xml", RSS).rsplit("/", 1)[1]
    dns.add("intranet.test", ["127.0.0.1"])
    async with Fetcher(allow_private=True, timeout=2.0) as fetcher:
        result = await fetcher.fetch(rebound(feed_server, "intranet.test", path))
    assert result.status == 200 and feed_server.hits[path] == 1


def _certificate(name: str) -> tuple[bytes, bytes]:
    """A self-signed certificate and key (PEM) for ``name``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
async def tls_server(tmp_path: Path) -> AsyncIterator[tuple[int, bytes, list[str | None], list[bytes]]]:
    """An HTTPS server on 127.0.0.1 with a certificate for ``feeds.test``; records SNI names and requests."""
    pytest.importorskip("cryptography")
    cert, key = _certificate("feeds.test")
    (tmp_path / "cert.pem").write_bytes(cert)
    (tmp_path / "key.pem").write_bytes(key)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    names: list[str | None] = []
    requests: list[bytes] = []
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 4\r\nConnection: close\r\n\r\n<x/>"
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield port, cert, names, requests


@pytest.mark.usefixtures("loopback_is_public")
async def test_tls_uses_the_name_for_sni_and_the_certificate(
    dns: RebindingDNS, tls_server: tuple[int, bytes, list[str | None], list[bytes]]
) -> None:
    """The guard connects to the checked IP, yet TLS still names the host: SNI and verification use ``feeds.test``."""
    port, cert, names, requests = tls_server
    dns.add("feeds.test", ["127.0.0.1"])
    trust = ssl.create_default_context(cadata=cert.decode())
    transport = guarded_transport(limits=DEFAULT_LIMITS, verify=trust)
    async with httpx.AsyncClient(transport=transport, timeout=5.0) as client:
        response = await client.get(f"https://feeds.test:{port}/feed")
    assert (response.status_code, response.content) == (200, b"<x/>")
    assert names == ["feeds.test"]
    assert f"\r\nhost: feeds.test:{port}\r\n".encode() in requests[0].lower()
    assert dns.lookups["feeds.test"] == 1  # no pre-check here: the transport's own lookup

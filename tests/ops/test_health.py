"""/healthz: 200 only while every loop makes its passes; a stuck delivery loop turns it 503, recovery turns it back."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.delivery.sender import Sender
from bot.health import HealthServer, Heartbeats, HttpError
from bot.pipeline import Pipeline
from storage import Store
from tests.ops.conftest import GatedTransport, report, wait_until


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pushed_heartbeats_go_stale_after_their_interval() -> None:
    clock = FakeClock()
    beats = Heartbeats(clock)
    beats.expect("feeds", 10)
    assert beats.status() == {"feeds": {"age": None, "interval": 10, "ok": True}}  # just registered: still in time
    clock.now += 11
    assert beats.stale() == ["feeds"]  # never polled within its interval
    beats.beat("feeds")
    clock.now += 4
    assert beats.status() == {"feeds": {"age": 4.0, "interval": 10, "ok": True}}
    clock.now += 7
    assert beats.status() == {"feeds": {"age": 11.0, "interval": 10, "ok": False}}


def test_watched_heartbeats_read_the_component_and_a_broken_probe_reads_as_never() -> None:
    clock = FakeClock()
    beats = Heartbeats(clock)
    last = {"inbox": 995.0}
    beats.watch("inbox", 30, lambda: last["inbox"])
    beats.watch("broken", 30, lambda: 1 / 0)
    clock.now += 40
    assert beats.stale() == ["broken", "inbox"]
    last["inbox"] = clock.now - 1
    assert beats.stale() == ["broken"]
    assert beats.status()["inbox"] == {"age": 1.0, "interval": 30, "ok": True}


async def test_endpoint_answers_json_and_404_and_survives_garbage() -> None:
    beats = Heartbeats()
    beats.expect("inbox", 60)
    beats.beat("inbox")
    server = HealthServer(beats, "127.0.0.1", 0)
    stop = asyncio.Event()
    task = asyncio.create_task(server.run(stop))
    await wait_until(lambda: server._server is not None)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"\x00\x01garbage\r\n\r\n")
        await writer.drain()
        await reader.read()  # the server closes it
        writer.close()
        async with httpx.AsyncClient(base_url=server.url) as client:
            ok = await client.get("/healthz")
            missing = await client.get("/nothing")
        assert ok.status_code == 200
        assert ok.headers["content-type"] == "application/json"
        assert ok.json()["status"] == "ok" and ok.json()["stale"] == []
        assert missing.status_code == 404
    finally:
        stop.set()
        await task


async def test_a_port_in_use_stops_start_up_with_one_line() -> None:
    first = HealthServer(Heartbeats(), "127.0.0.1", 0)
    await first.start()
    try:
        second = HealthServer(Heartbeats(), "127.0.0.1", first.port)
        with pytest.raises(HttpError, match=r"^MARSAD_HTTP: cannot listen on 127\.0\.0\.1:\d+"):
            await second.start()
    finally:
        await first.close()


async def test_stalled_delivery_loop_turns_503_and_recovery_turns_200(store: Store) -> None:
    Pipeline(store).ingest(report(1))
    transport = GatedTransport(open_=False)  # the network hangs
    sender = Sender(store, {"console": transport})
    beats = Heartbeats()
    beats.watch("sender", 1.0, lambda: sender.heartbeat)
    server = HealthServer(beats, "127.0.0.1", 0)
    await server.start()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(server.run(stop)), asyncio.create_task(sender.run(stop, idle=0.05))]
    try:
        async with httpx.AsyncClient(base_url=server.url) as client:

            async def status() -> httpx.Response:
                return await client.get("/healthz")

            await asyncio.wait_for(transport.entered.wait(), 15)
            stalled = await wait_until(lambda: _when(status(), 503))
            assert stalled.json()["status"] == "stale"
            assert stalled.json()["stale"] == ["sender"]
            assert stalled.json()["components"]["sender"]["age"] >= 1.0

            transport.gate.set()  # the network comes back
            recovered = await wait_until(lambda: _when(status(), 200))
            assert recovered.json() == {
                "status": "ok",
                "stale": [],
                "components": {"sender": recovered.json()["components"]["sender"]},
            }
            assert recovered.json()["components"]["sender"]["ok"] is True
        assert len(transport.sent) == 1  # the alert that was stuck went out
        assert store.outbox.depth() == 0
    finally:
        stop.set()
        await asyncio.gather(*tasks)


async def _when(response, code: int) -> httpx.Response | None:
    answer = await response
    return answer if answer.status_code == code else None

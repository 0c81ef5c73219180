"""/metrics: Prometheus text that the client's own parser reads, and counters that move when a report flows."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.delivery.sender import Sender
from bot.errors import RateLimited
from bot.health import HealthServer, Heartbeats
from bot.models import Chat, Reply
from bot.pipeline import Pipeline
from bot.sources.inbox import Inbox
from storage import Store
from tests.ops.conftest import GatedTransport, report


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, keyed by name and sorted labels."""
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


async def scrape(server: HealthServer) -> dict:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


def value(scraped: dict, name: str, **labels: str) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_counters_move_when_a_report_flows_from_inbox_to_chat(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    inbox = Inbox(folder, Pipeline(store), settle=0)
    inbox.prepare()
    transport = GatedTransport()
    sender = Sender(store, {"console": transport})
    metrics.track_outbox_depth(store.outbox.depth)
    server = HealthServer(Heartbeats(), "127.0.0.1", 0)
    await server.start()
    try:
        before = await scrape(server)
        raw = report(7)
        (folder / "report.txt").write_text(f"{raw.title}\n\n{raw.text}\n", encoding="utf-8")
        (folder / "broken.json").write_text("{not json", encoding="utf-8")
        outcomes = inbox.scan_once()
        assert sorted(o.error is None for o in outcomes) == [False, True]
        queued = await scrape(server)
        assert await sender.run_once() == 1
        after = await scrape(server)
    finally:
        await server.close()

    stored = ("marsad_reports_ingested_total", {"source": "inbox", "outcome": "stored"})
    failed = ("marsad_reports_ingested_total", {"source": "inbox", "outcome": "failed"})
    sent = ("marsad_alerts_sent_total", {"transport": "console", "outcome": "sent"})
    assert value(queued, stored[0], **stored[1]) - value(before, stored[0], **stored[1]) == 1
    assert value(queued, failed[0], **failed[1]) - value(before, failed[0], **failed[1]) == 1
    assert value(queued, "marsad_outbox_depth") == 1  # the alert waits in the outbox
    assert value(after, "marsad_outbox_depth") == 0
    assert value(after, sent[0], **sent[1]) - value(before, sent[0], **sent[1]) == 1
    analysis = "marsad_analysis_duration_seconds_count"
    assert value(after, analysis) > value(before, analysis)
    poll = ("marsad_poll_duration_seconds_count", {"source": "inbox"})
    assert value(after, poll[0], **poll[1]) > value(before, poll[0], **poll[1])
    assert len(transport.sent) == 1


async def test_a_duplicate_and_a_flood_wait_are_counted(store: Store) -> None:
    class FloodedTransport(GatedTransport):
        async def send(self, chat: Chat, reply: Reply) -> str | None:
            raise RateLimited(3.5)

    pipeline = Pipeline(store)
    before = samples(metrics.render().decode())
    pipeline.ingest(report(9))
    pipeline.ingest(report(9))  # the same content again
    await Sender(store, {"console": FloodedTransport()}).run_once()
    after = samples(metrics.render().decode())

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("marsad_reports_ingested_total", source="inbox", outcome="duplicate") == 1
    assert delta("marsad_reports_ingested_total", source="inbox", outcome="stored") == 1
    assert delta("marsad_alerts_sent_total", transport="console", outcome="rate_limited") == 1
    assert delta("marsad_flood_wait_seconds_total", transport="console") == 3.5


def test_every_metric_named_in_the_issue_is_exported() -> None:
    names = {family.name for family in text_string_to_metric_families(metrics.render().decode())}
    assert {
        "marsad_reports_ingested",
        "marsad_alerts_sent",
        "marsad_outbox_depth",
        "marsad_flood_wait_seconds",
        "marsad_feed_errors",
        "marsad_poll_duration_seconds",
        "marsad_analysis_duration_seconds",
    } <= names


def test_every_exported_metric_is_named_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for family in metrics.REGISTRY.collect():
        suffix = "_total" if family.type == "counter" else ""
        assert f"`{family.name}{suffix}" in readme, f"{family.name}{suffix} is not in the README's metrics list"

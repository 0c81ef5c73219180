"""Scale: a large newsroom's database (N reports over a year, M subscribed chats), then the hot paths timed.

    python bench/bench_scale.py --reports 100000 --chats 10000 --data-dir /tmp/scale [--json]

Texts: real articles (../shared/data/antcorpus/, FA-KES, EASC). Analysing a million texts would take
hours, so a few thousand distinct articles are analysed once (``--bases``) and every stored report is one
of them made distinct (its own line of dateline and number, so its own content hash, its own MinHash
signature with about half the values redrawn, its own time). Reports go in through ``store.reports.add_many``
(bulk inserts, the same rows and index rows a single ``add`` writes); incidents, signatures and one sent
alert per report are written in bulk beside them. Chats and subscriptions go through
``store.chats.ensure`` and ``store.subscriptions.add`` (types, governorates, towns, keywords, excluded
words, minimum tolls, all varied). The database is left in DIR as ``marsad.db``: ``MARSAD_DATA_DIR=DIR
marsad search ادلب`` works on it. An existing database in DIR is reused (``--rebuild`` to start again),
so the timings can be taken again after a change without rebuilding.

Then, on that file: search (30 queries, common words included) through the store and as a chat
``/search`` (count and page), the raw FTS floor on the same file, ``/latest``, ingest of new articles
through the pipeline (analysis timed apart), matching and queueing one report's alerts (the rows past
the first 100 recorded, then expanded chunk by chunk as the sender would), and a toll update to 2,500
alerted chats (queueing, then delivery through the real sender to a network that answers at once, each
storage call timed).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bot.analysis import analyze
from bot.incidents import lead_event, signature
from bot.incidents.linking import place_key
from bot.incidents.severity import severity
from bot.incidents.similarity import band_keys
from bot.models import Analysis, RawReport
from bot.places.containment import region
from storage import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = next((p for p in (ROOT.parent / "shared" / "data", Path("/work/shared/data")) if p.exists()), None)
END = datetime(2026, 12, 1, tzinfo=UTC)  # the newest stored report; the year before it holds the rest
SPAN = timedelta(days=365)
BENCH_CHAT = "tg:999"  # the chat the timed commands are typed in
OUTLETS = ("sana", "enab", "smart", "syriahr", "alarabiya", "aljazeera", "reuters", "afp", "sohr", "orient")
TYPES = (
    "airstrike",
    "shelling",
    "bombing",
    "clashes",
    "attack_on_civilians",
    "displacement",
    "arrest",
    "ceasefire",
    "protest",
    "assassination",
)
GOVERNORATES = ("Idlib", "Aleppo", "Damascus", "Rif Dimashq", "Homs", "Hama", "Daraa", "Deir ez-Zor", "Raqqa")
KEYWORDS = ("هدنة", "الأسد", "مدنيين", "أطفال", "مستشفى", "مخيم", "النظام", "روسيا", "تركيا", "Russia", "civilians")
EXCLUDES = ("رياضة", "كرة", "مباراة", "فن", "football")
QUERIES = (
    "في",
    "من",
    "سوريا",
    "ادلب",
    "إدلب",
    "حلب",
    "دمشق",
    "غارة",
    "غارات جوية",
    "قصف",
    "معرة النعمان",
    "الأسد",
    "روسيا",
    "تركيا",
    "مجلس الأمن",
    "اللاجئين",
    "النفط",
    "كرة القدم",
    "الانتخابات",
    "ترامب",
    "Idlib",
    "Aleppo",
    "the",
    "Syria",
    "airstrike",
    "killed",
    "chemical attack",
    "Douma",
    "هدنة",
    "xyzzy",
)


def corpus() -> Iterator[tuple[str, str, str, str]]:
    """(id, source, title, text) of every real article: AntCorpus first, then FA-KES and EASC."""
    if DATA is None:
        sys.exit("bench_scale: ../shared/data not found")
    with gzip.open(DATA / "antcorpus" / "ant2018.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield row["id"], row["outlet"], row["title"], row["text"]
    for line in (DATA / "fakes" / "fakes.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        yield f"fakes-{row['unit_id']}", "fakes", row["article_title"], row["article_content"]
    for line in (DATA / "easc" / "easc.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        yield f"easc-{row['id']}", "easc", row["title"], row["article"]


Text = tuple[str, str, str]  # source, title, text


def pick_texts(bases: int, held: int, seed: int, skip: int = 0) -> tuple[list[Text], list[Text]]:
    """``bases`` articles to vary and ``held`` others (never stored) to ingest, all three corpora mixed."""
    rows = [r for r in corpus() if len(r[3]) > 200]
    rng = random.Random(seed)
    rng.shuffle(rows)
    # News about Syria first, so a good share of the reports carry events, places and tolls.
    syria = [r for r in rows if "سوري" in r[3] or "Syria" in r[3]]
    other = [r for r in rows if not ("سوري" in r[3] or "Syria" in r[3])]
    mixed = syria[: bases * 2 // 3] + other[: bases - min(len(syria), bases * 2 // 3)]
    rest = syria[bases * 2 // 3 :]
    chosen = rest[skip : skip + held]
    return [(s, t, x) for _, s, t, x in mixed[:bases]], [(s, t, x) for _, s, t, x in chosen]


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(values),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def make_chats(store: Store, count: int, towns: list[str], seed: int) -> None:
    """``count`` chats, each with one or two subscriptions of varied kinds, through the storage API."""
    rng = random.Random(seed)
    with store.transaction():
        for n in range(count):
            key = f"tg:{1_000_000 + n}"
            kind = rng.choice(("private", "private", "private", "group", "channel"))
            store.chats.ensure(key, kind=kind, language="en" if rng.random() < 0.3 else "ar")
            for _ in range(1 + (rng.random() < 0.25)):
                roll = rng.random()
                args: dict = {}
                if roll < 0.10:
                    pass  # everything
                elif roll < 0.40:
                    args["types"] = tuple(rng.sample(TYPES, rng.randint(1, 3)))
                elif roll < 0.70:
                    args["places"] = tuple(f"gov:{g}" for g in rng.sample(GOVERNORATES, rng.randint(1, 2)))
                    if rng.random() < 0.5:
                        args["types"] = tuple(rng.sample(TYPES, rng.randint(1, 2)))
                elif roll < 0.85 and towns:
                    args["places"] = (rng.choice(towns),)
                else:
                    args["keywords"] = (rng.choice(KEYWORDS),)
                    if rng.random() < 0.5:
                        args["exclude"] = (rng.choice(EXCLUDES),)
                if rng.random() < 0.08:
                    args["min_killed"] = rng.choice((1, 3, 5, 10))
                if rng.random() < 0.05:
                    args["with_casualties"] = True
                store.subscriptions.add(key, **args)


def variant_signatures(bases: list[bytes], first: int) -> list[bytes]:
    """Each base signature with about half its values redrawn: distinct, yet as costly to compare.
    Drawn a batch at a time (``first``: the batch's first report, so each batch has its own draw)."""
    rng = np.random.default_rng(first)
    values = np.stack([np.frombuffer(b, dtype="<u4") for b in bases])
    redraw = rng.random(values.shape) < 0.5
    values[redraw] = rng.integers(0, 2**32 - 1, int(redraw.sum()), dtype=np.uint32)
    return [row.astype("<u4").tobytes() for row in values]


BATCH = 20_000  # reports per transaction of the build
BUILD_CACHE_MB = 1536  # the build's page cache: the band keys and outbox indexes of 1M reports stay in memory


def build(store: Store, reports: int, bases: list[tuple[str, str, str]], chats: int, seed: int, log) -> None:
    """Fill an empty store: chats and subscriptions, then ``reports`` reports in time order, in batches.

    Reports go in through ``store.reports.add_many`` (one transaction per batch); the rows beside them
    (incidents, signatures, LSH band keys, one sent alert each) with one prepared statement per table and
    batch, each sorted by its index's key so every index page is written once per batch.
    """
    started = time.perf_counter()
    analysed: list[tuple[str, str, str, Analysis, bytes]] = []
    for source, title, text in bases:
        analysis = analyze(text, title=title)
        analysed.append((source, title, text, analysis, signature(f"{title}\n{text}")))
    towns = sorted(
        {
            f"pcode:{e.location.pcode}|{e.location.name}"
            for *_, a, _ in analysed
            for e in a.events
            if e.location and e.location.pcode and e.location.level == "community"
        }
    )
    log(f"analysed {len(analysed)} base texts in {time.perf_counter() - started:.1f} s ({len(towns)} towns seen)")
    started = time.perf_counter()
    make_chats(store, chats, towns, seed)
    chat_keys = [f"tg:{1_000_000 + n}" for n in range(chats)]
    log(f"{chats} chats with subscriptions in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rng = random.Random(seed)
    step = SPAN / max(reports, 1)
    incident_rows = {}  # lead event of each base text -> the incident columns it gives (computed once)
    with store.conn.bulk(BUILD_CACHE_MB):
        for first in range(0, reports, BATCH):
            items = []
            meta = []
            for n in range(first, min(reports, first + BATCH)):
                source, title, text, analysis, _ = analysed[n % len(analysed)]
                at = END - SPAN + step * n
                outlet = OUTLETS[n % len(OUTLETS)] if source not in ("fakes", "easc") else source
                raw = RawReport(
                    text=f"{text}\n\n{outlet} — {at:%Y-%m-%d %H:%M} — {n}",
                    title=title,
                    source=outlet,
                    url=f"https://example.org/{outlet}/{n}",
                    published=at,
                    origin=f"bench-{n}",
                )
                items.append((raw, analysis, at))
                meta.append((at, n % len(analysed), n))
            ids = store.reports.add_many(items)
            variants = variant_signatures([analysed[b][4] for _, b, _ in meta], first)
            signatures, deliveries, links, bands, incidents = [], [], [], [], []
            with store.transaction() as db:
                incident = next(db.query("SELECT coalesce(max(id), 0) AS n FROM incidents"))["n"]
                for report_id, (at, base, n), variant in zip(ids, meta, variants, strict=True):
                    joins = n > first and n % 5 == 0  # every fifth report: another outlet, same incident
                    if not joins:
                        if base not in incident_rows:
                            event = lead_event(analysed[base][3].events)
                            counts = [getattr(event, k) if event else None for k in ("killed", "injured")]
                            incident_rows[base] = (
                                event.type if event else None,
                                place_key(event.location) if event else None,
                                json.dumps(
                                    event.location.to_json() | {"level": event.location.level}, ensure_ascii=False
                                )
                                if event and event.location
                                else None,
                                *counts,
                                severity(event.type, killed=counts[0], injured=counts[1]) if event else 0.0,
                                region(event.location) if event else None,
                            )
                        kind, key, place, killed, injured, weight, where = incident_rows[base]
                        incident += 1
                        incidents.append(
                            (
                                incident,
                                kind,
                                key,
                                place,
                                at.isoformat(),
                                at.isoformat(),
                                killed,
                                injured,
                                weight,
                                report_id,
                                where,
                            )
                        )
                    links.append((incident, report_id))
                    bands.extend((key, report_id) for key in band_keys(variant))
                    # event NULL: the report's own lead event, read from the report (storage/incidents.py)
                    signatures.append((report_id, at.isoformat(), variant, None))
                    sent = (at + timedelta(seconds=30)).isoformat()
                    deliveries.append((rng.choice(chat_keys), report_id, sent, sent))
                db.conn.executemany(
                    "INSERT INTO incidents (id, type, place_key, place, first_at, last_at, killed, injured, severity,"
                    " lead_report, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    incidents,
                )
                db.conn.executemany("UPDATE reports SET incident = ? WHERE id = ?", links)
                db.conn.executemany(
                    "INSERT INTO report_signatures (report_id, at, signature, event) VALUES (?, ?, ?, ?)", signatures
                )
                bands.sort()
                db.conn.executemany("INSERT OR IGNORE INTO report_bands (key, report_id) VALUES (?, ?)", bands)
                if chat_keys:
                    deliveries.sort()
                    db.conn.executemany(
                        "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, created, sent_at, message_ref)"
                        " VALUES (?, ?, 'alert', 'sent', ?, ?, '1')",
                        deliveries,
                    )
            done = first + len(items)
            if done % 50_000 == 0 or done == reports or done < 50_000:
                rate = done / (time.perf_counter() - started)
                log(f"{datetime.now(UTC):%H:%M:%S} {done} reports stored ({rate:.0f}/s)")
    log("ANALYZE, and the search index merged into one segment ...")
    store.conn.db.execute("ANALYZE")
    # One FTS5 segment per batch is left by the build; a running bot's automerge would fold them over time.
    # Merged at once (9.5 s at 1M reports): what the 1M numbers in BENCHMARKS.md were measured on.
    store.conn.db.execute("INSERT INTO reports_fts (reports_fts) VALUES ('optimize')")
    log(f"reports stored in {time.perf_counter() - started:.1f} s")


def search_bench(store: Store, data_dir: Path) -> dict[str, dict[str, float]]:
    from handlers import Context, dispatch
    from storage.search import fts_query

    page, raw, chat = [], [], []
    for query in QUERIES:
        page.append(timed(lambda q=query: store.search(q, limit=5)))
        expression = fts_query(query)
        with store.conn.reading() as db:
            raw.append(
                timed(
                    lambda e=expression: list(
                        db.execute(
                            "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid DESC LIMIT 10", [e]
                        )
                    )
                )
            )
        ctx = Context(store=store, chat=BENCH_CHAT, user="bench", command="search", args=query)
        chat.append(timed(lambda c=ctx: asyncio.run(dispatch(c))))
    return {"search_store": stats(page), "search_raw_floor": stats(raw), "search_chat": stats(chat)}


def latest_bench(store: Store) -> dict[str, dict[str, float]]:
    from handlers import Context, dispatch

    store_ms = [timed(lambda: store.reports.latest(5)) for _ in range(30)]
    chat = []
    for args in ("", "10", "غارة", "ادلب", "airstrike Idlib") * 6:
        ctx = Context(store=store, chat=BENCH_CHAT, user="bench", command="latest", args=args)
        chat.append(timed(lambda c=ctx: asyncio.run(dispatch(c))))
    return {"latest_store": stats(store_ms), "latest_chat": stats(chat)}


def ingest_bench(store: Store, held: list[tuple[str, str, str]]) -> dict[str, object]:
    from bot.pipeline import Pipeline

    spent: list[float] = []

    def analyzer(*args, **kwargs):
        started = time.perf_counter()
        try:
            return analyze(*args, **kwargs)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    pipeline = Pipeline(store, analyzer=analyzer)
    pipeline.matcher()  # compiled beforehand, as in a running bot (queue_bench times the compiling)
    totals, stored, alerts = [], [], []
    run = time.time_ns()  # a second run on the same file ingests new content, not known hashes
    for n, (source, title, text) in enumerate(held):
        raw = RawReport(
            text=f"{text}\n\n({run})",
            title=title,
            source=source,
            published=END - timedelta(hours=n),
            origin=f"bench-new-{n}",
        )
        before = len(spent)
        total = timed(lambda r=raw: alerts.append(pipeline.ingest(r).alerts))
        totals.append(total)
        stored.append(total - (spent[before] if len(spent) > before else 0.0))
    return {
        "ingest_total": stats(totals),
        "ingest_without_analysis": stats(stored),
        "alerts_per_ingest": stats([float(a) for a in alerts]),
    }


def queue_bench(store: Store) -> dict[str, object]:
    """Matching and queueing the alerts of one widely wanted report (an airstrike in Idlib with a toll).

    Queueing is what the report's transaction does (storage/fanout.py): the first 100 alerts as outbox
    rows and the rest in one record; the sender then turns the record into rows 500 at a time as it
    claims them (``expand``), timed here chunk by chunk for one report.
    """
    from bot.models import Event, Place
    from bot.pipeline import Pipeline

    event = Event(
        type="airstrike",
        location=Place("Idlib", "إدلب", "Idlib", "SY07", level="governorate"),
        killed=5,
        injured=8,
    )
    text = "قتل خمسة مدنيين وأصيب ثمانية في غارة جوية على مدينة إدلب، وقالت مصادر إن روسيا نفذت الغارة على مستشفى."
    analysis = Analysis(language="ar", title="غارة على إدلب", summary=text, events=(event,))
    pipeline = Pipeline(store)
    compile_ms = timed(pipeline.matcher)  # once per change of the subscriptions
    match_ms, queue_ms, matched, report_ids = [], [], 0, []
    for n in range(5):
        chats: list = []
        match_ms.append(timed(lambda c=chats: c.extend(pipeline.matcher().chats(analysis, text))))
        matched = len(chats)
        raw = RawReport(text=f"{text} ({n}, {time.time_ns()})", title="غارة على إدلب", source="bench", published=END)
        stored = store.reports.add(raw, analysis, received=END)
        report_ids.append(stored.id)

        def queue(c=chats, r=stored.id) -> None:
            with store.transaction():
                store.fanout.alerts(c, r)

        queue_ms.append(timed(queue))
    expand_ms: list[float] = []
    while True:
        started = time.perf_counter()
        if store.fanout.expand(report_ids[0]) is None:
            break
        expand_ms.append((time.perf_counter() - started) * 1000)
    return {
        "compile_subscriptions_ms": round(compile_ms, 1),
        "match_one_report": stats(match_ms),
        "queue_one_report": stats(queue_ms),
        "chats_matched": matched,
        "expand_chunk_of_500": stats(expand_ms) if expand_ms else None,
        "expand_all_ms": round(sum(expand_ms), 1),
    }


def behind_ingest_bench(store: Store) -> dict[str, object]:
    """/latest and /search typed while an ingest queues a widely wanted report: how long each waits."""
    import threading

    from bot.models import Event, Place
    from bot.pipeline import Pipeline
    from handlers import Context, dispatch

    event = Event("airstrike", Place("Idlib", "إدلب", "Idlib", "SY07", level="governorate"), killed=6, injured=9)
    text = f"غارة جوية على مدينة إدلب تقتل ستة مدنيين وتصيب تسعة، بحسب الدفاع المدني ({time.time_ns()})."
    fixed = Analysis(language="ar", title="غارة على إدلب", summary=text, events=(event,))
    pipeline = Pipeline(store, analyzer=lambda *a, **k: fixed)
    pipeline.matcher()  # compiled beforehand, as in a running bot
    result: list = []
    ingest = threading.Thread(
        target=lambda: result.append(
            timed(lambda: result.append(pipeline.ingest(RawReport(text=text, title="غارة", published=END))))
        )
    )
    waits = []
    ingest.start()
    while ingest.is_alive():
        for command, args in (("latest", ""), ("search", "ادلب")):
            ctx = Context(store=store, chat=BENCH_CHAT, user="bench", command=command, args=args)
            waits.append(timed(lambda c=ctx: asyncio.run(dispatch(c))))
    ingest.join()
    return {
        "ingest_fanout_ms": round(result[1], 1) if len(result) > 1 else None,
        "ingest_fanout_alerts": result[0].alerts if result else None,
        "commands_during_ingest": stats(waits) if waits else None,
    }


class BenchTransport:
    """A chat network that answers at once: what the sender itself costs, without a network."""

    name = "tg"
    global_rate = 0.0  # no pacing: the sender's own ceiling

    def __init__(self) -> None:
        self.sent = self.edited = 0

    def chat_interval(self, chat) -> float:
        return 0.0

    async def send(self, chat, reply) -> str:
        self.sent += 1
        return "1"

    async def edit(self, chat, message_ref, reply) -> None:
        self.edited += 1


def update_bench(store: Store, chats: int) -> dict[str, object]:
    """A toll rise on an incident 2,500 chats were alerted to: queueing the updates, then delivering them
    through the real sender (a network that answers at once), each storage call of the per-row work timed."""
    from bot.delivery.sender import Sender
    from bot.transports.telegram.transport import GLOBAL_RATE

    with store.conn.reading() as db:
        leads = list(  # the newest built report (not one the timings above added, whose alerts still wait)
            db.query(
                "SELECT id, incident FROM reports WHERE incident IS NOT NULL AND origin GLOB 'bench-[0-9]*'"
                " ORDER BY id DESC LIMIT 1"
            )
        )
    if not leads:
        return {}  # an empty database (--reports 0): nothing to update
    lead = leads[0]
    targets = [f"tg:{1_000_000 + n}" for n in range(min(2500, chats))]
    with store.transaction():
        for chat in targets:
            row = store.outbox.enqueue(chat, lead["id"])  # then sent (pending -> sent: message ref kept)
            if row is not None:
                store.outbox.mark_sent(row, "77")
    riser = store.reports.add(
        RawReport(text=f"toll rises {time.time()}", title="update", source="bench", published=END),
        Analysis(language="en", title="update", summary="update"),
        received=END,
    )
    # Only the update is to be sent: what earlier steps left waiting is set aside (failed, "bench").
    with store.transaction() as db:
        db.execute("DELETE FROM fanout")
        db.execute(
            "UPDATE deliveries SET state = 'failed', last_error = 'bench: set aside'"
            " WHERE state IN ('pending', 'claimed', 'held')"
        )
    alerted: dict = {}
    alerted_ms = timed(lambda: alerted.update(store.incidents.alerted(lead["incident"])))

    def queue() -> None:  # as the pipeline does: in the report's transaction (100 rows, the rest recorded)
        with store.transaction():
            store.fanout.updates(alerted, riser.id, lead["incident"])

    queue_ms = timed(queue)
    calls: dict[str, list[float]] = {}
    parts = {
        "claim_due (a batch of 100)": (store.outbox, "claim_due"),
        "outbox.begin": (store.outbox, "begin"),
        "outbox.mark_sent": (store.outbox, "mark_sent"),
        "outbox.get": (store.outbox, "get"),
        "chats.get": (store.chats, "get"),
        "incidents.get": (store.incidents, "get"),
        "reports.get": (store.reports, "get"),
        "also_reported_by": (store.incidents, "also_reported_by"),
    }
    originals = {}
    for label, (owner, name) in parts.items():
        real = getattr(owner, name)
        originals[(owner, name)] = real

        def wrapped(*args, _real=real, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                calls.setdefault(_label, []).append((time.perf_counter() - started) * 1000)

        setattr(owner, name, wrapped)
    transport = BenchTransport()
    sender = Sender(store, {"tg": transport}, concurrency=1)  # one row at a time: each call timed alone
    started = time.perf_counter()
    try:
        while asyncio.run(sender.run_once()):
            pass
    finally:
        for (owner, name), real in originals.items():
            setattr(owner, name, real)
    deliver_s = time.perf_counter() - started
    delivered = transport.sent + transport.edited
    return {
        "chats_alerted": len(alerted),
        "alerted_ms": round(alerted_ms, 2),
        "queue_updates_ms": round(queue_ms, 2),
        "updates_delivered": delivered,
        "edited": transport.edited,
        "deliver_s": round(deliver_s, 2),
        "sender_ceiling_per_s": round(delivered / deliver_s, 1) if deliver_s else None,
        "pacer_rate_per_s": GLOBAL_RATE,
        "per_call_ms": {label: stats(values) for label, values in calls.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--chats", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bases", type=int, default=3000, help="distinct articles analysed and varied")
    parser.add_argument("--held", type=int, default=20, help="new articles ingested through the pipeline")
    parser.add_argument(
        "--held-skip", type=int, default=0, help="skip that many new articles (a second run on the same file)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rebuild", action="store_true", help="delete an existing database in DIR first")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the database, measure nothing")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    path = args.data_dir / "marsad.db"
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    bases, held = pick_texts(args.bases, args.held, args.seed, args.held_skip)
    fresh = not path.exists()
    build_s = 0.0
    store = Store.open(path)
    try:
        if fresh:
            started = time.perf_counter()
            build(store, args.reports, bases, args.chats, args.seed, log)
            build_s = time.perf_counter() - started
        store.conn.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if args.build_only:
            log(f"built in {build_s:.0f} s")
            return 0
        reports = store.reports.count()
        with store.conn.reading() as db:
            pages = (
                next(db.query("PRAGMA page_count"))["page_count"]
                - next(db.query("PRAGMA freelist_count"))["freelist_count"]
            )
            size = pages * next(db.query("PRAGMA page_size"))["page_size"]  # used pages (free ones await VACUUM)
        result: dict[str, object] = {
            "reports": reports,
            "chats": args.chats,
            "build_s": round(build_s, 1),
            "db_bytes": size,
            "bytes_per_report": round(size / max(reports, 1)),
        }
        result |= search_bench(store, args.data_dir)
        result |= latest_bench(store)
        result |= ingest_bench(store, held)
        result |= queue_bench(store)
        result |= behind_ingest_bench(store)
        result |= update_bench(store, args.chats)
    finally:
        store.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:26} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One incident, one alert: copies and other outlets' reports add no alert; a higher toll sends one update."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.sender import Sender
from bot.models import Analysis, Event, RawReport
from bot.pipeline import Pipeline
from tests.delivery.recording import RecordingTransport
from tests.incidents.places import ARIHA, SARAQIB

T0 = datetime(2024, 3, 5, 7, 30, tzinfo=UTC)


class Analyses:
    """A stand-in analyzer: each test says what analysis a text gets (the real one is issue 3's)."""

    def __init__(self) -> None:
        self.by_text: dict[str, Analysis] = {}

    def add(self, text: str, *events: Event, language: str = "ar") -> str:
        self.by_text[text] = Analysis(language=language, title=text[:60], summary=text, events=events)
        return text

    def __call__(self, text: str, **_: object) -> Analysis:
        return self.by_text[text]


@pytest.fixture
def analyses():
    return Analyses()


def _report(text: str, source: str, minutes: int) -> RawReport:
    return RawReport(
        text=text, source=source, published=T0 + timedelta(minutes=minutes), url=f"https://{source}.example/1"
    )


async def _drain(sender: Sender) -> None:
    while await sender.run_once():
        pass


def _strike(place, killed, children=None) -> Event:
    return Event("airstrike", place, killed=killed, killed_children=children)


STORY = [
    # Three outlets, the same strike: a wire copy, its light rewrite, an English report.
    ("استشهد ثلاثة مدنيين بينهم طفلان جراء غارة جوية على مدينة أريحا بريف إدلب الجنوبي صباح اليوم الثلاثاء.",
     "outlet-a", 0, _strike(ARIHA, 3, 2), "ar"),
    ("استشهد ثلاثة مدنيين، بينهم طفلان، جراء غارة جوية استهدفت مدينة أريحا بريف إدلب الجنوبي صباح الثلاثاء.",
     "outlet-b", 25, _strike(ARIHA, 3, 2), "ar"),
    ("Three civilians, two of them children, were killed on Tuesday morning when a warplane struck the town of Ariha "
     "in southern Idlib, rescuers said.", "outlet-c", 70, _strike(ARIHA, 3, 2), "en"),
    # Later the toll rises.
    ("ارتفعت حصيلة ضحايا الغارة الجوية على مدينة أريحا جنوبي إدلب إلى سبعة قتلى بينهم ثلاثة أطفال، وفق الدفاع المدني.",
     "outlet-d", 300, _strike(ARIHA, 7, 3), "ar"),
]  # fmt: skip


def _ingest_story(store, analyses) -> list:
    pipeline = Pipeline(store, analyzer=analyses)
    results = []
    for text, source, minutes, event, language in STORY:
        analyses.add(text, event, language=language)
        results.append(pipeline.ingest(_report(text, source, minutes)))
    return results


@pytest.mark.parametrize("can_edit", [True, False])
async def test_three_outlets_and_a_higher_toll_make_one_alert_and_one_update(store, analyses, can_edit):
    for chat, args in (("tg:1", {}), ("tg:2", {"types": ("airstrike",), "places": ("gov:Idlib",)})):
        store.chats.ensure(chat, language="en")
        store.subscriptions.add(chat, **args)
    transport = RecordingTransport(can_edit=can_edit)
    sender = Sender(store, {"tg": transport})

    first, copy, other, rise = _ingest_story(store, analyses)
    await _drain(sender)

    assert [(r.alerts, r.updates) for r in (first, copy, other, rise)] == [(2, 0), (0, 0), (0, 0), (0, 2)]
    assert copy.duplicate_of == first.report_id
    assert other.duplicate_of is None and rise.duplicate_of is None
    assert {r.incident for r in (first, copy, other, rise)} == {first.incident}
    for chat in ("tg:1", "tg:2"):
        texts = transport.texts(chat)
        if can_edit:  # one message, edited: the alert now ends with the new toll and the other outlets
            assert len(texts) == 1
            assert texts[0].splitlines()[0] == "✈️ Airstrike — Ariha, Idlib"
            assert texts[0].splitlines()[1] == "Killed 7 (3 children)"  # the header counts the new toll
            assert texts[0].splitlines()[-2:] == [
                "⬆️ toll rises to 7 (3 children)",
                "Also reported by: outlet-b, outlet-c, outlet-d",
            ]
        else:  # the alert, then one short update
            assert len(texts) == 2
            assert (
                texts[1]
                == "✏️ Airstrike — Ariha, Idlib: toll rises to 7 (3 children)\nSource: outlet-d https://outlet-d.example/1"
            )
    assert len(transport.edits) == (2 if can_edit else 0)


async def test_the_same_template_on_two_towns_makes_two_alerts(store, analyses):
    store.chats.ensure("tg:1", language="en")
    store.subscriptions.add("tg:1")
    pipeline = Pipeline(store, analyzer=analyses)
    template = "غارة جوية على مدينة {} تقتل أربعة مدنيين بينهم طفل، بحسب الدفاع المدني."
    a = analyses.add(template.format("أريحا"), _strike(ARIHA, 4, 1))
    b = analyses.add(template.format("سراقب"), _strike(SARAQIB, 4, 1))
    one = pipeline.ingest(_report(a, "outlet-a", 0))
    two = pipeline.ingest(_report(b, "outlet-a", 10))
    transport = RecordingTransport()
    await _drain(Sender(store, {"tg": transport}))
    assert (one.alerts, two.alerts) == (1, 1)
    assert one.incident != two.incident and two.duplicate_of is None
    assert [t.splitlines()[0] for t in transport.texts("tg:1")] == [
        "✈️ Airstrike — Ariha, Idlib",
        "✈️ Airstrike — Saraqib, Idlib",
    ]


async def test_a_chat_whose_minimum_the_higher_toll_meets_gets_the_full_alert(store, analyses):
    store.chats.ensure("tg:5", language="en")
    store.subscriptions.add("tg:5", min_killed=5)
    _first, _copy, _other, rise = _ingest_story(store, analyses)
    assert (rise.alerts, rise.updates) == (1, 0)


def test_reports_carry_incident_and_duplicate_of_in_their_json(store, analyses):
    first, copy, _other, _rise = _ingest_story(store, analyses)
    stored = {r.id: r.to_json() for r in store.reports.latest(10)}  # copies are left out of lists
    assert copy.report_id not in stored
    assert {row["incident"] for row in stored.values()} == {first.incident}
    copied = store.reports.get(copy.report_id).to_json()
    assert (copied["incident"], copied["duplicate_of"]) == (first.incident, first.report_id)
    assert json.loads(json.dumps(copied))["duplicate_of"] == first.report_id
    assert store.incidents.also_reported_by(first.report_id) == ["outlet-b", "outlet-c", "outlet-d"]
    incident = store.incidents.get(first.incident)
    assert (incident.killed, incident.killed_children, incident.lead_report) == (7, 3, first.report_id)


async def test_two_rises_before_sending_make_one_update_with_the_latest_toll(store, analyses):
    store.chats.ensure("tg:1", language="en")
    store.subscriptions.add("tg:1")
    transport = RecordingTransport(can_edit=False)
    sender = Sender(store, {"tg": transport})
    _ingest_story(store, analyses)
    await _drain(sender)
    more = analyses.add("ارتفع عدد قتلى غارة أريحا إلى تسعة.", _strike(ARIHA, 8))
    again = analyses.add("حصيلة جديدة: تسعة قتلى في غارة أريحا بينهم أربعة أطفال.", _strike(ARIHA, 9, 4))
    pipeline = Pipeline(store, analyzer=analyses)
    assert pipeline.ingest(_report(more, "outlet-e", 400)).updates == 1
    assert pipeline.ingest(_report(again, "outlet-f", 410)).updates == 0  # folded into the waiting update
    await _drain(sender)
    texts = transport.texts("tg:1")
    assert len(texts) == 3
    assert texts[-1].startswith("✏️ Airstrike — Ariha, Idlib: toll rises to 9 (4 children)")


async def test_an_edited_arabic_alert_counts_the_new_toll_in_its_header(store, analyses):
    from bot.i18n import counted, t

    store.chats.ensure("tg:1", language="ar")
    store.subscriptions.add("tg:1")
    transport = RecordingTransport(can_edit=True)
    _ingest_story(store, analyses)
    await _drain(Sender(store, {"tg": transport}))
    [text] = transport.texts("tg:1")
    lines = text.splitlines()
    assert lines[1] == f"{t('ar', 'alert.killed', n=7)} ({counted('ar', 'alert.children', 3)})"
    assert t("ar", "alert.killed", n=3) not in text  # the old toll is gone from the alert
    assert t("ar", "update.toll_rises", n=7) in lines[-2]

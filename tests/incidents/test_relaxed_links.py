"""The relaxed links through the pipeline and a real store: a governorate-level report joins the one town
incident it may be, an incident placed at governorate level narrows to the town that joins it, and
airstrike ~ shelling at one town with one toll is one alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.incidents import contains, nested
from bot.models import Analysis, Event, Place, RawReport
from bot.pipeline import IngestResult, Pipeline
from tests.incidents.places import ALEPPO, ARIHA, ARIHA_DISTRICT, ATAREB, IDLIB, KAFR_NOBOL, MAARAT, MAARAT_DISTRICT

T0 = datetime(2024, 3, 5, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [
        (IDLIB, MAARAT, True),  # a community in its governorate
        (MAARAT_DISTRICT, KAFR_NOBOL, True),  # C4068 lies in subdistrict SY070203 of district SY0702
        (ARIHA_DISTRICT, KAFR_NOBOL, False),  # the same governorate, another district
        (ARIHA_DISTRICT, ARIHA, True),
        (IDLIB, MAARAT_DISTRICT, True),
        (ALEPPO, ATAREB, True),
        (IDLIB, ATAREB, False),
        (MAARAT, IDLIB, False),  # strictly inside, not the reverse
        (MAARAT, MAARAT, False),
        (IDLIB, Place("Saraqib", "سراقب", "Idlib"), True),  # no p-code: the governorate's name decides
        (Place("Somewhere", None, None, level="governorate"), MAARAT, False),
    ],
)
def test_which_place_lies_inside_which(outer, inner, inside):
    assert contains(outer, inner) is inside
    assert nested(inner, outer) is (inside or contains(inner, outer))  # either way round


class _Analyses:
    """A stand-in analyzer: each test says which event a text is read as."""

    def __init__(self) -> None:
        self.by_text: dict[str, Analysis] = {}

    def __call__(self, text: str, **_: object) -> Analysis:
        return self.by_text[text]


@pytest.fixture
def ingest(store):
    store.chats.ensure("tg:1", language="en")
    store.subscriptions.add("tg:1")
    analyses = _Analyses()
    pipeline = Pipeline(store, analyzer=analyses)

    def ingest(text: str, event: Event, minutes: int, source: str = "outlet") -> IngestResult:
        analyses.by_text[text] = Analysis(language="ar", title=text[:60], summary=text, events=(event,))
        raw = RawReport(text=text, source=source, published=T0 + timedelta(minutes=minutes))
        return pipeline.ingest(raw)

    return ingest


def test_a_governorate_level_report_joins_the_towns_strike(ingest):
    town = ingest("غارة جوية على معرة النعمان تقتل خمسة مدنيين.", Event("airstrike", MAARAT, killed=5), 0, "a")
    province = ingest("Airstrikes in Idlib province killed 5 civilians.", Event("airstrike", IDLIB, killed=5), 90, "b")
    assert (town.alerts, province.alerts) == (1, 0)
    assert province.incident == town.incident and province.duplicate_of is None


def test_a_governorate_level_report_that_could_be_either_of_two_strikes_joins_neither(ingest):
    one = ingest("غارة جوية على أريحا تقتل ثلاثة مدنيين.", Event("airstrike", ARIHA, killed=3), 0, "a")
    two = ingest("غارة جوية على معرة النعمان تقتل خمسة مدنيين.", Event("airstrike", MAARAT, killed=5), 30, "a")
    province = ingest("Airstrikes in Idlib province killed 5 civilians.", Event("airstrike", IDLIB, killed=5), 90, "b")
    assert len({one.incident, two.incident, province.incident}) == 3
    assert (one.alerts, two.alerts, province.alerts) == (1, 1, 1)


def test_an_incident_first_placed_in_the_governorate_narrows_to_the_town_that_joins_it(ingest, store):
    province = ingest("غارات على ريف إدلب تقتل خمسة مدنيين.", Event("airstrike", IDLIB, killed=5), 0, "a")
    town = ingest("Airstrike on Maarat al-Numan kills five.", Event("airstrike", MAARAT, killed=5), 60, "b")
    assert town.incident == province.incident and town.alerts == 0
    incident = store.incidents.get(province.incident)
    assert (incident.location.name, incident.location.level) == ("Maarat al-Numan", "community")
    # Another town of Idlib the same day is then another strike, not the same one again.
    other = ingest("غارة جوية على أريحا تقتل أربعة مدنيين.", Event("airstrike", ARIHA, killed=4), 120, "c")
    assert other.incident != province.incident and other.alerts == 1


def test_airstrike_and_shelling_at_one_town_with_one_toll_make_one_alert(ingest):
    air = ingest("قصف جوي على سوق معرة النعمان يقتل تسعة.", Event("airstrike", MAARAT, killed=9), 0, "a")
    shell = ingest("قصف على سوق معرة النعمان يوقع تسعة قتلى.", Event("shelling", MAARAT, killed=9), 45, "b")
    elsewhere = ingest("قصف مدفعي على أريحا يقتل تسعة.", Event("shelling", ARIHA, killed=9), 50, "c")
    assert shell.incident == air.incident and shell.alerts == 0
    assert elsewhere.incident != air.incident and elsewhere.alerts == 1

"""The compiled matcher answers exactly what every subscription asked one by one would, and is rebuilt on change."""

from __future__ import annotations

import random
from dataclasses import asdict, replace

import pytest

from bot.delivery.match import match_subscriptions
from bot.delivery.matcher import Matcher
from bot.models import Analysis, Event, Place, Subscription
from bot.pipeline import Pipeline
from handlers.filters import Filters
from tests.handlers.test_filters import ALL, test_each_filter_kind_in_arabic_and_english
from tests.incidents.places import ALEPPO, ARIHA, ATAREB, DARAA, HARASTA, IDLIB, KAFR_NOBOL, MAARAT
from tests.ops.conftest import report

# Every filter of the table in tests/handlers/test_filters.py, each its own chat's subscription.
TABLE = [expected for _, expected, _ in test_each_filter_kind_in_arabic_and_english.pytestmark[0].args[1]]

TYPES = ("airstrike", "shelling", "clashes", "arrests", "bombing")
PLACES = (
    "gov:Idlib",
    "gov:Aleppo",
    "gov:Rif Dimashq",
    "gov:Daraa",
    "pcode:C4278|Ariha",
    "pcode:C3985|Maarat al-Numan",
    "pcode:SY0702",
    "name:اريحا|أريحا",
    "name:maarat an-numan|Maarat an-Numan",
    "إدلب",
)
WORDS = ("مدنيين", "talks", "هدنة", "طفلان", "killing", "", "اشتباكات")
LOCATIONS = (ARIHA, ATAREB, HARASTA, KAFR_NOBOL, MAARAT, DARAA, IDLIB, ALEPPO, None)
TEXTS = (
    "غارة جوية على أريحا تقتل خمسة مدنيين بينهم طفلان.",
    "Ceasefire talks in Idlib stall as an airstrike hits Maarat al-Numan, killing one.",
    "اشتباكات عنيفة على أطراف مدينة إدلب والهدنة منهارة.",
    "حملة اعتقالات في حرستا بريف دمشق.",
    "Shelling on Atareb wounds three in Aleppo.",
)


def _subscriptions(filters: list[Filters]) -> list[Subscription]:
    return [Subscription(id=n, chat=f"tg:{n}", **asdict(f)) for n, f in enumerate(filters, start=1)]


def _random_subscriptions(rng: random.Random, count: int) -> list[Subscription]:
    subs = []
    for n in range(count):
        subs.append(
            Subscription(
                id=n,
                chat=f"tg:{rng.randrange(count // 2)}",  # some chats hold several subscriptions
                types=tuple(rng.sample(TYPES, rng.choice((0, 0, 1, 2)))),
                places=tuple(rng.sample(PLACES, rng.choice((0, 0, 1, 2)))),
                keywords=tuple(rng.sample(WORDS, rng.choice((0, 0, 0, 1, 2)))),
                exclude=tuple(rng.sample(WORDS, rng.choice((0, 0, 0, 1)))),
                min_killed=rng.choice((None, None, 1, 3)),
                active=rng.random() > 0.05,
                min_severity=rng.choice((None, None, None, 5.0)),
                with_casualties=rng.random() < 0.1,
            )
        )
    return subs


def _random_report(rng: random.Random) -> tuple[Analysis, str]:
    events = tuple(
        Event(
            rng.choice(TYPES),
            rng.choice(LOCATIONS),
            killed=rng.choice((None, 0, 1, 5)),
            injured=rng.choice((None, 2)),
        )
        for _ in range(rng.choice((0, 1, 1, 2)))
    )
    text = rng.choice(TEXTS)
    return Analysis(language="ar", title=text.split(" ")[0], summary=text, events=events), text


def test_the_filter_table_matches_alike():
    assert len(TABLE) > 30
    subs = _subscriptions(TABLE)
    matcher = Matcher(subs)
    for analysis, text in ALL.values():
        assert matcher.chats(analysis, text) == match_subscriptions(subs, analysis, text)


@pytest.mark.parametrize("seed", range(5))
def test_random_subscriptions_and_reports_match_alike(seed):
    rng = random.Random(seed)
    subs = _random_subscriptions(rng, 400)
    matcher = Matcher(subs)
    matched = 0
    for _ in range(60):
        analysis, text = _random_report(rng)
        expected = match_subscriptions(subs, analysis, text)
        assert matcher.chats(analysis, text) == expected  # same chats, same order
        matched += len(expected)
    assert matched > 100  # the reports do reach chats: the comparison is not between two empty lists


@pytest.mark.parametrize("seed", range(3))
def test_chats_refiled_one_by_one_match_like_a_fresh_build(seed):
    rng = random.Random(seed)
    subs = {s.id: s for s in _random_subscriptions(rng, 300)}
    matcher = Matcher(subs.values())
    for round_ in range(20):
        chats = {rng.choice(list(subs.values())).chat for _ in range(5)}
        for sub in [s for s in subs.values() if s.chat in chats]:
            del subs[sub.id]
        for n, fresh in enumerate(_random_subscriptions(rng, 6)):
            subs[1000 * (round_ + 1) + n] = replace(fresh, id=1000 * (round_ + 1) + n, chat=rng.choice(sorted(chats)))
        current = sorted(subs.values(), key=lambda s: s.id)
        matcher.replace_chats(chats, [s for s in current if s.chat in chats])
        analysis, text = _random_report(rng)
        assert matcher.chats(analysis, text) == match_subscriptions(current, analysis, text)


def test_the_pipeline_recompiles_after_any_change(store):
    pipeline = Pipeline(store)
    store.chats.ensure("tg:1")
    store.subscriptions.add("tg:1", places=("gov:Aleppo",))
    first = pipeline.matcher()
    assert pipeline.matcher() is first and len(first) == 1
    assert pipeline.ingest(report(1)).alerts == 0  # an airstrike in Idlib

    store.subscriptions.add("tg:1", types=("airstrike",))
    assert len(pipeline.matcher()) == 2  # the chat's subscriptions filed again, the rest kept
    assert pipeline.ingest(report(2)).alerts == 1

    store.chats.set_disabled("tg:1", True)
    assert pipeline.ingest(report(3)).alerts == 0
    store.chats.set_disabled("tg:1", False)
    assert pipeline.ingest(report(4)).alerts == 1
    store.subscriptions.remove("tg:1")
    assert pipeline.ingest(report(5)).alerts == 0
    assert len(pipeline.matcher()) == 0


def test_a_matcher_further_behind_than_the_log_reloads_everything(store):
    pipeline = Pipeline(store)
    store.chats.ensure("tg:1")
    pipeline.matcher()
    for n in range(5):
        store.subscriptions.add("tg:1", keywords=(f"word{n}",))
    assert store.subscriptions.prune_changes(keep=2) == 3
    assert store.subscriptions.changes(0)[1] is None
    assert len(pipeline.matcher()) == 5
    assert len(Matcher(store.subscriptions.active())) == 5


def test_a_change_made_by_another_process_is_seen(store, db_path):
    from storage import Store

    pipeline = Pipeline(store)
    before = pipeline.matcher()
    assert len(before) == 0
    other = Store.open(db_path)  # another connection: `marsad chat` beside `marsad run`
    try:
        other.chats.ensure("tg:9")
        other.subscriptions.add("tg:9", types=("airstrike",))
    finally:
        other.close()
    assert before is pipeline.matcher() and len(before) == 1  # filed into the same matcher
    assert pipeline.ingest(report(1)).alerts == 1


def test_a_place_named_in_the_text_counts_when_no_event_is_located():
    subs = _subscriptions([Filters(places=("gov:Idlib",)), Filters(places=("gov:Daraa",))])
    analysis = Analysis("ar", "اشتباكات", "x", (Event("clashes", None),))
    text = "اشتباكات عنيفة على أطراف مدينة إدلب."
    assert Matcher(subs).chats(analysis, text) == ["tg:1"] == match_subscriptions(subs, analysis, text)
    located = Analysis("ar", "اشتباكات", "x", (Event("clashes", Place("Daraa", "درعا", "Daraa", "SY12")),))
    assert Matcher(subs).chats(located, text) == ["tg:2"] == match_subscriptions(subs, located, text)

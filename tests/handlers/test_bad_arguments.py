"""Bad arguments get an answer that says what was wrong (issue 12, item 8), in both languages."""

from __future__ import annotations

import pytest

from handlers.subscribe import MAX_SUBSCRIPTIONS, MAX_WORD_LENGTH, MAX_WORDS
from tests.handlers.test_commands import reports, say  # noqa: F401  (reports is a fixture)

USAGE = {"ar": "الاستخدام: \u200e/latest [عدد] [نوع أو مكان]", "en": "Usage: /latest [N] [TYPE or PLACE]"}


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("args", "said"),
    [
        ("-5", {"ar": "«-5» ليس عددًا من التقارير", "en": "“-5” is not a number of reports"}),
        ("0", {"ar": "«0» ليس عددًا من التقارير", "en": "“0” is not a number of reports"}),
        ("2.5", {"ar": "«2.5» ليس عددًا", "en": "“2.5” is not a number"}),
        ("3 -1", {"ar": "عدد واحد فقط من فضلك (وصلني 3 -1)", "en": "One number only, please (got 3 -1)"}),
        ("abc", {"ar": "لا يطابق «abc» أيَّ تقرير حديث", "en": "No recent report matches “abc”"}),
        ("3 abc", {"ar": "لا يطابق «abc» أيَّ تقرير حديث", "en": "No recent report matches “abc”"}),
    ],
)
async def test_latest_says_what_was_wrong_and_shows_the_usage(reports, language, args, said):  # noqa: F811
    await say(reports, f"/lang {language}")
    [reply] = await say(reports, f"/latest {args}")
    assert reply.text.startswith(said[language]), reply.text
    assert USAGE[language] in reply.text
    assert "لا توجد تقارير بعد" not in reply.text and "No reports yet" not in reply.text


async def test_good_latest_arguments_still_work(reports):  # noqa: F811
    [reply] = await say(reports, "/latest ٢")  # Arabic-Indic digits are a count
    assert reply.text.startswith("أحدث التقارير (1–2):")
    [reply] = await say(reports, "/latest 999")  # more than MAX_N: the most there are
    assert reply.text.startswith("أحدث التقارير (1–3):")
    [reply] = await say(reports, "/latest 2 أريحا")
    assert "قصف على أريحا" in reply.text


async def test_latest_on_an_empty_store_still_says_no_reports_yet(store):
    [reply] = await say(store, "/latest abc")
    assert reply.text == "لا توجد تقارير بعد."


@pytest.mark.parametrize("language", ["ar", "en"])
async def test_subscribe_refuses_too_many_words(store, language):
    await say(store, f"/lang {language}")
    [reply] = await say(store, "/subscribe " + " ".join(f"word{i}" for i in range(10_000)))
    expected = {
        "ar": f"كلمات كثيرة: يقبل الاشتراك الواحد {MAX_WORDS} كلمة",
        "en": f"Too many words: one subscription takes at most {MAX_WORDS}",
    }
    assert reply.text.startswith(expected[language])
    assert len(reply.text) < 300
    assert store.subscriptions.for_chat("tg:1") == []
    [reply] = await say(store, "/subscribe " + " ".join(f"w{i}" for i in range(MAX_WORDS)))
    assert store.subscriptions.for_chat("tg:1"), reply.text  # exactly the limit is accepted


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("args", ["{long}", "-{long}", "in {long}"])
async def test_subscribe_refuses_a_word_that_is_too_long(store, language, args):
    await say(store, f"/lang {language}")
    long = "ب" * (MAX_WORD_LENGTH + 1)
    [reply] = await say(store, "/subscribe " + args.format(long=long))
    expected = {"ar": f"«{'ب' * 20}…» طويلة جدًا", "en": f"“{'ب' * 20}…” is too long"}
    assert reply.text.startswith(expected[language]), reply.text
    assert str(MAX_WORD_LENGTH) in reply.text
    assert store.subscriptions.for_chat("tg:1") == []


@pytest.mark.parametrize("language", ["ar", "en"])
async def test_subscribe_refuses_one_subscription_too_many(store, language):
    await say(store, f"/lang {language}")
    for i in range(MAX_SUBSCRIPTIONS):
        await say(store, f"/subscribe kw{i}")
    assert len(store.subscriptions.for_chat("tg:1")) == MAX_SUBSCRIPTIONS
    [reply] = await say(store, "/subscribe one-more")
    expected = {
        "ar": f"لهذه المحادثة {MAX_SUBSCRIPTIONS} اشتراكًا",
        "en": f"This chat already has {MAX_SUBSCRIPTIONS} subscriptions",
    }
    assert reply.text.startswith(expected[language]), reply.text
    assert len(store.subscriptions.for_chat("tg:1")) == MAX_SUBSCRIPTIONS
    [reply] = await say(store, "/subscribe kw3")  # one it already has is still "already subscribed"
    assert "#4" in reply.text
    await say(store, "/unsubscribe 1")
    [reply] = await say(store, "/subscribe one-more")
    assert len(store.subscriptions.for_chat("tg:1")) == MAX_SUBSCRIPTIONS

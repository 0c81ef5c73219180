"""/settings buttons: the Types and Places pages, their toggles, the quiet-hours button, rights and sizes."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.delivery.match import matches
from bot.i18n import keys, t
from bot.models import EVENT_TYPES, Reply
from bot.places import governorates
from handlers import Context, dispatch, parse_command
from handlers.channel import for_channel

LANGUAGES = ("ar", "en")
MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit


async def press(store, data, *, chat="tg:1", admin=True, button=True) -> Reply:
    command = parse_command(data)
    assert command is not None
    ctx = Context(
        store=store,
        chat=chat,
        user="tg:7",
        command=command.name,
        args=command.args,
        chat_kind="private" if chat == "tg:1" else "group",
        is_chat_admin=admin,
        from_button=button,
    )
    [reply] = await dispatch(ctx)
    return reply


def grid(reply: Reply) -> list[list[tuple[str, str]]]:
    return [[(b.label, b.data) for b in row] for row in reply.buttons]


def only(store, chat="tg:1"):
    [subscription] = store.subscriptions.for_chat(chat)
    return subscription


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_main_page_offers_types_places_language_mute_digest_and_quiet_hours(store, language):
    store.chats.ensure("tg:1", language=language)
    reply = await press(store, "/settings", button=False)
    assert not reply.edit
    other = {"ar": ("English", "/settings lang en"), "en": ("العربية", "/settings lang ar")}[language]
    assert grid(reply) == [
        [
            (t(language, "settings.types_button"), "/settings page types"),
            (t(language, "settings.places_button"), "/settings page places"),
        ],
        [other, (t(language, "settings.mute_button"), "/settings mute 8h")],
        [
            (t(language, "settings.digest_daily_button"), "/settings digest daily"),
            (t(language, "settings.quiet_on_button"), "/settings quiet 23:00-07:00"),
        ],
    ]


async def test_the_arabic_main_page_has_arabic_button_labels(store):
    store.chats.ensure("tg:1", language="ar")
    labels = [b.label for row in (await press(store, "/settings", button=False)).buttons for b in row]
    assert labels == ["الأنواع ◂", "المحافظات ◂", "English", "🔕 كتم 8 ساعات", "🗞 ملخص يومي", "🌙 هدوء 23:00–07:00"]
    await press(store, "/settings mute 8h")
    await press(store, "/settings digest daily")
    labels = [b.label for row in (await press(store, "/settings", button=False)).buttons for b in row]
    assert "🔔 إلغاء الكتم" in labels and "🗞 ملخص كل ساعة" in labels
    assert not any(word in label for label in labels for word in ("8h", "daily", "hourly", "off"))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_types_page_has_twelve_toggles_three_a_row_named_in_the_chat_language(store, language):
    store.chats.ensure("tg:1", language=language)
    reply = await press(store, "/settings page types")
    names = keys(language, "event")
    toggles = [(f"▫️ {names[type_]}", f"/settings type {type_}") for type_ in EVENT_TYPES]
    assert reply.edit
    assert grid(reply) == [toggles[i : i + 3] for i in range(0, 12, 3)] + [
        [(t(language, "settings.back"), "/settings")]
    ]
    assert reply.text.splitlines() == [
        t(language, "settings.toggles_new"),
        t(language, "settings.types_all"),
        t(language, "settings.toggle_hint"),
    ]
    assert store.subscriptions.for_chat("tg:1") == []  # looking creates nothing


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_places_page_has_the_fourteen_governorates_named_in_the_chat_language(store, language):
    store.chats.ensure("tg:1", language=language)
    reply = await press(store, "/settings page places")
    names = keys(language, "governorate")
    toggles = [(f"▫️ {names[gov]}", f"/settings gov {gov}") for gov, *_ in governorates()]
    assert len(toggles) == 14
    assert grid(reply) == [toggles[i : i + 3] for i in range(0, 14, 3)] + [
        [(t(language, "settings.back"), "/settings")]
    ]
    if language == "ar":
        assert "▫️ إدلب" in [label for row in grid(reply) for label, _ in row]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("type_", EVENT_TYPES)
async def test_each_type_toggles_on_and_off(store, language, type_):
    store.chats.ensure("tg:1", language=language)
    name = keys(language, "event")[type_]
    on = await press(store, f"/settings type {type_}")
    assert on.edit
    assert (f"✅ {name}", f"/settings type {type_}") in grid(on)[EVENT_TYPES.index(type_) // 3]
    assert sum(label.startswith("✅") for row in grid(on) for label, _ in row) == 1
    assert on.text.splitlines()[:2] == [
        t(language, "settings.types_title", id=1),
        t(language, "settings.types_chosen", names=name),
    ]
    assert grid(on)[-1][-1] == (t(language, "settings.clear_types"), "/settings type all")
    assert only(store).types == (type_,)
    off = await press(store, f"/settings type {type_}")
    assert (f"▫️ {name}", f"/settings type {type_}") in grid(off)[EVENT_TYPES.index(type_) // 3]
    assert off.text.splitlines()[1] == t(language, "settings.types_all")
    assert only(store).types == ()  # no type chosen: every type


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("gov", [g for g, *_ in governorates()])
async def test_each_governorate_toggles_on_and_off(store, language, gov):
    store.chats.ensure("tg:1", language=language)
    name = keys(language, "governorate")[gov]
    on = await press(store, f"/settings gov {gov}")
    assert on.edit
    assert (f"✅ {name}", f"/settings gov {gov}") in [b for row in grid(on) for b in row]
    assert on.text.splitlines()[1] == t(language, "settings.places_chosen", names=name)
    assert only(store).places == (f"gov:{gov}",)  # the key handlers/filters.py resolve_place makes
    off = await press(store, f"/settings gov {gov}")
    assert (f"▫️ {name}", f"/settings gov {gov}") in [b for row in grid(off) for b in row]
    assert off.text.splitlines()[1] == t(language, "settings.places_all")
    assert only(store).places == ()


@pytest.mark.parametrize(
    ("command", "types", "places"),
    [
        ("/settings type غارة", ("airstrike",), ()),
        ("/settings نوع قصف", ("shelling",), ()),
        ("/settings type Chemical attack", ("chemical_attack",), ()),
        ("/settings gov إدلب", (), ("gov:Idlib",)),
        ("/settings محافظة دير الزور", (), ("gov:Deir ez-Zor",)),
        ("/settings gov rif-dimashq", (), ("gov:Rif Dimashq",)),
    ],
)
async def test_typed_toggles_take_arabic_and_english_names(store, command, types, places):
    store.chats.ensure("tg:1", language="en")
    await press(store, command, button=False)
    assert (only(store).types, only(store).places) == (types, places)


async def test_types_keep_the_contract_order_and_all_clears_them(store):
    store.chats.ensure("tg:1", language="en")
    for type_ in ("protest", "airstrike", "shelling"):
        await press(store, f"/settings type {type_}")
    assert only(store).types == ("airstrike", "shelling", "protest")
    reply = await press(store, "/settings type all")
    assert only(store).types == ()
    assert grid(reply)[-1] == [("◀ Back", "/settings")]


async def test_with_several_subscriptions_the_toggles_change_every_one_and_keep_their_other_filters(store):
    store.chats.ensure("tg:1", language="en")
    await press(store, "/subscribe airstrike in Idlib Maarat al-Numan -ceasefire killed>=2", button=False)
    await press(store, "/subscribe shelling in Aleppo", button=False)
    first, _ = store.subscriptions.for_chat("tg:1")
    town = [p for p in first.places if p.startswith("pcode:")]
    assert town, first.places
    page = await press(store, "/settings page types")
    assert page.text.splitlines() == [
        "Event types of this chat's subscriptions #1, #2 (a press changes them all):",
        "In some subscriptions only (➖): Airstrike, Shelling.",
        t("en", "settings.toggle_hint_many"),
    ]
    assert grid(page)[0][:2] == [
        ("➖ Airstrike", "/settings type airstrike"),
        ("➖ Shelling", "/settings type shelling"),
    ]

    on = await press(store, "/settings type shelling")  # only some have it: added to all
    assert ("✅ Shelling", "/settings type shelling") in grid(on)[0]
    assert [s.types for s in store.subscriptions.for_chat("tg:1")] == [("airstrike", "shelling"), ("shelling",)]
    await press(store, "/settings type shelling")  # every one has it: removed from all
    assert [s.types for s in store.subscriptions.for_chat("tg:1")] == [("airstrike",), ()]

    await press(store, "/settings gov Hama")  # in none: added to all
    reply = await press(store, "/settings gov Idlib")  # in the first only: added to the second
    assert reply.text.splitlines()[:3] == [
        "Governorates of this chat's subscriptions #1, #2 (a press changes them all):",
        "Chosen: Hama, Idlib. Only these governorates (and their towns) are alerted.",
        "In some subscriptions only (➖): Aleppo.",
    ]
    edited, other = store.subscriptions.for_chat("tg:1")
    assert edited.places == (*first.places, "gov:Hama")  # it had Idlib already
    assert other.places == ("gov:Aleppo", "gov:Hama", "gov:Idlib")
    assert (edited.keywords, edited.exclude, edited.min_killed) == (first.keywords, first.exclude, first.min_killed)
    reply = await press(store, "/settings gov all")  # clears governorates only: the town stays
    assert [s.places for s in store.subscriptions.for_chat("tg:1")] == [tuple(town), ()]
    assert reply.text.splitlines()[1] == "Also in these subscriptions: Maarat al-Numan"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_chat_with_three_subscriptions_gets_only_airstrikes_after_one_type_toggle(store, language):
    store.chats.ensure("tg:1", language=language)
    for command in ("/subscribe in Idlib", "/subscribe in Aleppo", "/subscribe كفرنبل"):
        await press(store, command, button=False)
    airstrike = "شنت طائرات حربية غارات على مدينة سراقب شرق إدلب ودمرت عدة منازل."
    shelling = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي بالمدفعية الثقيلة صباح اليوم."
    aleppo = "شنت طائرات حربية غارات على مدينة الباب في ريف حلب."

    def wanted() -> list[bool]:
        subscriptions = store.subscriptions.for_chat("tg:1")
        assert len(subscriptions) == 3
        return [any(matches(s, analyze(text), text) for s in subscriptions) for text in (airstrike, shelling, aleppo)]

    assert wanted() == [True, True, True]
    reply = await press(store, "/settings type airstrike")
    assert sum(label.startswith("✅") for row in grid(reply) for label, _ in row) == 1
    assert wanted() == [True, False, True]  # no subscription of the chat lets shelling through any more
    await press(store, "/settings type airstrike")  # off again: every type, as the page says
    assert [s.types for s in store.subscriptions.for_chat("tg:1")] == [(), (), ()]
    assert wanted() == [True, True, True]


def only_places(store):
    return store.subscriptions.for_chat("tg:1")[0].places


async def test_clearing_what_a_chat_never_chose_creates_no_subscription(store):
    store.chats.ensure("tg:1", language="en")
    await press(store, "/settings type all")
    await press(store, "/settings gov all")
    assert store.subscriptions.for_chat("tg:1") == []


async def test_the_toggled_subscription_sends_airstrikes_in_idlib_and_not_shelling(store):
    store.chats.ensure("tg:1", language="en")
    await press(store, "/settings type airstrike")
    await press(store, "/settings gov Idlib")
    subscription = only(store)
    airstrike = "شنت طائرات حربية غارات على مدينة سراقب شرق إدلب ودمرت عدة منازل."
    shelling = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي بالمدفعية الثقيلة صباح اليوم."
    aleppo = "شنت طائرات حربية غارات على مدينة الباب في ريف حلب."
    assert [matches(subscription, analyze(text), text) for text in (airstrike, shelling, aleppo)] == [
        True,
        False,
        False,
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_quiet_hours_button_turns_23_to_07_on_and_off(store, language):
    store.chats.ensure("tg:1", language=language)
    on = await press(store, "/settings quiet 23:00-07:00")
    chat = store.chats.get("tg:1")
    assert (chat.quiet_start, chat.quiet_end) == ("23:00", "07:00")
    assert on.edit and grid(on)[-1][-1] == (t(language, "settings.quiet_off_button"), "/settings quiet off")
    off = await press(store, "/settings quiet off")
    chat = store.chats.get("tg:1")
    assert (chat.quiet_start, chat.quiet_end) == (None, None)
    assert grid(off)[-1][-1] == (t(language, "settings.quiet_on_button"), "/settings quiet 23:00-07:00")


@pytest.mark.parametrize(
    "data",
    ["/settings type airstrike", "/settings gov Idlib", "/settings type all", "/settings quiet 23:00-07:00"],
)
async def test_group_members_who_are_not_admins_may_look_but_not_toggle(store, data):
    store.chats.ensure("tg:-5", language="en", kind="group")
    page = await press(store, "/settings page types", chat="tg:-5", admin=False)
    assert page.edit and len(page.buttons) == 5
    refused = await press(store, data, chat="tg:-5", admin=False)
    assert refused.text == "Only chat administrators can change this chat's subscriptions and settings."
    assert store.subscriptions.for_chat("tg:-5") == []
    assert store.chats.get("tg:-5").quiet_start is None
    allowed = await press(store, data, chat="tg:-5", admin=True)
    assert allowed.edit


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/settings type weather", "Unknown event type “weather”."),
        ("/settings gov Gotham", "Unknown governorate “Gotham”."),
        ("/settings type", "Unknown event type “”."),
        ("/settings page nowhere", t("en", "settings.usage")),
    ],
)
async def test_bad_toggles_answer_with_one_line(store, command, answer):
    store.chats.ensure("tg:1", language="en")
    reply = await press(store, command, button=False)
    assert reply.text == answer and not reply.buttons
    assert store.subscriptions.for_chat("tg:1") == []


async def _every_button(store, language):
    """Every button /settings can show, in every state its toggles can be in."""
    store.chats.ensure("tg:1", language=language)
    seen = []
    for data in ("/settings", "/settings page types", "/settings page places"):
        seen += (await press(store, data)).buttons
    for type_ in EVENT_TYPES:
        seen += (await press(store, f"/settings type {type_}")).buttons
    for gov, *_ in governorates():
        seen += (await press(store, f"/settings gov {gov}")).buttons
    for data in (
        "/settings quiet 23:00-07:00",
        "/settings mute 8h",
        "/settings digest daily",
        "/settings digest hourly",
    ):
        seen += (await press(store, data)).buttons
    return [button for row in seen for button in row]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_callback_data_is_short_ascii_and_every_button_works(store, language, capsys):
    buttons = await _every_button(store, language)
    data = sorted({b.data for b in buttons}, key=lambda d: len(d.encode()))
    longest = data[-1]
    with capsys.disabled():
        print(f"\n[{language}] {len(data)} distinct callbacks; longest {len(longest.encode())} bytes: {longest!r}")
    assert all(d.isascii() for d in data)
    assert longest == "/settings type attack_on_civilians" and len(longest.encode()) == 34 <= MAX_CALLBACK_DATA
    # Run through /channel from a private chat, a channel's buttons carry its id too: none may be dropped.
    channel = for_channel(Reply(text="", buttons=tuple((b,) for b in buttons)), -1001234567890)
    assert len(channel.buttons) == len(buttons)
    assert max(len(row[0].data.encode()) for row in channel.buttons) <= MAX_CALLBACK_DATA
    for d in data:  # every button answers with a page, not an error
        reply = await press(store, d)
        assert reply.buttons, d

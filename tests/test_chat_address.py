"""Chat keys: every key a transport writes reads back to the same parts, and nothing else reads as a key."""

from __future__ import annotations

import pytest

from bot.models import ChatAddress


@pytest.mark.parametrize(
    ("key", "transport", "chat_id", "thread"),
    [
        ("tg:42", "tg", "42", None),
        ("tg:-1001234567890", "tg", "-1001234567890", None),
        ("tg:-100123/7", "tg", "-100123", "7"),
        ("mx:!room:example.org", "mx", "!room:example.org", None),
        ("mx:!abc:localhost:8448", "mx", "!abc:localhost:8448", None),
        ("mx:!a/b:server", "mx", "!a/b:server", None),  # a room id may hold a slash: no topics on Matrix
        ("console:local", "console", "local", None),
    ],
)
def test_a_key_reads_into_its_parts_and_writes_back_the_same(key, transport, chat_id, thread):
    address = ChatAddress.parse(key)
    assert (address.transport, address.id, address.thread) == (transport, chat_id, thread)
    assert str(address) == address.key == key
    assert ChatAddress.parse(address.key) == address


@pytest.mark.parametrize(
    "key",
    [
        "",
        "tg",
        "tg:",
        ":42",
        "TG:42",
        "tg:abc",
        "tg:042",
        "tg:0",
        "tg:4 2",
        "tg:42/",
        "tg:42/x",
        "tg:42/0",
        "tg:42/-7",
        "tg:²",
        "mx:",
        "mx:!room :server",
        "console:",
        "t g:1",
        None,
        42,
    ],
)
def test_anything_else_is_not_a_chat_key(key):
    with pytest.raises(ValueError, match="not a chat key"):
        ChatAddress.parse(key)


def test_only_telegram_chats_have_topics_and_a_topic_belongs_to_its_chat():
    with pytest.raises(ValueError, match="only Telegram"):
        ChatAddress("mx", "!room:server", "7")
    topic = ChatAddress.telegram(-100123, 7)
    assert topic.key == "tg:-100123/7"
    assert topic.chat == ChatAddress.telegram(-100123) == ChatAddress.parse("tg:-100123")
    assert ChatAddress.parse("console:local").chat == ChatAddress("console", "local")


def test_addresses_are_values():
    assert ChatAddress.parse("tg:5") == ChatAddress("tg", "5")
    assert len({ChatAddress.parse("tg:5"), ChatAddress("tg", "5"), ChatAddress.parse("tg:5/1")}) == 2
    with pytest.raises(AttributeError):
        ChatAddress.parse("tg:5").id = "6"  # type: ignore[misc]

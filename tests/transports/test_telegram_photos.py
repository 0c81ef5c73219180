"""Pictures on Telegram against the stand-in: sendPhoto uploads once, then reuses the file_id; captions and limits."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.errors import RateLimited
from bot.models import Picture, Reply
from tests.transports.test_telegram_transport import chat_of, running


def picture(colour=(200, 30, 30), size=(120, 80)) -> Picture:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return Picture(out.getvalue(), *size)


async def test_photo_with_caption_then_the_same_picture_by_file_id(telegram_standin, store):
    tg = telegram_standin
    a, b = tg.private_chat(tg.add_user("A")), tg.private_chat(tg.add_user("B"))
    pic = picture()
    reply = Reply(text="غارة — إدلب", html="<b>غارة — إدلب</b>", picture=pic)
    async with running(tg, store) as transport:
        ref_a = await transport.send(chat_of(a), reply)
        ref_b = await transport.send(chat_of(b), reply)
        assert await transport.locate(chat_of(a), reply) == ref_a  # found by its caption (editMessageCaption)
    [(message_a, png_a)] = tg.photos(a)
    [(message_b, png_b)] = tg.photos(b)
    assert (ref_a, ref_b) == (str(message_a.message_id), str(message_b.message_id))
    assert png_a == png_b == pic.png  # the bytes Telegram got are the picture
    assert message_a.extra["caption"] == "غارة — إدلب"
    assert message_a.extra["caption_entities"][0]["type"] == "bold"
    assert message_a.extra["photo"][-1]["width"] == 120 and message_a.extra["photo"][-1]["height"] == 80
    assert tg.uploads == 1  # the second chat got it by file_id
    uploads = [c for c in tg.calls_to("sendPhoto")]
    assert len(uploads) == 2 and isinstance(uploads[1].params["photo"], str)
    tg.assert_no_violations()


async def test_text_too_long_for_a_caption_goes_first_and_the_picture_follows(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    long_text = "قصف " * 400  # 1,600 characters: over the 1,024 of a caption, within one message's 4,096
    async with running(tg, store) as transport:
        await transport.pacer.slot(f"tg:{chat.id}", 1.05)  # as the Sender does before send()
        ref = await transport.send(chat_of(chat), Reply(text=long_text, picture=picture()))
    text_message, photo_message = tg.bot_messages(chat)
    assert ref == str(text_message.message_id)
    assert text_message.text == long_text.strip()
    assert "photo" in photo_message.extra and "caption" not in photo_message.extra
    tg.assert_no_violations()


async def test_a_429_on_send_photo_is_marsads_rate_limit(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    tg.inject_429(1, retry_after=5, chat=chat, methods="sendPhoto")
    async with running(tg, store) as transport:
        with pytest.raises(RateLimited) as error:
            await transport.send(chat_of(chat), Reply(text="x", picture=picture()))
    assert error.value.retry_after == 5
    assert tg.photos(chat) == []


async def test_the_stand_in_refuses_a_caption_over_1024_characters_and_a_non_image(telegram_standin):
    import telegram

    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    bot = telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)
    async with bot:
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)caption is too long"):
            await bot.send_photo(chat.id, picture().png, caption="x" * 1025)
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)image_process_failed"):
            await bot.send_photo(chat.id, b"not an image at all")
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)can.t parse entities"):
            await bot.send_photo(chat.id, picture().png, caption="<blink>x</blink>", parse_mode="HTML")
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)wrong file identifier"):
            await bot.send_photo(chat.id, "photos/file_99.png")
    assert {v.kind for v in tg.violations} >= {"text too long", "bad photo", "bad entities"}
    assert tg.photos(chat) == []


async def test_locate_finds_a_photo_alert_by_its_caption(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    reply = Reply(text="غارة — إدلب", html="<b>غارة — إدلب</b>", picture=picture())
    async with running(tg, store) as transport:
        ref = await transport.send(chat_of(chat), reply)  # "lost" answer: the mark stays below it
        assert await transport.locate(chat_of(chat), reply) == ref
        other = Reply(text="غارة — حلب", html="<b>غارة — حلب</b>", picture=picture())
        assert await transport.locate(chat_of(chat), other) is None
    tg.assert_no_violations()


async def test_locate_skips_photos_and_finds_a_long_alert_whose_map_followed_it(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    reply = Reply(text="قصف " * 400, picture=picture())
    async with running(tg, store) as transport:
        await transport.pacer.slot(f"tg:{chat.id}", 1.05)  # as the Sender does before each send()
        await transport.send(chat_of(chat), Reply(text="غارة", picture=picture((0, 0, 200))))  # an earlier photo
        await transport.pacer.slot(f"tg:{chat.id}", 1.05)
        ref = await transport.send(chat_of(chat), reply)  # the long text, then its map
        # The probe edits text from the chat's mark up: the earlier photo answers "there is no text in the
        # message to edit" and is skipped, the long text answers "not modified": found.
        assert await transport.locate(chat_of(chat), reply) == ref
    probes = tg.calls_to("editMessageText")
    assert [("there is no text" in (c.description or ""), c.status) for c in probes] == [(True, 400), (False, 400)]
    tg.assert_no_violations()


async def test_an_update_edits_a_photo_alerts_caption(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    async with running(tg, store) as transport:
        ref = await transport.send(chat_of(chat), Reply(text="غارة — 3", html="<b>غارة</b> — 3", picture=picture()))
        await transport.edit(chat_of(chat), ref, Reply(text="غارة — 7", html="<b>غارة</b> — 7"))
    [(message, _png)] = tg.photos(chat)
    assert message.extra["caption"] == "غارة — 7" and message.edit_date is not None
    tg.assert_no_violations()

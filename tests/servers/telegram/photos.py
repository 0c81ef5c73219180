"""sendPhoto and editMessageCaption on the stand-in, with Telegram's rules for pictures and captions.

Checked as the Bot API server checks them: ``photo`` is a multipart upload (a PNG or JPEG of at most 10 MB
whose width and height add up to at most 10,000 and whose sides differ at most 20 times) or the ``file_id`` of
a photo sent before; a URL is refused here (the stand-in cannot fetch it); the caption is parsed with its
parse mode and at most 1,024 characters after parsing. Every picture received is kept, so a test can open it:
``StandInControl.photos(chat)`` lists (message, PNG bytes).
"""

from __future__ import annotations

import struct
import time
from typing import Any

from .api import BotApi, method
from .models import CHANNEL, bad_request
from .spec import UploadedFile
from .text import MAX_CAPTION, check_reply_markup, format_text, not_modified

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def image_size(content: bytes) -> tuple[int, int]:
    """(width, height) of a PNG (IHDR) or JPEG (first SOF marker); bad_request when it is neither."""
    if content.startswith(PNG_MAGIC) and content[12:16] == b"IHDR":
        return struct.unpack(">II", content[16:24])
    if content.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(content):
            if content[i] != 0xFF:
                break
            marker, length = content[i + 1], struct.unpack(">H", content[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", content[i + 5 : i + 9])
                return width, height
            i += 2 + length
    raise bad_request("IMAGE_PROCESS_FAILED", violation="bad photo: neither PNG nor JPEG")


def _caption(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    if params.get("caption") is None:
        if params.get("parse_mode"):
            format_text({"caption": "", "parse_mode": params["parse_mode"]}, text_key="caption")
        return "", []
    return format_text(params, text_key="caption", entities_key="caption_entities", limit=MAX_CAPTION)


def _photo_sizes(file_id: str, content: bytes) -> list[dict[str, Any]]:
    width, height = image_size(content)
    return [
        {
            "file_id": file_id,
            "file_unique_id": "u" + file_id[-12:],
            "width": width,
            "height": height,
            "file_size": len(content),
        }
    ]


@method("sendPhoto")
async def send_photo(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    caption, entities = _caption(params)
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    c = api.control
    photo = params["photo"]
    if isinstance(photo, UploadedFile):
        content = photo.content
        if not content:
            raise bad_request("file must be non-empty", violation="bad photo: empty upload")
        if len(content) > MAX_PHOTO_BYTES:
            raise bad_request("PHOTO_SAVE_FILE_INVALID", violation="bad photo: over 10 MB")
        width, height = image_size(content)
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS", violation="bad photo: dimensions")
        file_id = None
    elif isinstance(photo, str) and photo.startswith(("http://", "https://")):
        raise bad_request("wrong file identifier/HTTP URL specified", violation="bad photo: URL (not served here)")
    elif isinstance(photo, str):
        if photo not in c.files or photo not in c.photo_ids:
            raise bad_request("wrong file identifier/HTTP URL specified", violation="bad photo: unknown file_id")
        content, file_id = c.files[photo], photo
    else:
        raise bad_request("there is no photo in the request", violation="bad photo: missing")
    chat = api.chat(params)
    thread_id = api.thread_of(chat, params)
    if chat.type == CHANNEL and chat.bot_status != "administrator":
        raise bad_request("need administrator rights in the channel chat")
    if file_id is None:
        file_id = f"photos/file_{len(c.files) + 1}.png"
        c.files[file_id] = content
        c.photo_ids.add(file_id)
        c.uploads += 1
    message = api.new_bot_message(chat, thread_id, markup)
    message.extra["photo"] = _photo_sizes(file_id, content)
    if caption:
        message.extra["caption"] = caption
        if entities:
            message.extra["caption_entities"] = entities
    message.raw_text, message.parse_mode = params.get("caption"), params.get("parse_mode")
    chat.messages.append(message)
    c.notify()
    return chat.message_to_api(message)


@method("editMessageCaption")
async def edit_message_caption(api: BotApi, params: dict[str, Any]) -> dict[str, Any] | bool:
    if "inline_message_id" in params:
        api.control.unimplemented.append("editMessageCaption(inline_message_id)")
        return True
    caption, entities = _caption(params)
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    if "chat_id" not in params:
        raise bad_request("chat_id is empty", violation="missing chat_id")
    chat = api.chat(params)
    message = api.own_message(chat, params, "message to edit not found")
    if "photo" not in message.extra:
        raise bad_request("there is no caption in the message to edit")
    current = (message.extra.get("caption", ""), message.extra.get("caption_entities", []), message.reply_markup)
    if (caption, entities, markup) == current:
        raise not_modified()
    message.history.append({"caption": current[0], "entities": current[1], "reply_markup": current[2]})
    message.extra.pop("caption", None)
    message.extra.pop("caption_entities", None)
    if caption:
        message.extra["caption"] = caption
    if entities:
        message.extra["caption_entities"] = entities
    message.reply_markup = markup
    message.edit_date = int(time.time())
    api.control.notify()
    return chat.message_to_api(message)

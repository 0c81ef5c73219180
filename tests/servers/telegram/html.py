"""Telegram's HTML parse mode, following TDLib's ``parse_html``: same tags, same entity decoding, same errors.

Offsets in the returned entities are in UTF-16 code units, as in the Bot API. Error texts match TDLib's
(``Unsupported start tag "x" at byte offset N`` ...), with byte offsets into the UTF-8 encoded input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SUPPORTED_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins"}
    | {"tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote"}
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_SPACES = " \t\r\n\f\v"


class EntityParseError(ValueError):
    """The text of "Bad Request: can't parse entities: ..."."""


@dataclass(slots=True)
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the result
    result_index: int  # index in the result string, to read a link's own text
    expandable: bool = False


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode the entity at ``text[i] == '&'``; unknown entities stay literal, as in TDLib."""
    match = _ENTITY_RE.match(text, i)
    if not match:
        return None
    if match.group(1):
        return _NAMED[match.group(1)], match.end()
    code = int(match.group(2)) if match.group(2) else int(match.group(3), 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and the Bot API entities of ``text`` in HTML parse mode."""
    result: list[str] = []
    result_len = 0  # characters in result
    utf16_offset = 0
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                result.append(decoded[0])
                result_len += 1
                utf16_offset += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if c != "<":
            result.append(c)
            result_len += 1
            utf16_offset += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        if i + 1 < n and text[i + 1] == "/":
            i = _close_tag(text, begin, stack, result, utf16_offset, entities)
        else:
            i, opened = _open_tag(text, begin)
            opened.offset = utf16_offset
            opened.result_index = result_len
            stack.append(opened)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(result), entities


def _open_tag(text: str, begin: int) -> tuple[int, _Open]:
    n = len(text)
    i = begin + 1
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    tag = text[begin + 1 : i].lower()
    if tag not in SUPPORTED_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
    opened = _Open(tag=tag, argument="", offset=0, result_index=0)
    while True:
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if text[i] == ">":
            break
        attr_begin = i
        while i < n and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        attribute = text[attr_begin:i].lower()
        if not attribute:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n or text[i] != "=":
            if tag == "blockquote" and attribute == "expandable":
                opened.expandable = True
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        i += 1
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
        value, i = _attribute_value(text, i)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        _apply_attribute(opened, attribute, value)
    if tag == "span" and opened.argument != "spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}')
    return i + 1, opened


def _attribute_value(text: str, i: int) -> tuple[str, int]:
    n = len(text)
    if text[i] not in "'\"":
        start = i
        while i < n and ((text[i].isalnum() and text[i].isascii()) or text[i] in ".-"):
            i += 1
        if i < n and text[i] not in _SPACES and text[i] != ">":
            raise EntityParseError(f"Unexpected end of name token at byte offset {_byte_offset(text, start)}")
        return text[start:i].lower(), i
    quote = text[i]
    i += 1
    value: list[str] = []
    while i < n and text[i] != quote:
        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1]
                continue
        value.append(text[i])
        i += 1
    if i < n:
        i += 1
    return "".join(value), i


def _apply_attribute(opened: _Open, attribute: str, value: str) -> None:
    """Unknown attributes are ignored, as Telegram does."""
    if opened.tag == "a" and attribute == "href":
        opened.argument = value
    elif opened.tag == "code" and attribute == "class" and value.startswith("language-"):
        opened.argument = value.removeprefix("language-")
    elif opened.tag == "span" and attribute == "class" and value.startswith("tg-"):
        opened.argument = value.removeprefix("tg-")
    elif opened.tag == "tg-emoji" and attribute == "emoji-id":
        opened.argument = value
    elif opened.tag == "blockquote" and attribute == "expandable":
        opened.expandable = True


def _close_tag(
    text: str,
    begin: int,
    stack: list[_Open],
    result: list[str],
    utf16_offset: int,
    entities: list[dict[str, Any]],
) -> int:
    n = len(text)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    i = begin + 2
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    end_tag = text[begin + 2 : i].lower()
    while i < n and text[i] in _SPACES:
        i += 1
    if i >= n or text[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    opened = stack.pop()
    if end_tag and end_tag != opened.tag:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
            f'expected "</{opened.tag}>", found "</{end_tag}>"'
        )
    length = utf16_offset - opened.offset
    if length > 0:
        entity = _make_entity(opened, length, "".join(result[opened.result_index :]), entities)
        if entity is not None:
            entities.append(entity)
    return i + 1


def _make_entity(opened: _Open, length: int, inner_text: str, entities: list[dict[str, Any]]) -> dict[str, Any] | None:
    base: dict[str, Any] = {"offset": opened.offset, "length": length}
    tag = opened.tag
    if tag in _SIMPLE_TYPES:
        return {"type": _SIMPLE_TYPES[tag], **base}
    if tag == "a":
        url = opened.argument or inner_text
        user_id = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user_id:
            return {"type": "text_mention", **base, "user": {"id": int(user_id.group(1)), "is_bot": False}}
        checked = check_link(url)
        return {"type": "text_link", **base, "url": checked} if checked else None
    if tag == "code":
        return {"type": "code", **base, "_language": opened.argument}
    if tag == "pre":
        # <pre><code class="language-x">...</code></pre> is one pre entity with a language.
        if entities and entities[-1]["type"] == "code" and entities[-1]["offset"] == opened.offset:
            inner = entities.pop()
            if inner["length"] == length and inner.get("_language"):
                return {"type": "pre", **base, "language": inner["_language"]}
            entities.append(inner)
        return {"type": "pre", **base}
    if tag == "blockquote":
        return {"type": "expandable_blockquote" if opened.expandable else "blockquote", **base}
    if tag == "tg-emoji":
        if not opened.argument:
            raise EntityParseError("Custom emoji identifier must be non-empty")
        return {"type": "custom_emoji", **base, "custom_emoji_id": opened.argument}
    return None


def check_link(url: str) -> str | None:
    """A rough ``LinkManager::check_link``: http(s), tg and ton links, or a bare host; None if invalid."""
    url = url.strip()
    if not url or any(ch in url for ch in " \n\t<>"):
        return None
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://", url)
    if match:
        scheme = match.group(1).lower()
        if scheme not in {"http", "https", "tg", "ton"}:
            return None
        rest = url[match.end() :]
        if scheme in {"http", "https"}:
            if not rest or rest[0] in "/?#":
                return None
            if "/" not in rest and "?" not in rest and "#" not in rest:
                return f"{url}/"
        return url
    if re.match(r"^[\w-]+(\.[\w-]+)+(:\d+)?([/?#].*)?$", url):
        return check_link(f"http://{url}")
    return None


def finish_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the parser's private keys."""
    return [{k: v for k, v in e.items() if not k.startswith("_")} for e in entities]


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace as Telegram does, moving and clamping the entities with the text."""
    lead = len(text) - len(text.lstrip())
    shift = utf16_len(text[:lead])
    stripped = text.strip()
    end = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept

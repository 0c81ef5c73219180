"""Report files to RawReports: encodings, formats, and clear refusals.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are, UTF-16
without a BOM by which byte order yields Arabic or Latin letters; legacy
Arabic encodings (Windows-1256, ISO-8859-6) are recognised by which decoding
yields Arabic letters. A file that cannot be a report raises ReportFileError with
a one-line reason, which becomes the note beside it in ``failed/``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from bot.analysis.normalize import arabic_ratio
from bot.errors import ReportFileError
from bot.models import RawReport
from bot.safe_files import FileRefused, read_regular

MAX_REPORT_BYTES = 5 * 1024 * 1024  # a news report is kilobytes; anything this large is not one
SUFFIXES = (".txt", ".md", ".json", ".html", ".htm")
_LEGACY_ARABIC = ("cp1256", "iso8859_6")


def decode_bytes(data: bytes) -> str:
    """Bytes to text, or ReportFileError when no encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReportFileError(f"invalid UTF-16 text at byte {exc.start}") from None
    if b"\x00" in data:
        if (text := _utf16_without_bom(data)) is not None:
            return text
        raise ReportFileError("binary file (contains NUL bytes), not a text report")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # Arabic in UTF-16 with no space or Latin letter has no NUL, and is "valid" UTF-8 control noise
        if _printable_share(text) < 0.95 and (utf16 := _utf16_without_bom(data)) is not None:
            return utf16
        return text
    best: tuple[float, str] | None = None
    for encoding in _LEGACY_ARABIC:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = arabic_ratio(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.3:
        raise ReportFileError("unknown text encoding (not UTF-8, UTF-16 or an Arabic legacy encoding)")
    return best[1]


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 with no BOM (some Windows tools), else None.

    Each byte order is tried; the right one gives Arabic or Latin letters, the wrong
    one CJK-looking noise (``a\x00`` read big-endian is 愀). Binary data gives neither.
    """
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) - len(data) % 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _script_share(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.9:
        return None
    if len(data) % 2:
        raise ReportFileError("UTF-16 text without a BOM, cut short (an odd number of bytes)")
    return best[1]


def _script_share(text: str) -> float:
    """The share of characters a report is written in: ASCII, Arabic, punctuation and spaces."""
    good = sum(
        1
        for c in text
        if (" " <= c < "\x7f" or c in "\n\r\t\xa0")
        or "\u0600" <= c <= "\u06ff"
        or "\u0750" <= c <= "\u077f"
        or "\u2000" <= c <= "\u206f"
        or "\ufb50" <= c <= "\ufeff"
    )
    return good / len(text) if text else 0.0


_LINE_BREAKS = str.maketrans("", "", "\n\r\t")


def _printable_share(text: str) -> float:
    """The share of printable characters (line breaks and tabs count as printable)."""
    if not text:
        return 0.0
    if text.translate(_LINE_BREAKS).isprintable():  # the usual case, checked in C: all of it
        return 1.0
    good = sum(map(str.isprintable, text)) + text.count("\n") + text.count("\r") + text.count("\t")
    return good / len(text)


def split_headline(text: str) -> tuple[str | None, str]:
    """A first line followed by an empty line is the headline."""
    lines = text.strip().splitlines()
    if len(lines) >= 3 and lines[0].strip() and not lines[1].strip():
        headline = lines[0].strip().lstrip("#").strip()
        return headline, "\n".join(lines[2:]).strip()
    return None, text.strip()


class _TextExtractor(HTMLParser):
    """The readable text of an article page: its title and paragraphs, without scripts or menus."""

    _SKIP: ClassVar[set[str]] = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg"}
    _BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "article",
        "section",
        "blockquote",
        "tr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    """(title, main text) of an HTML page."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in text.split("\n")]
    body = "\n".join(p for p in paragraphs if p)
    title = parser.title.strip() or None
    return title, body


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def read_report(
    path: Path,
    *,
    source: str = "inbox",
    follow: bool = True,
    check: Callable[[os.stat_result], None] | None = None,
) -> RawReport:
    """Read one report file, or raise ReportFileError saying why it cannot be one.

    Only a regular file is read (never a FIFO or a device); ``follow=False`` (the inbox) refuses links too, and
    ``check`` may refuse the opened file after looking at its ``fstat`` (bot/safe_files.py).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportFileError(f"unsupported file type {suffix or '(none)'}: expected {', '.join(SUFFIXES)}")
    try:
        data, _ = read_regular(path, max_bytes=MAX_REPORT_BYTES, follow=follow, check=check)
    except FileRefused as exc:
        raise ReportFileError(str(exc)) from None
    except OSError as exc:
        raise ReportFileError(f"cannot read file: {exc.strerror}") from None
    return parse_report(data, suffix, origin=str(path), source=source)


def parse_report(data: bytes, suffix: str, *, origin: str, source: str = "inbox") -> RawReport:
    """A report from a file's bytes (``suffix`` says the format), or ReportFileError."""
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReportFileError("empty file")
    if _printable_share(text) < 0.95:
        raise ReportFileError("not readable text (too many control characters)")
    if suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportFileError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
        except RecursionError:  # [[[[… a hundred thousand deep: not a report, and not a crash either
            raise ReportFileError("invalid JSON: nested too deeply") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise ReportFileError('JSON report needs a non-empty "text" string')
        return RawReport(
            text=obj["text"].strip(),
            title=(obj["title"].strip() or None) if isinstance(obj.get("title"), str) else None,  # "  " is none
            url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            source=obj["source"] if isinstance(obj.get("source"), str) and obj["source"].strip() else source,
            published=_parse_time(obj.get("published")),
            origin=origin,
        )
    if suffix in (".html", ".htm"):
        title, body = html_to_text(text)
        if not body:
            raise ReportFileError("no readable text in the HTML page")
        return RawReport(text=body, title=title, source=source, origin=origin)
    title, body = split_headline(text)
    return RawReport(text=body, title=title, source=source, origin=origin)

"""The bot's own words in Arabic and English, from bot/messages/*.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("ar", "en")


@cache
def _catalog(language: str) -> dict[str, Any]:
    text = resources.files("bot").joinpath("messages", f"{language}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def t(language: str, key: str, /, **params: object) -> str:
    """The message ``key`` ("cmd.start", "event.airstrike") in ``language``, falling back to English."""
    language = language if language in LANGUAGES else "en"
    for lang in (language, "en"):
        node: Any = _catalog(lang)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**params) if params else node
    return key


def counted(language: str, key: str, n: int) -> str:
    """A count with its noun in the right number: "1 child", "طفلان", "11 طفلاً".

    Looks up ``key_1``, ``key_2`` and ``key_many`` (11 and more: Arabic's singular accusative) before ``key``.
    """
    form = {1: "_1", 2: "_2"}.get(n, "_many" if n > 10 else "")
    if form:
        text = t(language, key + form, n=n)
        if text != key + form:
            return text
    return t(language, key, n=n)


def keys(language: str, section: str) -> dict[str, str]:
    """Every message of one section, e.g. the event type names."""
    return dict(_catalog(language if language in LANGUAGES else "en").get(section, {}))

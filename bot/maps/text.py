"""Text on pictures: one font that carries Arabic and Latin glyphs, Arabic shaped and laid right-to-left.

The font (Noto Sans Arabic, SIL OFL) comes from the PyPI package ``fontpkg-noto-sans-arabic``, so
``pip install`` brings it and nothing is looked up on the system. Shaping is done in Python
(``arabic-reshaper`` joins the letters, ``python-bidi`` puts them in visual order) and drawn with Pillow's
basic layout: the same picture on every machine, whether or not Pillow found libraqm and fribidi.
"""

from __future__ import annotations

import contextlib
import re
from functools import cache
from pathlib import Path

import arabic_reshaper
import fontpkg_noto_sans_arabic
from bidi import get_display
from PIL import ImageFont

_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@cache
def font_path() -> Path:
    return next(Path(fontpkg_noto_sans_arabic.ROOT, "files").glob("NotoSansArabic*.ttf"))


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    face = ImageFont.truetype(str(font_path()), size, layout_engine=ImageFont.Layout.BASIC)
    if bold:
        with contextlib.suppress(OSError, ValueError):  # a static font: regular weight
            face.set_variation_by_axes([700, 100])  # wght, wdth of the variable font
    return face


@cache
def visual(text: str) -> str:
    """``text`` as it must be drawn left to right: Arabic letters joined and runs reordered."""
    if not _ARABIC.search(text):
        return text
    # python-bidi 0.6 reorders but does not mirror brackets: in a right-to-left line "(" must show as ")".
    return get_display(arabic_reshaper.reshape(text)).translate(_MIRROR)


def is_rtl(language: str) -> bool:
    return language == "ar"

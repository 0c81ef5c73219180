"""The 14 governorates and their spellings, shared by matching (subscriptions) and the search index."""

from __future__ import annotations

from functools import cache

from bot.analysis.normalize import normalize

# The 14 governorates: English name as in the gazetteer, Arabic name, p-code, other spellings.
GOVERNORATES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Damascus", "دمشق", "SY01", ("Damascus City", "Dimashq", "الشام")),
    ("Aleppo", "حلب", "SY02", ("Halab",)),
    ("Rif Dimashq", "ريف دمشق", "SY03", ("Rif-dimashq", "Damascus Countryside", "Rural Damascus")),
    ("Homs", "حمص", "SY04", ("Hims",)),
    ("Hama", "حماة", "SY05", ("Hamah",)),
    ("Latakia", "اللاذقية", "SY06", ("Lattakia", "Ladhiqiyah")),
    ("Idlib", "إدلب", "SY07", ("Idleb",)),
    ("Al-Hasakah", "الحسكة", "SY08", ("Hasakah", "Hasaka", "Hasakeh", "Hassakeh")),
    ("Deir ez-Zor", "دير الزور", "SY09", ("Deir Ezzor", "Deir al-Zor", "Dayr az-Zawr", "ديرالزور")),
    ("Tartus", "طرطوس", "SY10", ("Tartous",)),
    ("Raqqa", "الرقة", "SY11", ("Ar-Raqqah", "Al-Raqqah", "Raqqah", "Rakka")),
    ("Daraa", "درعا", "SY12", ("Dar'a", "Deraa", "Dara")),
    ("As-Suwayda", "السويداء", "SY13", ("Suwayda", "Sweida", "Sweida", "al-Suwayda")),
    ("Quneitra", "القنيطرة", "SY14", ("Al-Qunaytirah", "Qunaytirah")),
)


@cache
def _governorate_index() -> dict[str, tuple[str, str, str]]:
    """Every folded spelling of a governorate -> (English name, Arabic name, p-code)."""
    index: dict[str, tuple[str, str, str]] = {}
    for en, ar, pcode, others in GOVERNORATES:
        for name in (en, ar, *others):
            folded = normalize(name).replace("-", " ")
            index[folded] = (en, ar, pcode)
            if folded.startswith("al "):
                index[folded[3:]] = (en, ar, pcode)
            if folded.startswith("ال"):
                index[folded[2:]] = (en, ar, pcode)
    return index


def governorate(name: str) -> tuple[str, str, str] | None:
    """A governorate named in Arabic or English, any common spelling: (English, Arabic, p-code)."""
    return _governorate_index().get(normalize(name).replace("-", " ").strip())

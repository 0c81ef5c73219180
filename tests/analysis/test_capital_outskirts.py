"""Damascus is a governorate of its own: what happens near it, outside it or west of it happens in Rif Dimashq.

Real outlets place an Israeli strike "قرب دمشق" or "غربي العاصمة دمشق" and the labels give Rif Dimashq (Kisweh, Deir
al-Ashayer); "في دمشق", "وسط دمشق", "في شرق دمشق" are the city. "جنوب دمشق" stays the city too: the southern pocket
(Yarmouk camp, Tadamon in the city; Hajar al-Aswad, Yalda, Babbila outside it) straddles the border, and the place
named beside it decides.
"""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.analysis.lexicon import scan
from bot.analysis.normalize import match_tokens
from bot.analysis.places import best_place, find_places


def _governorate(sentence: str) -> str | None:
    caps = [w[:1].isupper() for w in sentence.split()] if sentence.isascii() else None
    place = best_place(find_places(scan(match_tokens(sentence)), caps))
    return place.governorate if place is not None else None


@pytest.mark.parametrize(
    ("sentence", "governorate"),
    [
        ("ضربة إسرائيلية قرب دمشق", "Rif Dimashq"),
        ("تصدت الدفاعات الجوية لهدف معاد غربي العاصمة دمشق", "Rif Dimashq"),
        ("قتل أكثر من 100 شخص في المنطقة الواقعة خارج العاصمة دمشق", "Rif Dimashq"),
        ("انفجارات قوية بالقرب من دمشق", "Rif Dimashq"),
        ("قصف على مواقع في محيط العاصمة السورية دمشق", "Rif Dimashq"),
        ("Israeli missiles hit a base near Damascus", "Rif Dimashq"),
        ("Air defences intercepted a target west of the capital Damascus", "Rif Dimashq"),
        ("سقطت قذائف في دمشق", "Damascus"),
        ("سقطت قذائف على وسط دمشق", "Damascus"),
        ("سقطت قذائف في شرق دمشق", "Damascus"),  # in the east of the city
        ("Mortars fell in Damascus", "Damascus"),
        ("غارات على مواقع داعش جنوبي دمشق", "Damascus"),  # the southern pocket: the place named decides
        ("قصف على حي الحجر الأسود جنوبي العاصمة دمشق", "Rif Dimashq"),
        ("قصف على مخيم اليرموك جنوب دمشق", "Damascus"),
        ("غارات على ريف دمشق", "Rif Dimashq"),
    ],
)
def test_near_damascus_is_rif_dimashq_in_damascus_is_the_city(sentence: str, governorate: str) -> None:
    assert _governorate(sentence) == governorate


def test_a_strike_near_the_capital_alerts_rif_dimashq() -> None:
    title = "غارة إسرائيلية على موقع عسكري قرب دمشق"
    text = "استهدفت غارة إسرائيلية ليل الثلاثاء موقعا عسكريا قرب العاصمة السورية دمشق، بحسب وسائل إعلام رسمية."
    (event,) = analyze(text, title=title, gate=False).events
    assert event.type == "airstrike" and event.location.governorate == "Rif Dimashq"

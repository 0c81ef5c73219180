"""Reports with no conflict or diplomatic event give ``events == []``: a recipe, a match, next to nothing."""

from __future__ import annotations

import pytest

from bot.analysis import analyze


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Easy lentil soup",
            "Rinse one cup of red lentils. Fry two onions in olive oil, add cumin and the lentils, "
            "cover with water and simmer for 20 minutes. Blend and serve with lemon.",
        ),
        ("طبخة المجدرة", "اغسل كوبا من العدس واطبخه مع الأرز والبصل المقلي بزيت الزيتون، ثم قدمه مع السلطة."),
        (
            "Barcelona beat Real Madrid 3-1",
            "Barcelona defeated Real Madrid three goals to one on Sunday night in Madrid. Lewandowski scored twice "
            "and the visitors attacked from the first minute. Madrid fans protested the referee decisions.",
        ),
        (
            "فوز الجيش على الوحدة",
            "فاز نادي الجيش على الوحدة بهدفين مقابل هدف في المباراة التي جرت في ملعب العباسيين بدمشق. "
            "وهاجم لاعبو الوحدة منذ الشوط الأول، واحتج الجمهور على قرارات الحكم.",
        ),
        (None, "x"),
        (None, "..."),
    ],
)
def test_no_event(title, text):
    assert analyze(text, title=title).to_json()["events"] == []


@pytest.mark.parametrize(
    "text",
    ["Shelling hit the football stadium in Daraa, killing 3 people.", "قتل 3 أشخاص بقصف على الملعب البلدي في درعا."],
)
def test_a_strike_on_a_stadium_is_still_an_event(text):
    events = analyze(text).to_json()["events"]
    assert [(e["type"], e["killed"], e["location"]["governorate"]) for e in events] == [("shelling", 3, "Daraa")]

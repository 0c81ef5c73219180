"""The report's language is an ISO 639-1 code: a French report is not English, a Chinese one is ``zh``."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.analysis.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("قتل خمسة مدنيين في غارة على معرة النعمان", "ar"),
        ("An airstrike on Idlib killed 5 people, including 2 children.", "en"),
        ("Clashes in Daraa killed 4 fighters.", "en"),
        ("Jabhat al-Nusra fighters entered Maarat al-Numan and the road to Bab el-Hawa was closed.", "en"),
        (
            "Le gouvernement français a annoncé mardi une réforme des retraites. Les syndicats appellent à la grève.",
            "fr",
        ),
        ("El gobierno anunció el martes una reforma de las pensiones y los sindicatos convocan una huelga.", "es"),
        ("Die Regierung hat am Dienstag eine Reform angekündigt und die Gewerkschaften sind dagegen.", "de"),
        ("北京时间周二，中国政府宣布了新的经济政策。", "zh"),
        ("東京で会議が開かれました。", "ja"),
        ("Правительство объявило о реформе пенсионной системы.", "ru"),
        ("x", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_a_french_report_is_analysed_as_french_without_events():
    result = analyze("Le gouvernement a annoncé une réforme des retraites. Les syndicats appellent à la grève.")
    assert (result.language, list(result.events)) == ("fr", [])


@pytest.mark.parametrize(
    "headline", ["Shelling hit Aleppo, 3 killed", "Airstrikes pound Idlib countryside", "Car bomb kills 7 near Azaz"]
)
def test_short_english_headlines_without_common_words_are_english(headline):
    assert detect_language(headline) == "en"

"""History told as background, denied events and nil counts, word sense, missed phrasing, both sides' dead,
places: one table per behaviour (sentences written anew for the error classes of held-out set 2)."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.analysis.casualties import read_casualties
from bot.analysis.lexicon import scan
from bot.analysis.normalize import match_tokens


def _events(text: str) -> list[tuple]:
    return [(e.type, e.location.governorate if e.location else None, e.killed, e.injured) for e in analyze(text).events]


def _types(text: str) -> list[str]:
    return [e.type for e in analyze(text).events]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # 1. history: a month and a year, the pluperfect, comparisons, "last year", "in recent years"
        ("وتتعرض بلدات جبل الزاوية لقصف متكرر منذ سيطرة قوات النظام على خان شيخون في آب 2019.", []),
        ("وكانت الفصائل قد سيطرت على قرية الحاكورة قبل أن تنسحب منها.", []),
        ("ويأتي هذا التفجير بعد أسابيع من تفجير مماثل في مدينة عفرين.", []),
        ("ويعد هذا الهجوم الثاني من نوعه على مدينة سراقب خلال شهر.", []),
        ("ووثقت منظمات محلية مقتل أكثر من 90 مدنياً بانفجار ألغام في المحافظة خلال العام الماضي.", []),
        ("وتنص اتفاقية فض الاشتباك الموقعة عام 1974 على منطقة عازلة.", []),
        ("The town became notorious in April 2017, when a gas attack killed dozens.", []),
        ("Clashes in the area last year left more than 50 people dead.", []),
        ("Israel has carried out hundreds of strikes in Syria in recent years.", []),
        ("The village has been fought over for months.", []),
        ("Many of the camp's residents were displaced earlier in the war.", []),
        # 2. denied events
        ("تداول ناشطون أنباء عن غارة جوية على بلدة سرمين، إلا أن الدفاع المدني نفى صحة ذلك.", []),
        ("A spokesman denied that the truce had been breached near Thaala.", []),
        # 3. word sense
        ("وبدأت الفصائل بالبحث عن الألغام في أحياء المدينة.", []),
        ("وضبطت القوة أسلحة وذخائر ومعدات تستخدم في تصنيع العبوات الناسفة.", []),
        ("The union said schools would stay closed until their demands were met.", []),
        ("The talks also covered the release of detainees, an official said.", ["diplomacy"]),
        ("The commander had joined a Russian-brokered reconciliation deal in 2018.", []),
        ("أعلنت وزارة الداخلية وقفاً لإطلاق النار في محافظة السويداء.", ["ceasefire"]),
        # 4. phrasing that was missed
        ("تجمع مئات المحتجين في ساحة السير وسط مدينة السويداء.", ["protest"]),
        ("شنت قوات الأمن حملة دهم واعتقالات منذ صباح اليوم في مدينة الرستن.", ["arrests"]),
        ("Hundreds of teachers went on strike in Idlib city on Sunday.", ["protest"]),
        ("Syrian troops entered the town of Saraqeb on Thursday.", ["territory_change"]),
        ("Israeli missiles struck an arms depot near Kisweh, killing two soldiers.", ["airstrike"]),
        # still events: a dateline's full date is not history
        ("18 October 2016 Four people were killed in a car bomb in the town of Azaz.", ["bombing"]),
        ("قصفت قوات النظام بالمدفعية بلدة كنصفرة في 3 آذار 2024.", ["shelling"]),
    ],
)
def test_event_types(text: str, types: list[str]) -> None:
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # both sides, past a qualifier or with "واثنين من"
        ("قُتل 12 عنصراً من قوات النظام، وما لا يقل عن ستة عناصر من تنظيم الدولة خلال اشتباكات.", 18, None),
        ("وأسفرت المواجهات عن مقتل ثلاثة عناصر من الأمن العسكري، واثنين من المسلحين، فيما جرح آخرون.", 5, None),
        ("قتل ثلاثة عناصر من قوات النظام وأصيب اثنان من المسلحين.", 3, 2),
        # one titled victim
        ("استشهد ضابط برتبة مقدم جراء انفجار عبوة ناسفة بسيارته.", 1, None),
        ("Gunmen shot dead a former commander, and a bomb wounded three soldiers.", 1, 3),
        ("Four rebel fighters suffered breathing difficulties after the attack.", None, 4),
    ],
)
def test_counts(text: str, killed: int | None, injured: int | None) -> None:
    got = read_casualties(scan(match_tokens(text)))
    assert (got.killed, got.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "events"),
    [
        (
            "قصفت القوات التركية بالمدفعية قرى في محيط بلدة تل تمر بريف الحسكة، دون وقوع إصابات.",
            [("shelling", "Al-Hasakah", 0, 0)],
        ),
        (
            "أصيب تسعة مدنيين بحالات اختناق إثر إلقاء مروحية برميلاً يحوي غاز الكلور على بلدة اللطامنة في ريف حماة.\n"
            "ولم تسجل أي حالة وفاة.",
            [("chemical_attack", "Hama", 0, 9)],
        ),
        (
            "A roadside bomb wounded three soldiers near the town of Nawa in Daraa.\nNone of the soldiers was killed.",
            [("bombing", "Daraa", 0, 3)],
        ),
        # a count read wins over a nil phrase about another group
        ("قتل مدنيان بقصف مدفعي على بلدة الأتارب في ريف حلب، دون وقوع إصابات أخرى.", [("shelling", "Aleppo", 2, 0)]),
    ],
)
def test_nil_counts(text: str, events: list[tuple]) -> None:
    assert _events(text) == events


@pytest.mark.parametrize(
    ("text", "place", "governorate"),
    [
        ("Israeli missiles struck a depot near the town of Kisweh south of Damascus.", "Kisweh", "Rif Dimashq"),
        ("Teachers in Syria's northwest went on strike in Idlib city.", "Idlib", "Idlib"),
        ("Refugees crossed back from Lebanon through the Jdeidet Yabous crossing.", "Jdidet Yabus", "Rif Dimashq"),
        ("A roadside bomb wounded four soldiers near the town of Sanamein.", "As-Sanamayn", "Daraa"),
    ],
)
def test_places(text: str, place: str, governorate: str) -> None:
    loc = analyze(text).events[0].location
    assert loc is not None
    assert (loc.name, loc.governorate) == (place, governorate)


# "دوما" is also the adverb "always" (دوماً without its tanween): bare, it is the town only in a report that names its
# region or names it as a place elsewhere.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "أردوغان يتوعد حزب العمال الكردستاني في العراق",
            "وضاعف الجيش التركي في الأسابيع الأخيرة توغلاته في المنطقة التي يستهدفها دوما بغارات جوية.",
            [],
        ),
        (
            "قصف عنيف على الغوطة الشرقية",
            "وتعرضت دوما صباح اليوم لقصف مدفعي عنيف أسفر عن مقتل خمسة مدنيين في الغوطة الشرقية.",
            [("shelling", "Rif Dimashq", 5, None)],
        ),
    ],
)
def test_douma_or_always(title: str, text: str, events: list[tuple]) -> None:
    got = [
        (e.type, e.location.governorate if e.location else None, e.killed, e.injured)
        for e in analyze(text, title=title).events
    ]
    assert got == events

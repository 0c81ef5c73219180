"""A count belongs to the incident it is told with: never summed across incidents, a later toll of the same
incident updates it, a campaign's total (and what continues it) is no incident's count, a figure that mixes killed
and injured counts for neither (tests/data/real/LABELLING.md)."""

from __future__ import annotations

import pytest

from bot.analysis import analyze

REPORTS = [
    (
        "two incidents, two counts",
        "غارات على إدلب ودمشق",
        "قتل 5 مدنيين في غارة جوية على مدينة معرة النعمان في ريف إدلب صباح اليوم.\n"
        "وفي حادث منفصل، قتل 3 مدنيين في قصف مدفعي على مدينة دوما في الغوطة الشرقية.\n"
        "وقال المرصد السوري إن الطائرات الحربية لا تزال تحلق في سماء المنطقة.",
        [("airstrike", 5, None), ("shelling", 3, None)],
    ),
    (
        "a later toll updates the incident",
        "غارات على ريف درعا",
        "قتل 12 مدنيا على الأقل في غارات جوية استهدفت مدينة نوى في ريف درعا الغربي، بحسب المرصد السوري.\n"
        "وقال المرصد إن الغارات استهدفت الأحياء السكنية في المدينة.\n"
        "وارتفعت حصيلة القتلى إلى 15 مدنيا بينهم أربعة أطفال، وفق ما أورد المرصد.",
        [("airstrike", 15, None)],
    ),
    (
        "a campaign total and its continuation are not the incident's",
        "غارة على دوما",
        "قتل 20 مدنيا بينهم أربعة أطفال في غارات جوية على مدينة دوما في الغوطة الشرقية.\n"
        "وارتفعت بذلك حصيلة القتلى منذ بدء الحملة العسكرية في 18 شباط/فبراير إلى 1031 مدنيا.\n"
        "كما أصيب أكثر من 4350 آخرين بجروح.",
        [("airstrike", 20, None)],
    ),
    (
        "a mixed figure counts for neither",
        "هجوم في اللاذقية",
        "شنت فصائل المعارضة هجوما مباغتا على مواقع قوات النظام في جبال اللاذقية الشمالية.\n"
        "وأفاد المرصد بسقوط حوالي 70 قتيل وجريح من قوات النظام.",
        [("clashes", None, None)],
    ),
    (
        "a bare count right after its incident's toll joins it",
        "هجوم مباغت في اللاذقية",
        "شنت فصائل من المعارضة هجوما مباغتا في جبال اللاذقية الشمالية، مما أسفر عن سقوط 27 قتيلا على الأقل من قوات"
        " النظام.\nوقال المرصد إن 27 عنصرا على الأقل من قوات النظام قتلوا في الهجوم.\n"
        "وأسفر الهجوم أيضا عن إصابة أكثر من 40 آخرين من عناصر قوات النظام.",
        [("clashes", 27, 40)],
    ),
    (
        "another source's higher figure later on does not replace the incident's toll",
        "Air strikes kill at least 18 in northwestern Syria",
        "Air strikes hit the town of Urum al-Joz in Idlib province on Saturday, the Observatory said. "
        "The attack killed at least 18 people including five children, said the Observatory. "
        "The Civil Defence service said that the two air raids on the town on Saturday afternoon killed 19.",
        [("airstrike", 18, None)],
    ),
    (
        "a toll that rose is the incident's",
        "Bomb kills 12 in Syria's Azaz",
        "A car bomb killed 12 people in the town of Azaz on Tuesday, the Observatory said. "
        "The bomb went off near a market. The death toll later rose to 20, the Observatory said.",
        [("bombing", 20, None)],
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), REPORTS, ids=[r[0] for r in REPORTS])
def test_each_incident_has_its_own_count(name: str, title: str, text: str, want: list) -> None:
    events = analyze(text, title=title).events
    assert [(e.type, e.killed, e.injured) for e in events] == want

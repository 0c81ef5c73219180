"""The attachment rules of salience.py, one table each, on reports with a headline, a lead and later paragraphs."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.analysis.document import ASIDE, BODY, HEADLINE, LEAD, structure
from bot.analysis.salience import headline_is_plain

LEAD_STRIKE = "قتل خمسة مدنيين صباح اليوم جراء غارات جوية على مدينة سراقب في ريف إدلب الشرقي."
FILLER = "وقال ناشطون إن فرق الدفاع المدني عملت على انتشال الضحايا."


def _report(*later: str) -> str:
    """A lead and enough later paragraphs that the report is an article, not a three-paragraph dispatch."""
    return "\n".join([LEAD_STRIKE, FILLER, *later, FILLER, FILLER])


def _events(text: str, title: str | None = None) -> list[tuple]:
    """The rules' events (and the event gate's choice among them), as ``_placed``: the type model and its decision,
    a later stage with its own tests (test_typemodel.py), are left out of the rules' tables."""
    out = []
    for e in analyze(text, title=title, types=False).events:
        out.append((e.type, e.location.governorate if e.location else None, e.killed))
    return out


def test_structure_roles():
    parts = structure(
        "إدلب – عنب بلدي\nالفقرة الأولى. وجملة ثانية.\nمقتل أكثر من 1100 مدني\nفقرة لاحقة.\nثم.\nو.", "عنوان"
    )
    assert [p.role for p in parts] == [HEADLINE, ASIDE, LEAD, LEAD, ASIDE, BODY, BODY, BODY]
    assert [p.lede for p in parts] == [True, False, True, False, False, False, False, False]


@pytest.mark.parametrize(
    ("later", "events"),
    [
        # rule 1, aside: a crosshead announces nothing
        ("مقتل أكثر من 1100 مدني", [("airstrike", "Idlib", 5)]),
        # rule 2: a later paragraph that opens with "after" ("وبعدما …") recaps what came before
        (
            "وبعدما استعاد النظام السوري مدينة دوما بالكامل من مقاتلي المعارضة في سياق سيطرته على الغوطة الشرقية صباح"
            " اليوم، بدأ خروج 300 مقاتل.",
            [("airstrike", "Idlib", 5)],
        ),
        # rule 2, background: a total, a recap, history
        (
            "وارتفعت حصيلة القتلى جراء القصف منذ بدء الحملة العسكرية على الغوطة الشرقية إلى 1111 مدنيا.",
            [("airstrike", "Idlib", 5)],
        ),
        ("وكانت قوات النظام قد سيطرت على بلدة مديرا في الغوطة الشرقية.", [("airstrike", "Idlib", 5)]),
        ("22 أيلول/سبتمبر: طائرات إسرائيلية تغير على مستودع قرب مطار دمشق.", [("airstrike", "Idlib", 5)]),
        ("وكانت القيادة العامة للجيش أعلنت استعادة السيطرة على بلدة مديرا.", [("airstrike", "Idlib", 5)]),
        # rule 3, abroad: violence in Yemen told in a later paragraph
        ("وفي اليمن، قتل 20 شخصا في غارة جوية على حفل زفاف.", [("airstrike", "Idlib", 5)]),
        # rule 5, news: its own place and the time of the news, or its own toll
        (
            "وفي سياق منفصل، قتل ثلاثة مدنيين مساء اليوم بقصف مدفعي على بلدة كفرنبل في ريف إدلب.",
            [("airstrike", "Idlib", 5), ("shelling", "Idlib", 3)],
        ),
        # rule 5: a town of its own and strong words for violence
        (
            "وشنت طائرات حربية غارات جوية على مدينة كفرنبل في ريف إدلب الجنوبي.",
            [("airstrike", "Idlib", 5), ("airstrike", "Idlib", None)],
        ),
        # ... but not when a quote says it, nor a village that is also a word
        ('وقال ناشط: "شنت الطائرات غارات جوية على مدينة كفرنبل".', [("airstrike", "Idlib", 5)]),
        # rule 6, join: a later strike without a place, time or toll of its own adds nothing new
        ("وتواصلت الغارات الجوية والقصف المدفعي على المدن والبلدات.", [("airstrike", "Idlib", 5)]),
        # a quote in a later paragraph is a reaction, not an announcement
        ('وقال الوزير: "إن المعارك والاشتباكات ستستمر حتى تحرير كل الأرض".', [("airstrike", "Idlib", 5)]),
    ],
)
def test_later_paragraphs(later: str, events: list[tuple]) -> None:
    assert _events(_report(later)) == events


@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        # rule 3: the headline abroad; the lead names no place in Syria
        ("غارة جوية على حفل زفاف في اليمن", "قتل 20 شخصا على الأقل في غارة جوية استهدفت حفل زفاف في محافظة حجة.", []),
        ("هجوم على مسجد في العراق", "قتل 12 مصليا في هجوم انتحاري على مسجد في بغداد اليوم.", []),
        # a headline's country is its topic wherever it stands; a Yemeni city is not the Syrian village it spells
        ("مصر.. القضاء على 13 تكفيريا", "أعلن الجيش، صباح الخميس، القضاء على 13 مسلحا واعتقال 86 آخرين.", []),
        ("هادي يؤكد ضرورة انسحاب الحوثيين من الحديدة", "أكد الرئيس رفضه أي وجود مسلح في مدينة الحديدة.", []),
        # an Israeli strike on Syria is in Syria: a country as the actor is not a place abroad
        (
            "غارات إسرائيلية على سوريا",
            "قتل ثلاثة جنود في غارات جوية إسرائيلية على مواقع قرب مطار المزة العسكري في دمشق.",
            [("airstrike", "Damascus", 3)],
        ),
        # rule 4b: a warning about Syria in the headline and the lead is the diplomacy event
        (  # an interview and a member of parliament speak for no government either
            "حوار خاص مع وزير الخارجية الأردني حول سوريا",
            "قال وزير الخارجية الأردني في حوار خاص إن بلاده تدعم الحل السياسي في سوريا وعودة اللاجئين.",
            [],
        ),
        (
            "نائب كويتي يهاجم مندوب سوريا",
            "قال النائب الكويتي إن مندوب سوريا في مجلس الأمن غاضب من موقف بلاده في جلسة حول إدلب.",
            [],
        ),
        (
            "لافروف يحذر واشنطن من ضرب دمشق",
            "حذر وزير الخارجية الروسي سيرغي لافروف الولايات المتحدة من أي ضربة للقوات السورية.",
            [("diplomacy", None, None)],  # talks and warnings have no place unless held in a Syrian town
        ),
        # the present and feminine forms of the statement verbs ("تحذر", "تدعو", "تدين") are statements too
        (
            "تركيا تحذر فرنسا من إرسال عسكريين إلى سوريا",
            "قال المتحدث باسم الرئاسة التركية إن بلاده لن تقبل ذلك.",
            [("diplomacy", None, None)],
        ),
        # a state announcing or notifying ("تعلن", "أخطرت") in the present or feminine form is its statement
        (
            "روسيا تعلن تطوير الدفاع الجوي السوري بمنظومة صواريخ أس 300",
            "قال المتحدث باسم الكرملين إن القرار اتخذ بعد إسقاط الطائرة الروسية.",
            [("diplomacy", None, None)],
        ),
        # urging ("حض", "حث") is a statement: the lead's is the diplomacy; the battle it warns of is foretold
        (
            "غوتيريش: الهجوم على إدلب سيخلف كابوسا إنسانيا",
            "حض الأمين العام للأمم المتحدة روسيا وتركيا وإيران على حماية المدنيين في محافظة إدلب السورية.",
            [("diplomacy", None, None)],
        ),
        (
            "الأمم المتحدة تدعو إلى حماية المدنيين في سوريا",
            "قال المتحدث باسم الأمين العام إن المنظمة تتابع الوضع.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_headline_and_lead(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # a name that is also a surname or a noun is a place only where the sentence uses it as one
        ("اختار المدرب اللاعب محمد الجاسم في قائمة المنتخب للمباراة الودية.", []),
        ("قتل مدنيان بقصف مدفعي على مدينة جاسم في ريف درعا.", [("shelling", "Daraa", 2)]),
        # a region resolves to its governorate
        ("قتل سبعة مدنيين بقصف مدفعي على الغوطة الشرقية.", [("shelling", "Rif Dimashq", 7)]),
    ],
)
def test_names_and_regions(text: str, events: list[tuple]) -> None:
    assert _events(text) == events


def _placed(text: str, title: str | None = None) -> list[tuple]:
    """The rules' events (and the event gate's choice among them): the type model, a later stage with its own tests
    (test_typemodel.py), is left out of the rules' tables."""
    out = []
    for e in analyze(text, title=title, types=False).events:
        out.append((e.type, e.location.name if e.location else None, e.killed))
    return out


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # rule 7: towns a violent sentence names side by side are one event each; the toll stays with the first
        (
            "قتل ثمانية مدنيين صباح اليوم في القصف على حرستا وعربين في الغوطة الشرقية.",
            [("shelling", "Harasta", 8), ("shelling", "Arbin", None)],
        ),
        (
            "Shelling hit Harasta and Arbin on Monday, killing eight civilians.",
            [
                ("shelling", "Harasta", 8),
                ("shelling", "Arbin", None),
            ],
        ),
        # a comma lists towns as "and" does ("طفس، اليادودة ونصيب", "Harasta, Arbin and ..."): one event each
        (
            "شنت طائرات حربية روسية صباح اليوم غارات على بلدات طفس، اليادودة ونصيب في ريف درعا الغربي.",
            [("airstrike", "Tafs", None), ("airstrike", "Yadudeh", None), ("airstrike", "Nasib", None)],
        ),
        (
            "Shelling hit Ariha, Saraqib on Monday, killing 12 people.",
            [("shelling", "Ariha", 12), ("shelling", "Saraqab", None)],
        ),
        (
            "قصفت الطائرات صباح اليوم بلدة كفرنبل، معرة النعمان وسراقب.",
            [("airstrike", "Kafr Nobol", None), ("airstrike", "Maarat al-Numan", None), ("airstrike", "Saraqab", None)],
        ),
        # ... but a comma before a region or a governorate is no list: "Douma, in Eastern Ghouta" is one place
        (
            "قصفت القوات الحكومية صباح اليوم مدينة دوما، الغوطة الشرقية، ما أسفر عن مقتل 5 أشخاص.",
            [("shelling", "Duma", 5)],
        ),
        ("قصفت القوات الحكومية صباح اليوم بلدة طفس، درعا، ما أسفر عن مقتل 5 أشخاص.", [("shelling", "Tafs", 5)]),
        # a road or a front between two towns is one place
        (
            "قتل مدني جراء صاروخ أطلقته طائرة مسيرة على سيارة على الطريق بين خان أرنبة وجباتا الخشب ظهر اليوم.",
            [("airstrike", "Khan Arnaba", 1)],
        ),
        # a town and its governorate are one place
        ("قتل خمسة مدنيين بقصف مدفعي على بلدة جاسم وريف درعا.", [("shelling", "Jasim", 5)]),
    ],
)
def test_towns_side_by_side(text: str, events: list[tuple]) -> None:
    assert _placed(text) == events


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # a toll counted since a date, or over days of bombardment, is the campaign's: the lead's type stands
        (
            "بلغ عدد القتلى المدنيين في الغوطة الشرقية جراء القصف أكثر من ألف قتيل منذ 18 شباط/فبراير.",
            [("shelling", "Rif Dimashq", None)],
        ),
        (
            "لقي أكثر من 400 مدني مصرعهم في خمسة أيام من الغارات الجوية على الغوطة الشرقية.",
            [("airstrike", "Rif Dimashq", None)],
        ),
        # the day's toll, then the campaign's in a running clause: the day's stands
        (
            "قتل 20 مدنيا اليوم جراء القصف على دوما، لترتفع الحصيلة منذ 18 شباط/فبراير إلى 1031.",
            [("shelling", "Rif Dimashq", 20)],
        ),
    ],
)
def test_campaign_totals(text: str, events: list[tuple]) -> None:
    assert _events(text) == events


def test_headline_figure_that_is_the_total() -> None:
    # the headline repeats the campaign's total the lead gives since a date: the incident's toll is the day's
    title = "مقتل أكثر من ألف مدني في الغوطة الشرقية"
    text = "\n".join(
        [
            "أفاد المرصد أن عدد القتلى المدنيين في الغوطة الشرقية جراء القصف بلغ أكثر من ألف قتيل منذ 18 شباط/فبراير.",
            "وقتل 20 مدنيا اليوم جراء القصف على مدينة دوما.",
            FILLER,
            FILLER,
        ]
    )
    assert [e.killed for e in analyze(text, title=title).events if e.type == "shelling"] == [20]


# Rule 4c: a headline that asks a question or threatens heads analysis or a threat: its lead is judged like a later
# paragraph (rule 5) and its headline announces nothing; a later paragraph with its own place and time still does.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "هل تنجح روسيا في تفادي مواجهة إيرانية إسرائيلية شاملة في سوريا؟",
            "استهدفت غارات إسرائيلية مواقع إيرانية في سوريا مرات عدة.",
            [],
        ),
        (
            "روسيا: عواقب وخيمة لأميركا إذا استهدفت الجيش السوري",
            "حذر وزير الخارجية الروسي سيرغي لافروف، الثلاثاء، واشنطن من استهداف القوات الحكومية السورية.",
            [],
        ),
        (
            "البيت الأبيض: كل الخيارات مطروحة حول سوريا وأحدها الضرب بالصواريخ",
            "قالت المتحدثة باسم البيت الأبيض إن الولايات المتحدة تبقي الخيارات مفتوحة حول سوريا.",
            [],
        ),
        (  # an explainer: its lead tells the background it explains
            "بالتفاصيل.. القدرات العسكرية الروسية في سوريا",
            "استهدفت غارات إسرائيلية مواقع إيرانية في سوريا مرات عدة.",
            [],
        ),
        (
            "تعرف على مطار المزة الذي استهدفته غارات إسرائيلية",
            "استهدفت غارات إسرائيلية مواقع إيرانية في سوريا مرات عدة.",
            [],
        ),
        # the same lead below a headline that tells news announces its incident
        (
            "غارات إسرائيلية على مواقع إيرانية في سوريا",
            "استهدفت غارات إسرائيلية مواقع إيرانية في سوريا مرات عدة.",
            [("airstrike", None, None)],
        ),
        # a warning that threatens nothing is still the diplomacy event (the in-house convention)
        (
            "لافروف يحذر واشنطن من ضرب دمشق",
            "حذر وزير الخارجية الروسي سيرغي لافروف الولايات المتحدة من أي ضربة للقوات السورية.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_questions_and_threats_announce_nothing(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


@pytest.mark.parametrize(
    ("later", "events"),
    [
        # rule 2: a later paragraph dated by day and month tells an earlier incident
        (
            "وفي 30 أبريل شنت طائرات حربية غارات على مستودع أسلحة قرب مدينة حماة وقتل 26 شخصا.",
            [("airstrike", "Idlib", 5)],
        ),
        # ... and one dated by "in" and a month alone ("وفي شباط/فبراير"): the day's news is told by its weekday
        (
            "وفي شباط/فبراير، شنت طائرات حربية غارات على مستودع أسلحة قرب مدينة حماة وقتل 26 شخصا.",
            [("airstrike", "Idlib", 5)],
        ),
        # rule 5: "also" adds to the incident told before; its town does not make it news of its own
        ("كما شملت الغارات مطار النيرب العسكري المجاور لمطار حلب.", [("airstrike", "Idlib", 5)]),
    ],
)
def test_dated_and_continued_later_paragraphs(later: str, events: list[tuple]) -> None:
    assert _events(_report(later)) == events


def test_a_pluperfect_paragraph_of_a_dispatch_is_a_recap() -> None:
    """In a dispatch (all lead) a paragraph after the first that opens with "وكانت" tells what came before."""
    text = "\n".join(
        [
            "زار الرئيس السوري بشار الأسد قواته في الغوطة الشرقية.",
            "وكانت القيادة العامة للجيش أعلنت استعادة السيطرة على بلدة مديرا بعد غارات جوية على الغوطة الشرقية.",
        ]
    )
    assert _events(text, "الأسد وسط قواته في الغوطة الشرقية") == []


def test_a_statements_word_beside_a_toll_is_no_statement_of_its_own() -> None:
    """A weak word ("وفقا للبيان") told with a toll refers to the strike: a toll is a violent incident's, and the
    statement it cites is no diplomacy event of its own."""
    text = "\n".join(
        [
            "شنت مقاتلات عراقية، السبت، غارات جوية استهدفت مقرا لتنظيم داعش، ما أسفر عن مقتل نحو 30 مسلحا.",
            "واستهدف القصف، بحسب بيان للجيش العراقي، مقرين للتنظيم في منطقة هجين بشرق سوريا.",
            "وأسفرت العملية، وفقا للبيان، عن تدمير الأهداف بالكامل ومقتل نحو 30 مسلحا بينهم قادة في التنظيم.",
        ]
    )
    assert [e.type for e in analyze(text, title="غارات عراقية على مواقع لداعش في سوريا").events] == ["airstrike"]


_RAID = "\n".join(
    [
        "شنت مقاتلات إسرائيلية فجر اليوم غارات على عشرات المواقع العسكرية التابعة لفيلق القدس داخل سوريا.",
        "وقال المتحدث باسم الجيش الإسرائيلي إن جميع الطائرات عادت إلى قواعدها بسلام.",
        "وتقول إسرائيل إنها لن تسمح بتموضع عسكري إيراني في سوريا.",
        "وقالت وسائل إعلام رسمية سورية إن الدفاعات الجوية تصدت للهجوم.",
    ]
)


# A later paragraph that says the raid "also" hit a town names a further target of the same incident: a place of its
# own (one event per type and place), beside the strikes told without one. Without "also" the town is where the
# strikes told before fell; a recap or a dated paragraph still adds nothing.
@pytest.mark.parametrize(
    ("later", "events"),
    [
        (
            "وأضاف البيان أن الغارات استهدفت أيضا مجمعا عسكريا في بلدة الكسوة.",
            [("airstrike", None, None), ("airstrike", "Kisweh", None)],
        ),
        ("وأضاف البيان أن الغارات استهدفت مجمعا عسكريا في بلدة الكسوة.", [("airstrike", "Kisweh", None)]),
        ("وكانت الغارات قد استهدفت أيضا مجمعا عسكريا في بلدة الكسوة.", [("airstrike", None, None)]),
        ("وفي 30 أبريل استهدفت الغارات أيضا مجمعا عسكريا في بلدة الكسوة.", [("airstrike", None, None)]),
    ],
)
def test_a_further_target_is_a_place_of_its_own(later: str, events: list[tuple]) -> None:
    assert _placed(_RAID + "\n" + later, "غارات إسرائيلية على مواقع إيرانية في سوريا") == events


_FLIGHT = "\n".join(
    [
        "فرت مئات العائلات اليوم من المناطق التي تسيطر عليها المعارضة في ريف درعا الشرقي خوفا من تقدم القوات الحكومية.",
        "وقالت الأمم المتحدة إنها قلقة على سلامة المدنيين في جنوب غربي سوريا.",
        "وتحذر الولايات المتحدة من أي انتهاك لاتفاق خفض التصعيد.",
    ]
)


# A later paragraph that aims a plain word for violence ("قصف") at places it calls towns ("في بلدة الحراك") announces
# strikes on them (one event per town), even told by an agency. An area, an area word before a common word ("منطقة
# الحالات"), a recap and a quote still add nothing.
@pytest.mark.parametrize(
    ("later", "events"),
    [
        (
            'وقالت وكالة الأنباء السورية (سانا) إن الجيش شرع في قصف مواقع فصيل "هيئة تحرير الشام" في بلدة الحراك وبصر'
            " الحرير.",
            [("displacement", "Daraa", None), ("shelling", "Hrak", None), ("shelling", "Bisr Elharir", None)],
        ),
        ("وقصف الجيش مواقع المسلحين في المنطقة.", [("displacement", "Daraa", None)]),
        ("وقصف الجيش مواقع المسلحين في منطقة الحالات.", [("displacement", "Daraa", None)]),
        ("وكانت القوات الحكومية قد قصفت مواقع المسلحين في بلدة الحراك.", [("displacement", "Daraa", None)]),
        ('وقال ناشط: "قصف الجيش مواقع المسلحين في بلدة الحراك".', [("displacement", "Daraa", None)]),
    ],
)
def test_a_strike_on_a_place_called_a_town_is_news(later: str, events: list[tuple]) -> None:
    assert _placed(_FLIGHT + "\n" + later, "فرار الآلاف من ريف درعا تحسبا لهجوم القوات الحكومية") == events


# Rule 4d: a headline that tells no incident heads a feature or a report on conditions: its lead's violence or
# displacement is judged like a later paragraph (rule 5); a statement in the lead, a lead with its own place and
# time, and a headline that quotes a source ("المرصد السوري: …") still announce.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "ظروف عمل قاسية للاجئين السوريين في المدن الكبرى",
            "يتعرض عدد كبير من اللاجئين السوريين الذين فروا من الحرب إلى ظروف عمل قاسية، وفق تقرير حقوقي.",
            [],
        ),
        (
            "أربعة أشياء يرغب فيها السوريون قبل العودة",
            "يعلم الجميع أن السوريين فروا من مدينة حمص هربا من الحرب المدمرة هناك.",
            [],
        ),
        # the lead's own place and time: news even below a plain headline
        (
            "يوم طويل في الشمال السوري",
            "قتل خمسة مدنيين صباح اليوم جراء غارات جوية على مدينة سراقب في ريف إدلب الشرقي.",
            [("airstrike", "Idlib", 5)],
        ),
        # a statement in the lead is the report's news
        (
            "فرنسا والأزمة السورية",
            "دان وزير الخارجية الفرنسي جان إيف لودريان، الاثنين، استمرار القصف على الغوطة الشرقية في سوريا.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_a_headline_that_tells_no_incident(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


@pytest.mark.parametrize(
    ("headline", "plain"),
    [
        ("ظروف عمل قاسية للاجئين السوريين", True),
        ("المرصد السوري: النظام يتقدم في ريف درعا", False),
    ],
)
def test_headline_is_plain(headline: str, plain: bool) -> None:
    assert headline_is_plain(headline, has_type=False, has_toll=False) is plain
    assert headline_is_plain(headline, has_type=True, has_toll=False) is False


# A legislator's or a former official's warning is commentary, no government's step: no diplomacy event; a
# minister's is one.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            'عضو بالكونغرس يحذر ترامب من "أسوأ قرار": ستمنح دمشق لإيران',
            "حذر سناتور أميركي من كبار أعضاء مجلس الشيوخ الرئيس دونالد ترامب، الأحد، من أسوأ قرار بشأن سوريا.",
            [],
        ),
        (
            "لافروف يحذر واشنطن من ضرب دمشق",
            "حذر وزير الخارجية الروسي سيرغي لافروف الولايات المتحدة من أي ضربة للقوات السورية.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_commentary_is_no_diplomacy(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# Rule 4e: a headline or a lede that tells what a government, a leader or the UN said, called for or warned of is a
# statement: the strikes, the deal or the returns it names are what was said (one diplomacy event). An army, a
# monitor, the opposition or activists reporting an operation, a statement with a toll, or one made after an
# incident ("بعد") still tell the incident.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "فرنسا: نشر منظومة صواريخ روسية في سوريا ينذر بتصعيد عسكري",
            "قالت وزارة الخارجية الفرنسية، الجمعة، إن نشر منظومة الصواريخ المضادة للطائرات في سوريا ينذر بتصعيد "
            "عسكري ويعرض المنطقة لخطر الغارات.",
            [("diplomacy", None, None)],
        ),
        (
            "أردوغان: الاتفاق مع واشنطن حول منبج لم يمت",
            "قال الرئيس التركي، الخميس، إن الاتفاق حول مدينة منبج في شمال سوريا، والقاضي بانسحاب المقاتلين الأكراد "
            "منها، لا يزال قائما.",
            [("diplomacy", None, None)],
        ),
        (  # an army reports its own strike
            "الجيش الإسرائيلي يقصف موقعا في القنيطرة",
            "أعلن الجيش الإسرائيلي، الجمعة، قصف موقع عسكري سوري في ريف القنيطرة ردا على سقوط قذيفة.",
            [("shelling", "Quneitra", None)],
        ),
        (  # an accusation after the incident: the incident is the news
            "دمشق تتهم إسرائيل بعد غارة على مطار المزة",
            "اتهمت دمشق، السبت، إسرائيل بشن غارة جوية على مطار المزة العسكري غرب العاصمة بعد منتصف الليل.",
            [("airstrike", "Damascus", None)],
        ),
        (  # a toll told by the UN is the incident's
            "الأمم المتحدة: مقتل 20 مدنيا في غارات على دوما",
            "قال المتحدث باسم الأمم المتحدة، الاثنين، إن 20 مدنيا قتلوا في غارات جوية على مدينة دوما في الغوطة "
            "الشرقية.",
            [("airstrike", "Rif Dimashq", 20)],
        ),
        (  # the opposition accusing the government of a violation reports it
            None,
            "اتهمت المعارضة السورية قوات النظام بخرق اتفاق وقف إطلاق النار في ريف حماة الشمالي عبر قصف بلدة مورك.",
            [("ceasefire", "Hama", None)],
        ),
        (  # English: the speakers are activists; "government" is the side the words are about
            None,
            "Opposition activists said government forces fired rockets on the village of Kabani in Latakia province "
            "on Sunday, wounding four people.",
            [("shelling", "Latakia", None)],
        ),
        (
            None,
            "The White House said on Monday that any attack on Idlib would be a reckless escalation of the war.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_what_a_government_said_is_a_statement(title: str | None, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# A share of a region held or retaken is the campaign's tally, not a place changing hands.
@pytest.mark.parametrize(
    ("later", "events"),
    [
        (
            "ويسيطر النظام الآن على حوالي 80 بالمائة من محافظة درعا، في حين تقلصت سيطرة المعارضة إلى 15 بالمائة.",
            [("airstrike", "Idlib", 5)],
        ),
        ("وسيطرت القوات الحكومية الآن على نحو 95 في المئة من أراضي محافظة درعا.", [("airstrike", "Idlib", 5)]),
        (
            "وسيطرت القوات الحكومية صباح اليوم على بلدة خان شيخون في ريف إدلب.",
            [("airstrike", "Idlib", 5), ("territory_change", "Idlib", None)],
        ),
    ],
)
def test_a_share_held_is_no_territory_change(later: str, events: list[tuple]) -> None:
    assert _events(_report(later)) == events


def test_units_are_spelled_as_match_tokens_spells_them() -> None:
    """A unit written with ئ or ة ("بالمئة") would never match a normalised token: "28 بالمئة" is no count."""
    from bot.analysis import salience
    from bot.analysis.normalize import match_tokens

    assert [u for u in salience._UNITS if match_tokens(u) != [u]] == []


# Rule 4b for a headline "X: …" whose X is a government, a leader or the UN: what follows is what they said (a
# diplomacy event when it names Syria); a monitor's "المرصد السوري: …" is not.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "بوتن: لا حاجة لعمل عسكري كبير في إدلب السورية",
            "جاءت تصريحات الرئيس الروسي قبل قمة مرتقبة مع نظيره التركي في سوتشي الأسبوع المقبل.",
            [("diplomacy", None, None)],
        ),
        ("المرصد السوري: لا معارك في إدلب اليوم", "جاءت هذه المعلومات بعد أيام من الهدوء على الجبهات.", []),
        (  # two leaders who ask together (a dual verb); a foreign minister named, not titled
            "سوريا: ماكرون وميركل يطالبان بحلول سلمية سريعة للتوتر في إدلب",
            "طالب الرئيس الفرنسي والمستشارة الألمانية بإيجاد حلول سلمية سريعة للتوتر في محافظة إدلب السورية.",
            [("diplomacy", None, None)],
        ),
        (
            "لافروف: الاتفاق حول إدلب ينفذ",
            "أكد وزير الخارجية الروسي أن الاتفاق حول إدلب السورية ينفذ وأن المنطقة المنزوعة السلاح ستقام في موعدها.",
            [("diplomacy", None, None)],
        ),
    ],
)
def test_a_headline_that_quotes_an_official_is_a_statement(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# A sentence that opens with the violence around it ("وسط غارات …، تحدى طفل …") tells something else: the
# violence is the backdrop, not the news; with a toll of its own it is still an incident.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "طفل يوثق بكاميرته الحياة في الغوطة",
            "وسط غارات جوية لا تهدأ على الغوطة الشرقية، تحدى طفل عمره 15 عاما الخوف وأخذ يصور شوارع مدينته.",
            [],
        ),
        (
            "أطباء الغوطة يعملون بأدوية منتهية الصلاحية",
            "وسط القصف العنيف والحصار المفروض على الغوطة الشرقية، يضطر الأطباء إلى استخدام أدوية منتهية الصلاحية.",
            [],
        ),
        (
            "مقتل مدنيين في الغوطة",
            "وسط قصف عنيف على مدينة دوما، قتل 7 مدنيين صباح اليوم بحسب الدفاع المدني.",
            [("shelling", "Rif Dimashq", 7)],
        ),
    ],
)
def test_violence_told_as_the_backdrop_is_no_event(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# Who lives in a place ("التي يقطنها نحو 3 ملايين شخص، نصفهم من النازحين") is no displacement; people leaving it
# ("إجلاء سكان الفوعة") are.
WARNING = "حذر الرئيس الأمريكي الأسد من مهاجمة إدلب بتهور."


@pytest.mark.parametrize(
    ("second", "events"),
    [
        (
            "وتتأهب القوات الحكومية لشن هجوم على إدلب، المحافظة التي يقطنها نحو 3 ملايين شخص نصفهم من النازحين.",
            [("diplomacy", None, None)],
        ),
        (
            "وتقول الأمم المتحدة إن عدد سكان إدلب يبلغ 4 ملايين، من بينهم عشرات الآلاف من النازحين.",
            [("diplomacy", None, None)],
        ),
        ("وبدأ صباح اليوم إجلاء سكان بلدة الفوعة في ريف إدلب بالحافلات.", [("displacement", "Idlib", None)]),
    ],
)
def test_who_lives_in_a_place_is_no_displacement(second: str, events: list[tuple]) -> None:
    assert _events(f"{WARNING} {second}", "ترامب يحذر الأسد من التهور في إدلب") == events


# A headline's towns side by side are one event each, and the headline's town is where the incident happened when
# the report below it names only the governorate.
def test_a_headlines_towns_are_where_it_happened() -> None:
    lead = "أعلنت وسائل إعلام سورية رسمية انتهاء عملية إجلاء السكان من البلدتين المحاصرتين في ريف إدلب."
    assert _placed(lead, "انتهاء إجلاء سكان كفريا والفوعة") == [
        ("displacement", "Kafriya", None),
        ("displacement", "al-Fuaa", None),
    ]


# A later paragraph's toll over a span of days ("خلال خمسة أيام") is the campaign's, like one over a month.
@pytest.mark.parametrize(
    ("later", "events"),
    [
        ("وتكثف القصف الجوي للنظام على الغوطة الشرقية، موقعا أكثر من 400 قتيل خلال خمسة أيام.", []),
        ("وأسفرت الحملة عن مقتل 300 مدني طيلة الأسابيع الستة الماضية في الغوطة الشرقية.", []),
        # a day's hours are the day's news
        (
            "وقصفت الطائرات بلدة خان شيخون بعشرين غارة خلال الساعات الـ24 الماضية.",
            [("airstrike", "Idlib", None)],
        ),
    ],
)
def test_a_toll_over_days_in_a_later_paragraph_is_the_campaigns(later: str, events: list[tuple]) -> None:
    assert _events(_report(later)) == [("airstrike", "Idlib", 5), *events]


# Condemning, considering, describing: a government's or a leader's words about a deal or an evacuation are the
# statement, not the evacuation (rule 4e), and Assad named alone is an official.
@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "الحكومة السورية تصف إجلاء الخوذ البيضاء بأنه عملية إجرامية",
            "نددت الحكومة السورية، الاثنين، بإجلاء إسرائيل المئات من عناصر الخوذ البيضاء من جنوب سوريا.",
        ),
        ("الأسد: اتفاق إدلب مؤقت", "اعتبر الرئيس السوري بشار الأسد أن الاتفاق الروسي التركي بشأن إدلب مؤقت."),
    ],
)
def test_a_condemnation_or_a_view_is_a_statement(title: str, text: str) -> None:
    assert _events(text, title) == [("diplomacy", None, None)]


# People leaving: a departure word and who leaves right after it, however the report words it; a departure of
# anything else ("خروج بريطانيا") or people going out to protest is no displacement.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "خروج أول مجموعة من مسلحي جيش الإسلام من مدينة دوما",
            "خرجت أول مجموعة من مسلحي جيش الإسلام من مدينة دوما في الغوطة الشرقية، الاثنين، على متن حافلات.",
            [("displacement", "Rif Dimashq", None)],
        ),
        (  # where they go ("إلى معبر العيس في ريف حلب") is not where it happened
            "إجلاء سكان الفوعة",
            "وخرج سكان الفوعة، الخميس، على متن مئة حافلة إلى معبر العيس في ريف حلب.",
            [("displacement", "Idlib", None)],
        ),
        (
            "مظاهرات في إدلب",
            "خرج آلاف المتظاهرين في مدينة إدلب، الجمعة، رفضا للهجوم المرتقب.",
            [("protest", "Idlib", None)],
        ),
        ("بريكست", "أعلنت الحكومة البريطانية خروج بريطانيا من الاتحاد الأوروبي.", []),
    ],
)
def test_people_leaving_are_displacement(title: str, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# An air defence countering an attack tells the attack on Syria: missiles are shelling, a hostile target or aircraft
# an air strike; civil defence and a negated interception tell none.
@pytest.mark.parametrize(
    ("title", "text", "events"),
    [
        (
            "الدفاعات الجوية السورية تتصدى لصاروخين إسرائيليين",
            "تصدت الدفاعات الجوية السورية، مساء الثلاثاء، لصاروخين إسرائيليين استهدفا منطقة الكسوة في ريف دمشق.",
            [("shelling", "Rif Dimashq", None)],
        ),
        (
            "الدفاعات السورية تتصدى لهدف معاد",
            "تصدت الدفاعات الجوية السورية، فجر الجمعة، لهدف معاد اخترق الأجواء فوق منطقة مصياف في ريف حماة.",
            [("airstrike", "Hama", None)],
        ),
        ("مصدر: هدوء في ريف دمشق", "لم تتصد الدفاعات الجوية السورية لأي صاروخ في ريف دمشق، بحسب مصدر.", []),
        (None, "وقال الدفاع المدني إنه تصدى لحريق في ريف إدلب.", []),
    ],
)
def test_an_interception_tells_the_attack(title: str | None, text: str, events: list[tuple]) -> None:
    assert _events(text, title) == events


# The violence people flee ("هربا من الغارات") is why they fled, not a strike of its own; and a statement below a
# headline that tells the event itself is the headline's source, not a second, diplomacy event.
def test_what_people_flee_and_who_told_it_are_no_events_of_their_own() -> None:
    text = "قالت الأمم المتحدة إن أكثر من 320 ألف مدني نزحوا في ريف درعا هربا من الغارات والبراميل المتفجرة."
    assert _events(text, "نزوح 320 ألف مدني من ريف درعا") == [("displacement", "Daraa", None)]


# The lead's statement goes on ("وأضاف أن …"): what else was said, not news of its own; a toll it gives still tells
# its incident.
@pytest.mark.parametrize(
    ("second", "events"),
    [
        ("وأضاف أن آلاف العائلات نزحت من ريف إدلب الجنوبي نحو الحدود التركية.", [("diplomacy", None, None)]),
        ("وأضاف أن غارات جوية قتلت 12 مدنيا في ريف إدلب الجنوبي.", [("airstrike", "Idlib", 12)]),
    ],
)
def test_a_statement_goes_on_with_what_else_was_said(second: str, events: list[tuple]) -> None:
    lead = "قال المتحدث باسم الخارجية الروسية، الجمعة، إن الوضع في إدلب لا يمكن أن يستمر."
    assert _events(f"{lead} {second}", "موسكو: الوضع في إدلب لا يمكن أن يستمر") == events


# Displacement the headline tells stands beside the strikes the report tells further down (named only in passing in
# a strike report, it is background).
def test_the_flight_a_headline_tells_stands_beside_later_strikes() -> None:
    text = (
        "تفيد تقارير بأن مئات المدنيين يفرون من محافظة إدلب، بينما يستعد آخرون للرحيل.\n"
        "ويقول نشطاء إن الفارين يغادرون القرى الواقعة جنوب شرقي إدلب.\n"
        "وشنت طائرات حربية روسية صباح اليوم غارات على بلدة التمانعة في ريف إدلب الجنوبي."
    )
    title = "مئات المدنيين يفرون من إدلب خوفا من هجوم وشيك"
    assert _events(text, title) == [("displacement", "Idlib", None), ("airstrike", "Idlib", None)]

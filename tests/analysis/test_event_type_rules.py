"""Event-type rules learned from real outlets' news (issue 11), one table per rule.

Each row is a sentence written for the test in the style of the real corpus (never an outlet's text) and the
types the rule must give: what a subscriber to that type would receive.
"""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.analysis.events import is_background, is_period_total, sentence_types
from bot.analysis.lexicon import scan
from bot.analysis.normalize import match_tokens
from bot.analysis.salience import announces
from bot.analysis.scope import is_abroad


def types_of(sentence: str, language: str = "ar") -> list[str]:
    return sentence_types(scan(match_tokens(sentence)), language)


# A chemical attack named beside inspectors, investigators, sanctions or a condemnation is their subject.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("واشنطن تعاقب مرتبطين بالهجوم الكيماوي في دوما", ["diplomacy"]),
        ("فرضت الولايات المتحدة عقوبات على أفراد لهم صلة بالسلاح الكيماوي السوري", ["diplomacy"]),
        ("قال محققون من الأمم المتحدة إن قوات النظام أطلقت غاز الكلور في الغوطة", ["diplomacy"]),
        ("أدانت فرنسا الهجوم الكيماوي على دوما", ["diplomacy"]),
        ("The US imposed sanctions on officials linked to the chemical attack in Douma", ["diplomacy"]),
        # no diplomacy beside it: the attack is the news
        ("قتل 20 مدنيا في هجوم بغاز الكلور على بلدة في ريف إدلب", ["chemical_attack"]),
        ("سجلت حالات اختناق بعد قصف بغاز سام على دوما", ["chemical_attack"]),
    ],
)
def test_chemical_attack_beside_diplomacy_is_its_subject(sentence: str, types: list[str]) -> None:
    assert types_of(sentence, "en" if sentence.isascii() else "ar") == types


# "about" cues: the attack a response, a weapons programme or a stockpile is about is not a new attack; the
# other types of the sentence stand.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("البيت الأبيض يدرس الرد على الهجوم الكيماوي في سوريا", []),
        ("الموقعان يستخدمان لإنتاج وتخزين غاز السارين", []),
        ("لا تزال الخيارات مفتوحة حول استجابتها للهجوم الكيماوي", []),
        ("the strikes came in response to the chemical attack", ["airstrike"]),  # the response stands
        # a new attack with its toll is still one
        ("قتل 5 مدنيين بغاز الكلور في بلدة اللطامنة", ["chemical_attack"]),
    ],
)
def test_about_cue_makes_the_attack_a_subject(sentence: str, types: list[str]) -> None:
    assert types_of(sentence, "en" if sentence.isascii() else "ar") == types


# Talks with armed factions are the local deal (a truce, a surrender, an evacuation): the ceasefire event;
# talks between states or at the UN stay diplomacy.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("المفاوضات مستمرة بين ممثلين عن الجانب الروسي وفصائل المعارضة في درعا", ["ceasefire"]),
        ("تجري مفاوضات بين الحكومة السورية وفيلق الرحمن حول بلدات الغوطة", ["ceasefire"]),
        # was diplomacy and ceasefire: issue 11's labelling rules give one event per incident, and the real set labels
        # talks between the opposition and Russia on stopping the fighting as the ceasefire alone
        # (FR-internationalNews-2158-20180704); CONTRACT: agreements and de-escalation deals are the ceasefire type
        ("مفاوضات بين المعارضة وروسيا بشأن وقف المعارك في الجنوب", ["ceasefire"]),
        # ... a deal is named too ("اتفاق سلام")
        ("استؤنفت المفاوضات بين المعارضة السورية وروسيا بشأن اتفاق سلام في جنوب سوريا", ["ceasefire"]),
        ("Russian officers held talks with rebel groups on the surrender of the town", ["ceasefire"]),
        ("بحث وزير الخارجية الروسي مع نظيره التركي الوضع في إدلب", ["diplomacy"]),
        ("انطلقت المحادثات في جنيف بحضور المبعوث الأممي", ["diplomacy"]),
        # talks with the opposition that name no truce nor deal stay diplomacy
        ("بدأت المحادثات بين وفدي الحكومة والمعارضة في جنيف بحضور المبعوث الأممي", ["diplomacy"]),
    ],
)
def test_talks_with_armed_factions_are_the_ceasefire(sentence: str, types: list[str]) -> None:
    assert sorted(types_of(sentence, "en" if sentence.isascii() else "ar")) == sorted(types)


# Control as a state ("under the control of", "held by") is not a change of control.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("قتل 12 مدنيا في قصف على مدينة نوى الواقعة تحت سيطرتهم", ["shelling"]),
        ("استهدفت غارات الغوطة الشرقية التي كانت تخضع لسيطرة المعارضة", ["airstrike"]),
        ("تقع البلدة ضمن مناطق نفوذ القوات التركية", []),
        # a side taking a place is one
        ("سيطرت قوات النظام على بلدة مديرا في الغوطة الشرقية", ["territory_change"]),
        ("انسحاب آخر عناصر الوحدات الكردية من منبج", ["territory_change"]),
    ],
)
def test_control_as_a_state_is_no_territory_change(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# Words of an event type inside an idiom or a name name no event.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("فتى فلسطيني خطف الأنظار في الجامعة العربية", "attack_on_civilians"),  # caught the eye
        ("يقع مخيم اليرموك داخل حدود مدينة دمشق", "displacement"),  # a quarter of Damascus
        ("أكبر المخيمات الفلسطينية في سوريا", "displacement"),
        ("الأسد يصدر عفوا عاما عن الفارين من الخدمة العسكرية", "displacement"),  # deserters: a law, not flight
        ("يشمل العفو الجنود الفارين من الجيش", "displacement"),
    ],
)
def test_idioms_and_names_name_no_event(sentence: str, kind: str) -> None:
    assert kind not in types_of(sentence)


# What a side does from time to time, and an inquiry into an alleged attack, are background.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("ويتبنى التنظيم في بعض الأحيان عمليات اغتيال وتفجيرات في المنطقة", "ongoing"),
        ("وعادة ما تستهدف الغارات الأسواق الشعبية", "ongoing"),
        ("زار الفريق موقعا ثانيا في إطار التحقيق حول هجوم مفترض بغاز سام", "inquiry"),
        ("قتل 3 مدنيين في غارة على سراقب", None),
        # "this comes after / amid": the sentence places the news among what came before
        ("يأتي ذلك بعد اتهام الفصائل للقوات الأميركية بشن ضربة جوية على البوكمال", "context"),
        ("يأتي هذا الخطاب تزامنا مع زيارة الرئيس للغوطة الشرقية التي شهدت قصفا عنيفا", "context"),
        # "recently", "that followed", "on that day", "for the last time": an earlier time
        ("واستعادت القوات الحكومية مؤخرا مناطق كبيرة بالقرب من العاصمة دمشق", "recap"),
        ("وأتبع ذلك خروج أهالي بلدتي قدسيا والهامة عبر اتفاق تسوية", "recap"),
        ("واحتلت إسرائيل في ذلك اليوم هضبة الجولان", "history"),
        ("وقد التقى الرئيسان للمرة الأخيرة في قاعدة حميميم", "history"),
        # what is scheduled has not happened
        ("ومن المقرر أن يجتمع مجلس الأمن الدولي في وقت لاحق للتصويت على مشروع قرار الهدنة", "plan"),
        ("The Security Council is due to vote on the ceasefire resolution later on Saturday", "plan"),
    ],
)
def test_habits_and_inquiries_are_background(sentence: str, kind: str | None) -> None:
    assert is_background(scan(match_tokens(sentence))) == kind


# A distance is not a figure of its own: a later paragraph with a place and "8 كيلومترات" announces nothing.
def test_a_distance_is_not_a_figure() -> None:
    tokens = scan(match_tokens("ويبعد المخيم 8 كيلومترات عن وسط دمشق"))
    assert not announces("body", tokens, has_place=True, has_toll=False)
    tokens = scan(match_tokens("وفي دمشق أصيب 8 أشخاص"))
    assert announces("body", tokens, has_place=True, has_toll=False)


# Whole reports: what the subscriber receives.
def test_sanctions_over_chemical_weapons_are_one_diplomacy_event() -> None:
    a = analyze(
        "أعلنت وزارة الخزانة الأميركية، الأربعاء، فرض عقوبات على 5 كيانات لها صلة ببرنامج سوريا للأسلحة الكيماوية.\n"
        "وقالت الوزارة إن الكيانات المستهدفة لعبت دورا في شبكة توريد.",
        title='واشنطن تعاقب مرتبطين بـ"الكيماوي السوري"',
    )
    assert [e.type for e in a.events] == ["diplomacy"]


def test_local_talks_report_is_a_ceasefire() -> None:
    a = analyze(
        "استؤنفت، الأربعاء، المفاوضات بين فصائل المعارضة والجانب الروسي بشأن مصير ريف درعا الشرقي.\n"
        "وقال مصدر في المعارضة إن الجولة الثالثة بدأت بعد فشل جولتين سابقتين.",
        title="استئناف المفاوضات بين فصائل المعارضة وروسيا في درعا",
    )
    assert [e.type for e in a.events] == ["ceasefire"]


# The aircraft as a vehicle, a wreck or a target is no airstrike.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("قتل 32 شخصا كانوا على متن الطائرة خلال هبوطها في مطار حميميم", []),
        # an interception: the real set labels a missile fired at a drone as no event (it was shelling here before)
        ("أطلقت إسرائيل صاروخا على طائرة بدون طيار قرب الجولان", []),
        ("حملت روسيا إسرائيل مسؤولية استهداف الطائرة الروسية", []),
        ("لم يكن هناك إطلاق نار باتجاه الطائرة، وهي من طراز سوخوي", []),
        # aircraft that strike are one
        ("قتل 5 مدنيين في غارة للطائرات الحربية على معرة النعمان", ["airstrike"]),
    ],
)
def test_aircraft_as_vehicle_or_target_is_no_airstrike(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# Earlier days told as such, a trend over days and a work of art are background.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("أعلنت روسيا تسليم المنظومة بعد أسبوع من إسقاط الطائرة فوق المتوسط", "recap"),
        ("هناك ارتفاع في عدد الغارات الجوية على محافظة إدلب", "ongoing"),
        ("المخرجة تنقل معاناة اللاجئين بالسينما", "arts"),
        ("عمل تلفزيوني يجسد واقع المهاجرين واللاجئين ضمن مسلسل فرنسي", "arts"),
    ],
)
def test_recaps_trends_and_works_of_art_are_background(sentence: str, kind: str) -> None:
    assert is_background(scan(match_tokens(sentence))) == kind


# An agreement on an evacuation or a local reconciliation deal is the ceasefire event (the deal); the exit
# itself is the displacement event.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("جرى التوصل إلى الاتفاق بشأن إجلاء الجرحى من مدينة دوما", ["ceasefire"]),
        ("أكد الناشط التوصل إلى اتفاق جزئي لإخراج الجرحى من المدينة", ["ceasefire"]),
        ("تم اليوم التوصل إلى خمسة اتفاقات مصالحة جديدة في بلدات ريف درعا", ["ceasefire"]),
        ("بدأ إجلاء المدنيين من مدينة دوما باتجاه الشمال", ["displacement"]),
    ],
)
def test_evacuation_and_reconciliation_deals_are_the_ceasefire(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# A side advancing in an area changes territory; an expected attack or a warning against a weapon is a plan.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("قوات النظام تتقدم في ريف درعا الشرقي", ["territory_change"]),
        ("قوات النظام تتوغل في ريف القنيطرة", ["territory_change"]),
        ("اقتتال عنيف بين فصائل المعارضة في عفرين", ["clashes"]),
        ("قوات سوريا الديمقراطية تستأنف عملياتها ضد داعش في ريف دير الزور", ["clashes"]),
        ("وصول مئات المدنيين إلى إدلب بعد إجلائهم من ريف القنيطرة", ["displacement"]),
        ("تمكنت الفصائل من تحقيق تقدم في منطقة عطيرة", ["territory_change"]),
        ("تركيا تسلح المعارضة للتصدي للهجوم المتوقع على إدلب", []),
        # an intention is no event yet; the same step announced as done is
        ("أعلن الجيش الروسي عزمه إجلاء 1000 شخص من ريف درعا عبر ممرات آمنة", []),
        ("أعلن الجيش الروسي إجلاء 1000 شخص من ريف درعا عبر ممرات آمنة", ["displacement"]),
        ("تحذر واشنطن دمشق من استخدام الأسلحة الكيماوية", []),
        ("Turkey arms rebels ahead of the expected offensive on Idlib", []),
    ],
)
def test_advances_change_territory_and_expected_attacks_are_plans(sentence: str, types: list[str]) -> None:
    assert types_of(sentence, "en" if sentence.isascii() else "ar") == types


# An offensive that may or will begin is a plan; people fleeing the fighting are the displacement.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("قال لواء روسي إن معركة إدلب قد تبدأ قريبا", []),
        ("ستواصل إسرائيل حملتها ضد إيران في سوريا", []),
        ("يعيش في المدينة عشرات آلاف النازحين الفارين من المعارك", ["displacement"]),
        ("وصل آلاف المدنيين إلى عفرين هربا من القصف", ["displacement"]),
        # the fighting itself is clashes
        ("تدور معارك عنيفة في محيط بلدة طفس", ["clashes"]),
    ],
)
def test_plans_are_no_events_and_fleeing_is_displacement(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# The war as a whole and the last few days as a span are background.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("شهدت مدينة دوما أعنف المعارك خلال الحرب الأهلية", "history"),
        ("وخلال سنوات النزاع شهدت مناطق عدة عمليات إجلاء", "history"),
        ("تواصل الغوطة تجرع مرارة القصف المكثف خلال الأيام القليلة الماضية", "recap"),
        ("غادر أكثر من 11 ألف شخص الغوطة في الساعات القليلة الماضية", None),  # hours: today's news
    ],
)
def test_the_war_and_past_days_are_background(sentence: str, kind: str | None) -> None:
    assert is_background(scan(match_tokens(sentence))) == kind


# An arrest abroad is no event (like violence abroad); a detention centre is a place, not an arrest.
def test_arrests_abroad_and_detention_centres_are_no_events() -> None:
    a = analyze(
        "قتل 5 مدنيين في غارة على بلدة سراقب في ريف إدلب السورية.\n"
        "وفي سياق آخر، اعتقلت الشرطة، الجمعة، أربعة من قيادات داعش في إسطنبول.",
        title="غارة على سراقب في إدلب",
    )
    assert [e.type for e in a.events] == ["airstrike"]
    assert "arrests" not in types_of("وثق التقرير مقتل 31 شخصا بسبب التعذيب في مراكز الاحتجاز")
    assert types_of("اعتقلت قوات النظام 20 شابا في حملة دهم في بلدة ببيلا") == ["arrests"]


# A minister's words about Assad by name are about Syria: the diplomacy event of rule 4b.
def test_statement_about_assad_by_name_is_diplomacy() -> None:
    a = analyze(
        "قال وزير الخارجية الفرنسي، الثلاثاء، إن الرئيس بشار الأسد فاز في الحرب لكنه لن يفوز بالسلام.",
        title="فرنسا: الأسد فاز بالحرب لكنه لن يفوز بالسلام",
    )
    assert [e.type for e in a.events] == ["diplomacy"]


# Preparing for an offensive is a plan; preparing an evacuation is news. Reports withdrawn are denials.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("أرسلت تركيا قوات خاصة إلى منطقة عفرين تحضيرا لبدء معركة جديدة", []),
        ("تجمعت حافلات في القنيطرة تمهيدا لبدء عملية إجلاء المقاتلين والمدنيين", ["displacement"]),
    ],
)
def test_preparing_an_offensive_is_a_plan(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


def test_withdrawn_reports_are_a_denial() -> None:
    assert is_background(scan(match_tokens('دمشق تتراجع وتسحب تقارير "الهجوم الخادع"'))) == "denial"


# A drone shot down is a target, not a strike; an approval for an attack is a plan; "amid continuing" frames.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("أطلقت إسرائيل صاروخا على طائرة مسيرة قرب الجولان", []),  # an interception, as the real set labels it
        ("أعلن الجيش إسقاط طائرة مسيرة قرب الحدود", []),
        # verb first, then its subject: the aircraft struck
        ("استهدفت طائرة مسيرة سيارة مدنية على طريق الرقة", ["airstrike"]),
        ("أسقطت طائرة مروحية براميل متفجرة على داريا", ["airstrike"]),
        ("أعطى الأسد موافقته على استخدام غاز الكلور في الهجوم على إدلب", []),
    ],
)
def test_targets_and_approvals_are_no_strikes(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


def test_amid_continuing_offensive_is_ongoing() -> None:
    sentence = "وتتزامن المفاوضات مع استمرار هجوم قوات النظام على ريف درعا وسط قصف جوي عنيف"
    assert is_background(scan(match_tokens(sentence))) == "ongoing"


# A resolution on a truce is the diplomacy event; a truce taking effect is the ceasefire.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("يجتمع مجلس الأمن للتصويت على مشروع قرار بشأن هدنة تستمر 30 يوما في سوريا", ["diplomacy"]),
        ("تواصل القصف رغم قرار مجلس الأمن بهدنة لثلاثين يوما", ["diplomacy"]),
        ("دخلت الهدنة حيز التنفيذ منتصف الليل في الغوطة الشرقية", ["ceasefire"]),
        # a vote or a draft on a truce, however worded: the truce is what the diplomacy is about
        ("مجلس الأمن يؤجل التصويت على هدنة الغوطة الإنسانية", ["diplomacy"]),
        ("أجلت المطالب الروسية إقرار مشروع القرار الكويتي السويدي للهدنة في الغوطة الشرقية", ["diplomacy"]),
    ],
)
def test_a_resolution_on_a_truce_is_diplomacy(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# An inquiry into an old attack keeps its diplomacy (inspectors, a UN body), never the attack.
def test_an_inquiry_keeps_its_diplomacy() -> None:
    a = analyze(
        "قال المندوب الأميركي لدى منظمة حظر الأسلحة الكيماوية، الاثنين، إن روسيا قد تكون زارت موقع الهجوم.",
        title='واشنطن تشتبه في أن روسيا "عبثت" بموقع هجوم دوما',
    )
    assert [e.type for e in a.events] == ["diplomacy"]


# Commentary speaks for no government: a senator, a former president, an interview is no diplomacy event; a
# minister's warning is (the in-house convention, test_salience).
@pytest.mark.parametrize(
    ("title", "text", "types"),
    [
        (
            "سناتور يحذر الرئيس من أسوأ خطأ في سوريا",
            "حذر سناتور أميركي بارز، الأحد، الرئيس من سحب القوات الأميركية من سوريا.",
            [],
        ),
        (
            "هولاند: على الغرب الضغط في الملف السوري",
            "في حوار مع صحيفة لوموند، تطرق الرئيس الفرنسي السابق إلى الملف السوري ووضع المدنيين في الغوطة الشرقية.",
            [],
        ),
        (
            "لافروف يحذر واشنطن من ضرب دمشق",
            "حذر وزير الخارجية الروسي سيرغي لافروف الولايات المتحدة من أي ضربة للقوات السورية.",
            ["diplomacy"],
        ),
    ],
)
def test_commentary_is_no_diplomacy(title: str, text: str, types: list[str]) -> None:
    assert [e.type for e in analyze(text, title=title).events] == types


# An order or a request for an attack, a possible step and "any use of" a weapon are plans.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("أمر زعيم تنظيم داعش أبو بكر البغدادي بإعدام 320 مسلحا من أتباعه", []),
        ("رفض ماتيس طلب ترامب باغتيال الأسد", []),
        ("رفضت التعليق على خطط الرد على خطوة الكيماوي المحتملة", []),
        ("اتفقوا على أن أي استخدام لأسلحة كيماوية سيؤدي إلى تصعيد", []),
        # an execution told as done is one
        ("أعدم تنظيم داعش 5 مدنيين في بلدة هجين", ["attack_on_civilians"]),
    ],
)
def test_orders_requests_and_conditions_are_plans(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# What a warning is against, a vow, an attack awaited or feared, is no event; the warning may be the diplomacy.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("حذر الرئيس الأمريكي الحكومة السورية وحلفاءها الروس من الهجوم المتهور على محافظة إدلب", []),
        # the envoy's warning is the diplomacy; the clashes it warns of are no event
        ("حذر مبعوث الأمم المتحدة من تصاعد المواجهات الخطيرة بين إسرائيل وسوريا", ["diplomacy"]),
        ("مخاوف من صراع إسرائيلي إيراني في الجولان", []),
        ("ترقب معركة إدلب يشعل التوتر", []),
        ("بعد توعد الرئيس الأمريكي بإطلاق صواريخ على سوريا", []),
        # a warning told beside the strike it follows: the strike stands
        ("قتل خمسة مدنيين في غارات جوية على سراقب وحذرت الأمم المتحدة من كارثة إنسانية", ["airstrike"]),
    ],
)
def test_what_is_warned_of_or_feared_is_no_event(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


def test_a_warning_headline_is_the_diplomacy_not_the_attack_it_warns_of() -> None:
    a = analyze(
        "حذر الرئيس الأمريكي ترامب الحكومة السورية وحلفاءها الروس والإيرانيين من الهجوم المتهور على محافظة إدلب.",
        title='ترامب يحذر الأسد وحلفاءه من "هجوم متهور" على إدلب',
    )
    assert [e.type for e in a.events] == ["diplomacy"]


# What a call or a demand is for has not happened: the truce or the end of shelling it asks for is no event; the
# caller (the Security Council, an envoy, a minister meeting his counterpart) may be the diplomacy.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("دي ميستورا يدعو لوقف إطلاق النار في الغوطة الشرقية", []),
        ("طالبت فرنسا بوقف القصف على الغوطة الشرقية", []),
        ("The UN urged a ceasefire in Eastern Ghouta", []),
        ("France called for an end to the airstrikes on Idlib", []),
        # the caller is the diplomacy, what it calls for is not a ceasefire
        ("دعا مجلس الأمن الدولي في جلسة طارئة إلى هدنة في الغوطة الشرقية", ["diplomacy"]),
        ("دعا المبعوث الأممي إلى هدنة إنسانية في إدلب", ["diplomacy"]),
        # the strike told before the call stands; a truce declared is one
        ("قتل 20 مدنيا في غارات على دوما ودعت فرنسا إلى وقف القصف", ["airstrike"]),
        ("أعلنت روسيا هدنة إنسانية يومية في الغوطة", ["ceasefire"]),
    ],
)
def test_what_is_called_for_is_no_event(sentence: str, types: list[str]) -> None:
    assert types_of(sentence, "en" if sentence.isascii() else "ar") == types


# A consequence foretold ("سيخلف", "سيؤدي إلى"), a concern, and the agreement a withdrawal is done under, or the failed
# talks a strike follows, are no event; the strike or the withdrawal told beside them stands.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("غوتيريش: الهجوم على إدلب سيخلف كابوسا إنسانيا", []),
        ("اتفقوا على أن أي استخدام لأسلحة كيماوية أخرى من جانب دمشق سيؤدي إلى تصعيد كبير", []),
        ("سوف تستمر الغارات على إدلب", []),
        # a consequence told after the event ("، ما سيؤدي", "وسوف"): the event before it stands
        ("قتل 5 مدنيين في غارات على سراقب، ما سيؤدي إلى موجة نزوح جديدة", ["airstrike"]),
        ("قتل 5 مدنيين في غارات على سراقب وسوف تستمر العمليات", ["airstrike"]),
        ("عبرت الأمم المتحدة عن قلقها بشأن تصاعد القتال والضربات الجوية في محافظة إدلب", []),
        ("قتل 12 مدنيا في غارات على معرة النعمان وأعربت فرنسا عن قلقها", ["airstrike"]),
        ("انسحبت الفصائل من بلدة نوى بموجب اتفاق مع روسيا", ["territory_change"]),
        # the move told after the agreement it is done under stands
        ("بموجب الاتفاق، انسحبت الفصائل من بلدة بصرى الشام", ["territory_change"]),
        ("تنفيذا لاتفاق التسوية، دخلت قوات النظام إلى بلدة بصرى الشام", ["territory_change"]),
        ("بدأ إجلاء المقاتلين من دوما بموجب اتفاق مع روسيا", ["displacement"]),
        ("شنت روسيا غارات جوية على مناطق المعارضة في درعا بعد فشل محادثات وقف إطلاق النار", ["airstrike"]),
        # without the cues, the same words are events
        ("أعلنت روسيا وتركيا اتفاقا لوقف إطلاق النار في إدلب", ["ceasefire"]),
    ],
)
def test_foretold_feared_and_underlying_events_are_none(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# A period's toll ("خلال الشهر الماضي وحده") told in a later paragraph is the campaign's total, not an incident; a
# period named in a running total told after the incident dates the total only.
@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        ("وراح ضحية القصف الجوي والمدفعي أكثر من 1700 مدني في الغوطة الشرقية خلال الشهر الماضي وحده", True),
        ("قتل 40 مدنيا في غارات على إدلب خلال يومين", True),
        ("قتل ثلاثة مدنيين بغارة جوية على بلدة كنصفرة، ليرتفع إلى 20 عدد القتلى منذ مطلع الشهر", False),
    ],
)
def test_a_periods_toll_is_a_total(sentence: str, total: bool) -> None:
    assert is_period_total(scan(match_tokens(sentence))) == total


def test_a_later_paragraphs_period_toll_adds_no_event() -> None:
    filler = "وقال ناشطون إن فرق الدفاع المدني عملت على انتشال الضحايا."
    later = "وراح ضحية القصف الجوي والمدفعي على بلدتي سقبا وكفر بطنا أكثر من 1700 مدني خلال الشهر الماضي وحده."
    lead = "قتل سبعة مدنيين في غارات جوية على مدينة دوما في الغوطة الشرقية صباح اليوم الأحد."
    a = analyze("\n".join([lead, filler, later, filler, filler]), title="مقتل سبعة مدنيين بغارات على دوما")
    assert [(e.type, e.location.name_ar if e.location else None) for e in a.events] == [("airstrike", "دوما")]


# A condition ("إذا", "في حالة") and an earlier strike named for comparison ("الضربة السابقة") are no event.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("وقال بولتون إذا كان هناك استخدام للأسلحة الكيماوية فإن الرد سيكون أقوى", []),
        ("ستتدخل تركيا في حالة شن هجوم على إدلب", []),
        ("مقارنة بالضربة السابقة بعد استخدام الكيماوي في خان شيخون", []),
        ("قتل 5 مدنيين في غارات على سراقب في تصعيد هو الأعنف مقارنة بالأسبوع السابق", ["airstrike"]),
    ],
)
def test_conditions_and_earlier_strikes_are_no_event(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# What an operation is launched to do ("لطرد", "للسيطرة على", "تهدف إلى طرد") has not happened: the fighting stands,
# the change of control does not; a side that drove fighters out or retook a town is a territory change.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("يواصل جيش النظام عملية عسكرية تهدف إلى طرد مسلحي تنظيم داعش من مخيم اليرموك", []),
        ("أطلقت القوات حملة لطرد تنظيم الدولة من شمال شرق سوريا", []),
        ("اندلعت معارك عنيفة للسيطرة على بلدة مورك", ["clashes"]),
        ("طردت قوات سوريا الديمقراطية مسلحي التنظيم من بلدة هجين", ["territory_change"]),
        ("استعادت قوات النظام السيطرة على بلدة بصرى الشام", ["territory_change"]),
    ],
)
def test_what_an_operation_aims_at_has_not_happened(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# A share of a province retaken is the campaign's gain, a total.
def test_a_share_of_a_province_is_a_total() -> None:
    sentence = "وتمكنت قوات النظام من استعادة نحو 90 بالمئة من محافظة درعا"
    assert is_background(scan(match_tokens(sentence))) == "total"


# Fire aimed at an aircraft or a drone is an interception, not a strike on a place; a strike by a drone is one.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("أطلقت إسرائيل صاروخا الجمعة على طائرة بدون طيار اقتربت من الجولان", []),
        ("وقالت مصادر إن إسرائيل أطلقت صاروخا من نظام باتريوت على الطائرة السورية", []),
        ("قتل 3 مدنيين في غارة لطائرة مسيرة على بلدة سرمدا", ["airstrike"]),
        # what a call aims to prevent is no event either
        ("دي ميستورا يدعو لوقف إطلاق نار لمنع القصف المروع للغوطة الشرقية", []),
    ],
)
def test_fire_at_an_aircraft_is_no_strike(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# A drone or an aircraft shot down: the missile that downed it is no strike; missiles shot down were a strike; a
# political minefield is an idiom.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ('بصاروخ باتريوت.. إسرائيل تسقط "درون" قرب سوريا', []),
        ("سوريا تعلن إسقاط صاروخين إسرائيليين استهدفا الكسوة", ["shelling"]),
        ('لقاء ترمب بوتين "حقل ألغام سياسي"', ["diplomacy"]),
        ("قتل طفلان بانفجار لغم في حقل ألغام قرب بلدة الحولة", ["bombing"]),
    ],
)
def test_downed_aircraft_and_idioms_are_no_strike(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# A nationality that qualifies a city ("مدينة كولونيا الألمانية") or a police force ("الشرطة الألمانية") puts the
# incident abroad; the same word naming an actor ("القوات التركية") puts nothing abroad.
@pytest.mark.parametrize(
    ("sentence", "abroad"),
    [
        ("أصيب مسلح في عملية احتجاز رهينة في مدينة كولونيا الألمانية", True),
        ("قتل 3 أشخاص بسقوط قذائف على مدينة كيليس التركية", True),
        ("الشرطة الألمانية تحرر امرأة احتجزها مسلح في محطة للقطار", True),
        ("قصفت القوات التركية مواقع للوحدات الكردية في ريف حلب", False),
        ("قتل 3 مدنيين بقصف للطائرات الروسية على ريف إدلب", False),
    ],
)
def test_a_city_or_police_of_another_country_is_abroad(sentence: str, abroad: bool) -> None:
    assert is_abroad(scan(match_tokens(sentence)), 0) == abroad


# An accusation told as a noun or a passive is about the attack, which is not news told here; an active accusation
# of a strike still reports it.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("دمشق متهمة باستخدام الكيماوي في الغوطة وإدلب", []),
        ("وسافر نتانياهو لموسكو بعد اتهام سوريا لإسرائيل بتنفيذ هجوم صاروخي على مواقع قرب دمشق", []),
        ("اتهمت المعارضة قوات النظام بقصف بلدة كفرنبل بالبراميل المتفجرة", ["airstrike"]),
    ],
)
def test_an_accusation_is_about_the_attack(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# What a news event followed ("أعقب غارات": the strikes came before) is background; strikes that followed
# something are the news.
@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("تظاهر مئات السوريين في ساحة الأمويين بدمشق في مشهد تحد أعقب غارات غربية", ["protest"]),
        ("قتل 5 مدنيين في غارات أعقبت هجوما للمعارضة على بلدة محردة", ["airstrike"]),
    ],
)
def test_what_the_news_followed_is_background(sentence: str, types: list[str]) -> None:
    assert types_of(sentence) == types


# Rule 3 for statements: a statement whose report opens elsewhere (sanctions on Hezbollah, a summit) and names Syria
# only further down is no diplomacy event about Syria; one that names Syria where it is told is.
@pytest.mark.parametrize(
    ("lead", "types"),
    [
        ("أعلنت الولايات المتحدة ودول خليجية الأربعاء فرض عقوبات على قادة في حزب الله اللبناني.", []),
        (
            "أعلنت الولايات المتحدة ودول خليجية الأربعاء فرض عقوبات على قادة في حزب الله بسبب دوره في سوريا.",
            ["diplomacy"],
        ),
    ],
)
def test_a_statement_about_somewhere_else_is_no_syrian_event(lead: str, types: list[str]) -> None:
    body = (
        lead
        + "\nوقالت وزارة الخزانة إن العقوبات تستهدف شبكات تمويل الحزب."
        + "\nويقاتل حزب الله إلى جانب القوات الحكومية في سوريا."
    )
    assert [e.type for e in analyze(body, title="عقوبات أميركية خليجية جديدة على قادة حزب الله").events] == types


# A chemical attack is an event only with its victims (a toll, or "حالات اختناق"): warnings, fears, reports,
# claims of a staged attack and anniversaries talk of chemical weapons, and none of 972 real articles labelled so far
# announced a new chemical attack.
@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("زعمت روسيا أن التحضير لهجوم كيماوي مفبرك في إدلب قد بدأ بهدف اتهام الحكومة السورية.", []),
        ("تتزايد المخاوف من استخدام السلاح الكيماوي ضد آخر معاقل المعارضة في إدلب.", []),
        ("أصيب 12 مدنيا بحالات اختناق إثر قصف بغاز الكلور على بلدة اللطامنة بريف حماة.", ["chemical_attack"]),
        (
            "Dozens of people suffered breathing problems after a chlorine attack on the town of Saraqeb.",
            ["chemical_attack"],
        ),
    ],
)
def test_a_chemical_attack_needs_its_victims(text: str, types: list[str]) -> None:
    assert [e.type for e in analyze(text).events if e.type == "chemical_attack"] == types


def test_a_lead_that_opens_with_an_earlier_date_tells_history() -> None:
    """ "وفي 24 مارس، …" opening the lead of a report about something else: a day and a month tell an earlier
    incident, in the lead as in a later paragraph (the day's news is told by its weekday)."""
    title = "أردوغان يزور الجنود الأتراك على الحدود"
    body = "وفي 24 مارس، تمكنت القوات التركية وفصائل سورية من السيطرة على منطقة عفرين بعد شهرين من القتال."
    assert [e.type for e in analyze(body, title=title).events] == []
    today = "تمكنت القوات التركية وفصائل سورية الأحد من السيطرة على بلدة جنديرس في منطقة عفرين."
    assert "territory_change" in [e.type for e in analyze(today, title=title).events]


# A denial with its speaker and time between the verb and what it denies is a denied report: no event. Denying
# one's own part in strikes does not deny the strikes.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("نفى الجيش السوري، مساء السبت، الأنباء التي تداولتها وسائل إعلام عن غارة على مطار المزة", "denial"),
        ("نفى مصدر عسكري، مساء السبت، تعرض مطار المزة إلى هجوم صاروخي", "denial"),
        ("The army denied on Saturday the reports of an air raid on the airport", "denial"),
        ("نفت وزارة الدفاع الروسية شن غارات على بلدة زردنا في ريف إدلب", None),
        ("قصفت طائرات حربية بلدة زردنا في ريف إدلب مساء الجمعة", None),
    ],
)
def test_denied_reports_are_background(sentence: str, kind: str | None) -> None:
    assert is_background(scan(match_tokens(sentence))) == kind


# Prisoners a deal releases were arrested before: the release is no new arrests.
@pytest.mark.parametrize(
    ("text", "arrests"),
    [
        ("توصلت الفصائل وإيران إلى اتفاق يشمل الإفراج عن 34 سجينا اعتقلهم حزب الله في مضايا.", False),
        ("اعتقلت قوات الأمن 34 شخصا في بلدة مضايا بريف دمشق صباح اليوم.", True),
    ],
)
def test_a_release_is_no_arrests(text: str, arrests: bool) -> None:
    assert ("arrests" in [e.type for e in analyze(text).events]) is arrests

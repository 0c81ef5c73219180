"""Issue 11: where real outlets put an incident, and one event per type and place.

Places: a name joined by "and" to a place reads in the list's context ("في بلدات المسيفرة وكحيل والسهوة"); a base,
an airport, a crossing or a suburb is a place word ("قاعدة حميميم"); a one-word name may lose its article after a
place word ("قرى قصيبة" for القصيبة); a multi-word name's final alef may be written ى ("بيت سوى" for بيت سوا); the
Golan is Quneitra. Events: a sentence naming two violent types with strong words ("القصف الجوي والمدفعي") tells
both; "تحت سيطرة" describes who holds a place, not a change; territory taken in two towns is two events.
"""

from __future__ import annotations

import pytest

from bot.analysis import _read, analyze
from bot.analysis.document import LEAD, Part
from bot.analysis.lexicon import scan
from bot.analysis.normalize import match_tokens
from bot.analysis.places import find_places, resolve


def _places(sentence: str) -> list[str]:
    """The places named, each as (Arabic name, governorate): resolved against the governorates named beside."""
    hits = find_places(scan(match_tokens(sentence)))
    named = [e.place.governorate for h in hits for e in h.candidates if e.place.level == "governorate"]
    return [f"{resolve(h, named).name_ar}/{resolve(h, named).governorate}" for h in hits]


@pytest.mark.parametrize(
    ("sentence", "pcodes"),
    [
        # a list after a place word: each name joined by "and" is read like the first
        (
            "اتفاقات مصالحة في بلدات المسيفرة وكحيل والسهوة بريف درعا",
            ["المسيفرة/Daraa", "كحيل/Daraa", "السهوة/Daraa", "درعا/Daraa"],
        ),
        (
            "قصفت قوات النظام قرى قصيبة وقرقس في ريف القنيطرة",
            ["القصيبة/Quneitra", "قرقس/Quneitra", "القنيطرة/Quneitra"],
        ),
        # a base, an airport, a suburb
        ("أسقط الجيش الروسي طائرات قرب قاعدة حميميم الجوية", ["حميميم/Latakia"]),
        ("استهدفت الفصائل ضاحية جرمانا قرب دمشق", ["جرمانا/Rif Dimashq", "ريف دمشق/Rif Dimashq"]),
        # the last word's alef written ى
        ("نزوح من بيت سوى", ["بيت سوا/Rif Dimashq"]),
        # a region
        ("أطلقت قوات إيرانية صواريخ من هضبة الجولان", ["القنيطرة/Quneitra"]),
        # the residents of a town: "سكان" and "أهالي" place the name after them; Kafriya is the one beside al-Fuaa
        ("انتهاء إجلاء سكان كفريا والفوعة", ["كفريا معرتمصرين/Idlib", "الفوعة/Idlib"]),
        ("خروج أهالي الفوعة", ["الفوعة/Idlib"]),
        # an evacuation, a shelling, a siege of a town: the name after the event noun is the place
        ("أكثر من مائة حافلة لإجلاء الفوعة وكفريا", ["الفوعة/Idlib", "كفريا معرتمصرين/Idlib"]),
        ("تواصل قصف كحيل", ["كحيل/Daraa"]),
        ("كحيل", []),  # alone, a one-word village name is no place
    ],
)
def test_the_places_a_real_report_names(sentence: str, pcodes: list[str]) -> None:
    assert _places(sentence) == pcodes


@pytest.mark.parametrize(
    "sentence",
    [
        "استعادت القوات مدينة وأربع بلدات على مقربة من الحدود",  # على (علي) is not العلي without its article
        "في درعا ونصيب الفرد من الدخل",  # a common word after a town still needs its own place word
        "بعد أسبوع من إسقاط الطائرة الروسية",  # إسقاط: a village's name, and the everyday word
        "أمر زعيم تنظيم داعش، أبو بكر البغدادي، بإعدام 320 مسلحا",  # a kunya, not the village أبو بكر
    ],
)
def test_a_word_beside_a_place_stays_a_word(sentence: str) -> None:
    assert all(p == "درعا/Daraa" for p in _places(sentence))


def _events(text: str) -> list[tuple[str, str | None]]:
    return [(e.type, e.location.name_ar if e.location else None) for e in analyze(text).events]


def test_air_and_artillery_shelling_in_one_sentence_are_two_events() -> None:
    types = [t for t, _ in _events("قتل خمسة مدنيين في القصف الجوي والمدفعي على مدينة نوى في ريف درعا.")]
    assert sorted(types) == ["airstrike", "shelling"]


def test_a_single_strong_word_is_one_violent_event() -> None:
    types = [t for t, _ in _events("قتل خمسة مدنيين في غارات جوية على مدينة نوى في ريف درعا.")]
    assert types == ["airstrike"]


def test_under_the_control_of_is_no_territory_change() -> None:
    events = _events("قتل 12 مدنيا في قصف استهدف مدينة نوى، آخر المناطق التي لا تزال تحت سيطرة الفصائل.")
    assert "territory_change" not in [t for t, _ in events]


def test_towns_taken_side_by_side_are_an_event_each() -> None:
    events = _events("سيطرت قوات النظام على بلدتي المسيفرة وكحيل في ريف درعا الشرقي.")
    assert sorted(events) == [("territory_change", "المسيفرة"), ("territory_change", "كحيل")]


def test_a_town_taken_elsewhere_later_is_another_event() -> None:
    text = (
        "سيطرت قوات النظام السوري، الأحد، على بلدة مديرا في الغوطة الشرقية بريف دمشق.\n"
        "وفي سياق منفصل، سيطرت الفصائل صباح اليوم على بلدة كنسبا في ريف اللاذقية."
    )
    assert sorted(p for t, p in _events(text) if t == "territory_change") == ["كنسبا", "مديرا"]


def test_people_leaving_two_towns_side_by_side_are_an_event_each() -> None:
    events = _events("نزح نحو 30 ألف شخص، الاثنين، من بلدتي بيت سوى وأوتايا في الغوطة الشرقية بريف دمشق.")
    assert sorted(p for t, p in events if t == "displacement") == ["أوتايا", "بيت سوا"]


@pytest.mark.parametrize(
    ("text", "governorate"),
    [
        # where the buses went is not where people were displaced from
        ("وصلت الدفعة الأولى من المهجرين، الأحد، من بلدة محجة في ريف درعا باتجاه محافظة إدلب.", "Daraa"),
        ("نزح آلاف المدنيين اليوم من مدينة حرستا إلى مدينة دوما في الغوطة الشرقية.", "Rif Dimashq"),
        ("نزح آلاف المدنيين اليوم إلى مدينة إدلب من مدينة حماة.", "Hama"),
        # a destination is kept when the report names no other place
        ("وصل مئات النازحين اليوم إلى محافظة إدلب.", "Idlib"),
    ],
)
def test_displacement_is_placed_where_people_left(text: str, governorate: str) -> None:
    (event,) = [e for e in analyze(text).events if e.type == "displacement"]
    assert event.location is not None and event.location.governorate == governorate


def test_a_name_without_its_article_needs_a_place_word_even_for_an_admin_centre() -> None:
    """المزرعة is a subdistrict: "إلى مزرعة حصينة" (to a fortified farm) is not it."""
    assert not any(p.startswith("المزرعة/") for p in _places("وصل جثمان الجنرال إلى مزرعة حصينة"))


def _places_en(sentence: str) -> list[str]:
    tokens = scan(match_tokens(sentence))
    caps = [t[:1].isupper() for t in sentence.replace(",", "").split()]
    return [resolve(h).name for h in find_places(tokens, caps if len(caps) == len(tokens) else None)]


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("fighters of Kurdish and Arab groups", []),  # not the village Kardish, read by its consonants
        ("strikes in Efrin", ["Afrin"]),  # a district's town read by its consonants stays
        ("shelling on the village of Kardish", ["Kardish"]),  # after a place word a village does too
    ],
)
def test_a_word_read_by_its_consonants_is_a_village_only_after_a_place_word(sentence: str, names: list[str]) -> None:
    assert _places_en(sentence) == names


def test_a_name_the_gazetteer_glues_to_its_article_is_read_as_two_words() -> None:
    places = _places("قصف مواقع في بلدة الحراك وبصر الحرير بريف درعا")
    assert places == ["الحراك/Daraa", "بصرالحرير/Daraa", "درعا/Daraa"]


def test_a_later_paragraph_striking_a_village_it_calls_one_announces_it() -> None:
    """Rule 5: strong words for violence on a town of its own; a village named after "بلدة" is one too."""
    text = (
        "اجتمع وزير الخارجية الروسي بنظيره التركي في موسكو لبحث الأوضاع في سوريا.\n"
        "وقال الوزيران إن المحادثات كانت بناءة وإنهما اتفقا على مواصلة التنسيق بين البلدين.\n"
        "وأضاف الوزير الروسي أن بلاده ستواصل دعم الحل السياسي وأن اللجنة الدستورية ستجتمع قريبا.\n"
        "وشنت الطائرات الحربية غارات على بلدة قرقس."
    )
    # the rules' reading: the event gate (on by default since session 8) judges such a paragraph on its own
    events = analyze(text, title="لافروف وجاويش أوغلو يبحثان الأوضاع في سوريا", gate=False).events
    assert [(e.type, e.location.name_ar) for e in events if e.type == "airstrike" and e.location] == [
        ("airstrike", "قرقس")
    ]


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        # a plural place word heads the list: every name joined by "and" is one of those towns, even a name that is
        # also a common word (نصيب) or starts with a two-letter word (وأم، وتل)
        (
            "غارات على مدن وبلدات طفس وأم المياذن ونصيب وتل شهاب",
            ["طفس/Daraa", "أم المياذن/Daraa", "نصيب/Daraa", "تل شهاب/Daraa"],
        ),
        # the gazetteer's spelling slip (الغارية الغريبة) is an alias of the name as written
        ("قصف على بلدة الغارية الغربية", ["الغارية الغريبة/Daraa"]),
        # a name the gazetteer tells apart by its district (كفريا معرتمصرين) is known by its own after a place word
        ("قصفت الفصائل بلدتي كفريا والفوعة", ["كفريا معرتمصرين/Idlib", "الفوعة/Idlib"]),
    ],
)
def test_names_in_a_list_under_a_plural_place_word(sentence: str, places: list[str]) -> None:
    assert _places(sentence) == places


@pytest.mark.parametrize(
    "sentence",
    [
        "قال الأسد إن الحرب انتهت",  # الأسد of the gazetteer's "الأسد_آصلان كوي" needs a place word
        "بينهم قيادات بارزة",  # أرزة of "أرزة_الضبعة": a short name read after ب is no place
        "في درعا ونصيب الفرد من الدخل",  # no plural place word heads it: a common word still needs its own
    ],
)
def test_a_short_name_or_a_common_word_without_a_place_word_stays_a_word(sentence: str) -> None:
    assert all(p == "درعا/Daraa" for p in _places(sentence))


def test_strikes_on_a_list_of_towns_are_an_event_per_town() -> None:
    """Rule 7 over a long list: each town joined by "and" (or by "and" and a place word), in the first's
    governorate; a name the gazetteer lacks ("ومنطقة غرز") is skipped, not the end of the list."""
    text = (
        "شنت الطائرات الحربية، اليوم، غارات على بلدات طفس واليادودة وأم المياذن ونصيب ومنطقة غرز وتل شهاب في ريف درعا."
    )
    events = analyze(text).events
    assert [(e.type, e.location.name_ar, e.location.governorate) for e in events] == [
        ("airstrike", name, "Daraa") for name in ("طفس", "اليادودة", "أم المياذن", "نصيب", "تل شهاب")
    ]


def test_a_list_broken_by_other_words_ends_there() -> None:
    text = "شنت الطائرات الحربية، اليوم، غارات على بلدتي طفس واليادودة في ريف درعا التي تقترب منها قوات من نوى."
    assert [e.location.name_ar for e in analyze(text).events] == ["طفس", "اليادودة"]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a region of the war resolves to its governorate, even where the gazetteer has a namesake village elsewhere
        ("غارات على القلمون الشرقي", "ريف دمشق/Rif Dimashq"),  # not the village القلمون in Latakia
        ("اشتباكات في وادي بردى", "ريف دمشق/Rif Dimashq"),
        ("قصف على جبل الزاوية", "إدلب/Idlib"),
        ("معارك في جبل الأكراد", "اللاذقية/Latakia"),
        ("قصف على منطقة اللجاة", "درعا/Daraa"),
        ("كمين في تلول الصفا", "السويداء/As-Suwayda"),
        ("قصف على الحولة", "حمص/Homs"),
        ("غارة على مطار التيفور", "حمص/Homs"),
        ("إغلاق معبر باب الهوى", "إدلب/Idlib"),  # not the village باب الهوى in Homs
        # a city's quarter is the city
        ("قصف على حي جوبر", "دمشق/Damascus"),  # not the village جوبر in Homs
        ("قصف على جوبر والقابون", "دمشق/Damascus"),
        ("اشتباكات في حي الوعر", "حمص/Homs"),
        ("Russian jets struck Jobar", "دمشق/Damascus"),
        ("قصف على حي غويران", "الحسكة/Al-Hasakah"),
        # a town's other name (Kurdish, or without the gazetteer's "upper"), an alias of its own entry
        ("اشتباكات في ديريك", "المالكية/Al-Hasakah"),
        ("غارات على الباغوز", "الباغوز فوقاني/Deir ez-Zor"),
        ("هدف معاد فوق منطقة دير العشائر", "مزرعة دير العشائر/Rif Dimashq"),  # the gazetteer names its farm
        ("US missiles struck the airbase in Shayrat", "الشعيرات/Homs"),
        ("Clashes erupted in Al-Quriyah", "القورية/Deir ez-Zor"),
    ],
)
def test_a_region_or_quarter_resolves_to_its_governorate_or_city(sentence: str, place: str) -> None:
    assert _places(sentence)[0] == place


def test_a_quarter_that_is_also_a_word_needs_its_place_word() -> None:
    assert _places("وضع القدم على الأرض") == []  # القدم (the foot) is the quarter only as "حي القدم"
    assert _places("قصف على حي القدم") == ["دمشق/Damascus"]


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        # an admin centre's name that is also a verb or an adjective is a place after a preposition or a place word
        ("غارات التحالف تقتل عشرات الحوثيين وتدمر آليات في صنعاء", []),  # تدمر: "destroys"
        ("قتل 5 في غارة على مدينة تدمر", ["تدمر/Homs"]),
        ("سيطر تنظيم داعش على تدمر", ["تدمر/Homs"]),
        ("الاحتجاجات التي بدأت سلمية", []),  # سلمية: "peaceful"
        ("قتل 3 بقصف على سلمية", ["سلمية/Hama"]),
        # the article glued to a word is no preposition: "الصدد" of "في هذا الصدد" is "this regard", not صدد
        ("ووصف ترامب ما جاء في الكتاب في هذا الصدد بأنه خيال", []),
        ("قصف على بلدة صدد", ["صدد/Homs"]),
    ],
)
def test_a_name_that_is_also_a_word_is_a_place_only_where_used_as_one(sentence: str, places: list[str]) -> None:
    assert _places(sentence) == places


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        # the final ة of a name may be written as alef (and the other way round): a one-word name only after a place
        # word, as a name read without its article
        (
            "قصفت قوات النظام قرى شقرا والجيعة في ريف دير الزور",
            ["شقرة/Deir ez-Zor", "الجيعة/Deir ez-Zor", "دير الزور/Deir ez-Zor"],
        ),
        ("قصف على كفر بطنة", ["كفر بطنا/Rif Dimashq"]),
    ],
)
def test_a_final_ta_marbuta_or_alef_is_one_spelling(sentence: str, places: list[str]) -> None:
    assert _places(sentence) == places


def test_an_admin_area_of_another_governorate_amid_a_list_of_villages_is_a_namesake() -> None:
    """ "الحصان" is also the gazetteer's name for the subdistrict of القطيلبية (Latakia): amid Deir ez-Zor villages
    it is a village the gazetteer lacks, skipped; the list goes on."""
    text = "قصفت قوات النظام اليوم قرى شقرا والحصان والجيعة والجنينة في ريف دير الزور"
    assert [(e.location.name_ar, e.location.governorate) for e in analyze(text).events] == [
        ("شقرة", "Deir ez-Zor"),
        ("الجيعة", "Deir ez-Zor"),
        ("الجنينة", "Deir ez-Zor"),
    ]


@pytest.mark.parametrize(
    ("sentence", "governorates"),
    [
        ("ويقضي الاتفاق بين روسيا، حليفة دمشق، وتركيا على إفراج النظام عن 1500 معتقل.", []),
        ("وقالت دمشق إن الطائرة كانت داخل الأجواء السورية.", []),
        ("دمشق تتهم واشنطن بقصف مواقع للجيش.", []),
        ("وتعهدت حكومة دمشق بإعادة الإعمار.", []),
        # ... but a strike on the city, or talks held there, are there
        ("سقطت قذائف على دمشق صباح اليوم.", ["Damascus"]),
        ("التقى الوفد مسؤولين سوريين في دمشق.", ["Damascus"]),
    ],
)
def test_the_capital_named_for_its_government_is_no_place(sentence: str, governorates: list[str]) -> None:
    """ "حليفة دمشق", "قالت دمشق", "دمشق تتهم": the government, not where the incident happened (cues.tsv, govt)."""
    read = _read(Part(sentence, 0, LEAD), "ar")
    assert [resolve(h, []).governorate for h in read.places] == governorates


def test_a_later_paragraph_naming_the_fronts_of_the_headlines_attack_gives_an_event_per_front() -> None:
    """The headline and lead tell one attack; a later paragraph that only details it (no new time or toll) names its
    fronts side by side, "and the outskirts of" included: one event per type and place (rule 7)."""
    title = "داعش يشن هجوما واسعا على قوات سوريا الديمقراطية"
    body = (
        "قال المرصد السوري لحقوق الإنسان اليوم إن تنظيم داعش شن هجوما واسعا على قوات سوريا الديمقراطية في ريف دير"
        " الزور الشرقي.\n"
        "وأضاف المرصد أن عناصر التنظيم نفذوا هجوما معاكسا على مواقع القوات في الباغوز وهجين والمراشدة ومحيط السوسة."
    )
    clashes = [e.location.name_ar for e in analyze(body, title=title).events if e.type == "clashes" and e.location]
    assert set(clashes) == {"الباغوز فوقاني", "هجين", "المراشدة", "السوسة"}


def test_a_word_written_with_tanween_is_no_place() -> None:
    """ "دوماً" (always) is an adverb, not Douma: an indefinite word is never a town's name; "دوما" without it is."""
    always = analyze("وتستهدف الطائرات التركية المنطقة دوماً بغارات جوية.").events
    assert [e.location for e in always if e.type == "airstrike"] == [None]
    town = analyze("وتستهدف الطائرات الحربية مدينة دوما بغارات جوية.").events
    assert [e.location.name_ar for e in town if e.type == "airstrike"] == ["دوما"]


def test_a_glued_lam_alone_does_not_make_a_common_word_a_place() -> None:
    """ "لصور من الأقمار الصناعية" is "for pictures": a glued "ل" is too weak for a name that is also a word; a
    preposition or a place word still is ("بلدة صور")."""
    assert _places("نشر الجيش الجمعة لصور من الأقمار الصناعية") == []
    assert _places("قصفت الطائرات بلدة صور في ريف دير الزور")[0].startswith("صور/")


def test_a_country_abroad_behind_a_glued_lam_is_no_village() -> None:
    """ "للبنان" is ل + لبنان (to Lebanon), not ل + ال + "بنان" (a subdistrict of Aleppo); "بلدة بنان" is the town."""
    assert _places("لا يمكن منح تمويل للبنان دون إقرار الميزانية") == []
    assert _places("قصفت الطائرات بلدة بنان في ريف حلب")[0].startswith("بنان/")

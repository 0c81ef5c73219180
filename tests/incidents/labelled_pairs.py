"""A labelled set of report pairs for duplicate and incident linking (written for this evaluation).

Each pair: the earlier report, the later one, and two labels: is the later a copy
(or light rewrite) of the earlier, and do both report the same incident. Hard
negatives share a template but not the town or the numbers, or the town but not the day.
Events are written out as the analysis would read them; hours are since the first report.
``others`` are further incidents already known when the later report arrives (for ambiguity).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import Event, Place
from tests.incidents.places import (
    ALEPPO,
    ARIHA,
    ARIHA_DISTRICT,
    ATAREB,
    AZAZ,
    DARAA,
    HARASTA,
    IDLIB,
    JISR,
    KAFR_NOBOL,
    MAARAT,
    MAARAT_DISTRICT,
    SAQBA,
    SARAQIB,
)


@dataclass(frozen=True)
class R:
    text: str
    type: str
    place: Place | None
    killed: int | None = None
    hours: float = 0.0
    children: int | None = None
    injured: int | None = None

    @property
    def event(self) -> Event:
        return Event(self.type, self.place, killed=self.killed, injured=self.injured, killed_children=self.children)


@dataclass(frozen=True)
class Pair:
    a: R
    b: R
    duplicate: bool
    same_incident: bool
    why: str
    others: tuple[R, ...] = field(default=())


A_ARIHA = "استشهد ثلاثة مدنيين بينهم طفلان جراء غارة جوية على مدينة أريحا بريف إدلب الجنوبي صباح اليوم."
T_STRIKE = "غارة جوية على مدينة {} تقتل {} مدنيين، بحسب الدفاع المدني السوري."
T_STRIKE_EN = "An airstrike on {} killed {} civilians on Monday, the Syrian Civil Defence said in a statement."
T_SHELL = "قصف مدفعي لقوات النظام يستهدف الأحياء السكنية في {} ويوقع {} جرحى بين المدنيين."
T_CLASH = "Clashes broke out between government forces and opposition fighters on the outskirts of {} overnight."
T_IDLIB = "غارات جوية على ريف إدلب تقتل {} مدنيين وتصيب آخرين، بحسب ناشطين."
T_IDLIB_EN = "Airstrikes in Idlib province killed {} civilians on Monday, activists said."
T_ARREST = "شنت قوات الأمن حملة مداهمات واعتقالات في {} طالت {} شباب بينهم طلاب جامعيون."

PAIRS: list[Pair] = [
    # --- copies and light rewrites: duplicates, same incident -------------------------------------
    Pair(R(A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R("استشهد ثلاثة مدنيين، بينهم طفلان، جراء غارة جوية على مدينة أريحا في ريف إدلب الجنوبي صباح اليوم.",
           "airstrike", ARIHA, 3, 0.5, 2), True, True, "punctuation and a preposition"),
    Pair(R(A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R("أريحا: استشهد ثلاثة مدنيين بينهم طفلان جراء غارة جوية على مدينة أريحا بريف إدلب الجنوبي صباح اليوم",
           "airstrike", ARIHA, 3, 1, 2), True, True, "a dateline added"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 5), "airstrike", KAFR_NOBOL, 5),
         R("An air strike on Kafr Nobol killed five civilians on Monday, the Syrian Civil Defence said in a statement.",
           "airstrike", KAFR_NOBOL, 5, 2), True, True, "air strike / five"),
    Pair(R("Four people were killed and 11 wounded when a car bomb exploded near the main market in Azaz on Friday, "
           "local sources said.", "bombing", AZAZ, 4, 0, None, 11),
         R("Four people were killed and eleven wounded when a car bomb went off near the main market in Azaz on "
           "Friday, according to local sources.", "bombing", AZAZ, 4, 3, None, 11), True, True, "wire rewrite"),
    Pair(R("قتل مدنيان وأصيب خمسة آخرون بانفجار سيارة مفخخة قرب دوار السوق في مدينة أعزاز شمال حلب.",
           "bombing", AZAZ, 2, 0, None, 5),
         R("مقتل مدنيين اثنين وإصابة خمسة آخرين بانفجار سيارة مفخخة قرب دوار السوق في مدينة أعزاز شمالي حلب.",
           "bombing", AZAZ, 2, 2, None, 5), True, True, "verbal noun rewrite"),
    Pair(R(T_SHELL.format("مدينة درعا البلد", 6), "shelling", DARAA, None, 0, None, 6),
         R("قصف مدفعي لقوات النظام استهدف الأحياء السكنية في مدينة درعا البلد وأوقع ستة جرحى بين المدنيين.",
           "shelling", DARAA, None, 4, None, 6), True, True, "tense changed"),
    Pair(R(T_ARREST.format("مدينة حرستا", 12), "arrests", HARASTA),
         R("شنت قوات الأمن حملة دهم واعتقالات في مدينة حرستا طالت 12 شابا بينهم طلاب جامعيون.",
           "arrests", HARASTA, None, 6), True, True, "digits for words"),
    Pair(R(T_CLASH.format("Atareb"), "clashes", ATAREB),
         R("Clashes broke out overnight between government forces and opposition fighters on the outskirts of Atareb.",
           "clashes", ATAREB, None, 1), True, True, "clause moved"),
    Pair(R("Russian warplanes carried out at least ten raids on the countryside of Jisr al-Shughur on Sunday, killing "
           "two civilians, activists said.", "airstrike", JISR, 2),
         R("Activists said Russian warplanes carried out at least ten raids on the countryside of Jisr al-Shughur on "
           "Sunday, killing two civilians.", "airstrike", JISR, 2, 2), True, True, "attribution moved"),
    Pair(R("Daily report: " + A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R(A_ARIHA + " وتواصل فرق الدفاع المدني البحث تحت الأنقاض.", "airstrike", ARIHA, 3, 5, 2), True, True,
         "a sentence appended"),
    Pair(R("Three civilians were killed in an airstrike on Saqba in Eastern Ghouta, the Syrian Observatory said.",
           "airstrike", SAQBA, 3),
         R("Three civilians were killed in an airstrike on Saqba in Eastern Ghouta, the Syrian Observatory said.",
           "airstrike", None, 3, 2), True, True, "verbatim copy, place missed by the analysis"),
    # --- other outlets, other wording or language: same incident, not copies ----------------------
    Pair(R(A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R("Three civilians, two of them children, were killed when a warplane struck the town of Ariha in southern "
           "Idlib on Tuesday morning.", "airstrike", ARIHA, 3, 1, 2), False, True, "English report"),
    Pair(R(A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R("ارتفعت حصيلة ضحايا الغارة على أريحا إلى سبعة قتلى بينهم ثلاثة أطفال.", "airstrike", ARIHA, 7, 5, 3),
         False, True, "toll rises"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 5), "airstrike", KAFR_NOBOL, 5),
         R("The death toll from Monday's air raid on Kafr Nobol has climbed to 15, rescuers say.",
           "airstrike", KAFR_NOBOL, 15, 20), False, True, "toll triples next day"),
    Pair(R("ارتفعت حصيلة غارة معرة النعمان إلى تسعة قتلى.", "airstrike", MAARAT, 9),
         R("Warplanes hit a market in Maarat al-Numan, killing seven people, a monitor said.",
           "airstrike", MAARAT, 7, 3), False, True, "a late outlet with the older toll"),
    Pair(R("قصف صاروخي على حي المحطة في درعا يوقع قتيلين.", "shelling", DARAA, 2),
         R("Rocket fire hit the Mahatta district of Daraa city, killing two and wounding several, state media said.",
           "shelling", DARAA, 2, 2), False, True, "Arabic then English"),
    Pair(R("اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على أطراف الأتارب.", "clashes", ATAREB),
         R(T_CLASH.format("Atareb"), "clashes", ATAREB, None, 3), False, True, "clashes, no counts"),
    Pair(R("حملة اعتقالات واسعة في حرستا بريف دمشق تطال العشرات.", "arrests", HARASTA),
         R(T_ARREST.format("مدينة حرستا", 12), "arrests", HARASTA, None, 8), False, True, "arrests, two wordings"),
    Pair(R("Car bomb in Azaz: four dead.", "bombing", AZAZ, 4),
         R("انفجار سيارة مفخخة في أعزاز يودي بحياة أربعة أشخاص ويصيب آخرين.", "bombing", AZAZ, 4, 1, None, 9),
         False, True, "headline then article"),
    Pair(R("Shelling on Saqba wounds six.", "shelling", SAQBA, None, 0, None, 6),
         R("قصف مدفعي على بلدة سقبا في الغوطة الشرقية يوقع ستة جرحى.", "shelling", SAQBA, None, 2, None, 6),
         False, True, "wounded only"),
    Pair(R("غارة على جسر الشغور تقتل مدنيين اثنين.", "airstrike", JISR, 2),
         R("Two civilians died in a raid on Jisr al-Shughur; the toll may rise, medics warned.",
           "airstrike", JISR, 2, 30), False, True, "30 hours later"),
    Pair(R("Airstrike on Ariha kills three.", "airstrike", ARIHA, 3),
         R("Rescuers pulled bodies from the rubble after the strike; three were confirmed dead.",
           "airstrike", None, 3, 2), False, True, "the place only in the first report (a miss we accept)"),
    # --- hard negatives: the same template on another town -----------------------------------------
    Pair(R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4),
         R(T_STRIKE.format("سراقب", 4), "airstrike", SARAQIB, 4, 0.5), False, False, "template, other town"),
    Pair(R(T_STRIKE.format("كفر نبل", 4), "airstrike", KAFR_NOBOL, 4),
         R(T_STRIKE.format("معرة النعمان", 6), "airstrike", MAARAT, 6, 1), False, False, "template, town and toll"),
    Pair(R(T_STRIKE_EN.format("Ariha", 3), "airstrike", ARIHA, 3),
         R(T_STRIKE_EN.format("Saraqib", 3), "airstrike", SARAQIB, 3, 0.2), False, False, "English template"),
    Pair(R(T_STRIKE_EN.format("Jisr al-Shughur", 2), "airstrike", JISR, 2),
         R(T_STRIKE_EN.format("Kafr Nobol", 2), "airstrike", KAFR_NOBOL, 2, 3), False, False, "English template 2"),
    Pair(R(T_SHELL.format("مدينة درعا البلد", 6), "shelling", DARAA, None, 0, None, 6),
         R(T_SHELL.format("بلدة سقبا", 6), "shelling", SAQBA, None, 2, None, 6), False, False, "shelling template"),
    Pair(R(T_ARREST.format("مدينة حرستا", 12), "arrests", HARASTA),
         R(T_ARREST.format("بلدة سقبا", 12), "arrests", SAQBA, None, 1), False, False, "arrest template"),
    Pair(R(T_CLASH.format("Atareb"), "clashes", ATAREB),
         R(T_CLASH.format("Azaz"), "clashes", AZAZ, None, 1), False, False, "clash template"),
    Pair(R("Four people were killed when a car bomb exploded near the main market in Azaz.", "bombing", AZAZ, 4),
         R("Four people were killed when a car bomb exploded near the main market in Atareb.", "bombing", ATAREB, 4,
           5), False, False, "one word apart"),
    # --- hard negatives: the same town on another day ----------------------------------------------
    Pair(R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4),
         R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4, 96), False, False, "same template, four days later"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 5), "airstrike", KAFR_NOBOL, 5),
         R(T_STRIKE_EN.format("Kafr Nobol", 2), "airstrike", KAFR_NOBOL, 2, 50), False, False, "two days later"),
    Pair(R(T_SHELL.format("مدينة درعا البلد", 6), "shelling", DARAA, None, 0, None, 6),
         R(T_SHELL.format("مدينة درعا البلد", 3), "shelling", DARAA, None, 72, None, 3), False, False,
         "three days later"),
    Pair(R(T_CLASH.format("Atareb"), "clashes", ATAREB),
         R(T_CLASH.format("Atareb"), "clashes", ATAREB, None, 120), False, False, "five days later, verbatim"),
    Pair(R("Airstrike on Ariha kills three.", "airstrike", ARIHA, 3),
         R("New airstrike on Ariha kills six, a week after the last.", "airstrike", ARIHA, 6, 168), False, False,
         "a week later"),
    # --- hard negatives: the same town and day, another kind of event or toll ----------------------
    Pair(R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4),
         R("قصف مدفعي على أطراف أريحا دون إصابات.", "shelling", ARIHA, None, 3), False, False, "shelling vs strike"),
    Pair(R(T_CLASH.format("Atareb"), "clashes", ATAREB),
         R("Government forces took control of Atareb after days of fighting.", "territory_change", ATAREB, None, 6),
         False, False, "clashes vs territory change"),
    Pair(R(T_ARREST.format("مدينة حرستا", 12), "arrests", HARASTA),
         R("خرجت مظاهرة في حرستا تطالب بالإفراج عن المعتقلين.", "protest", HARASTA, None, 4), False, False,
         "arrests vs protest"),
    Pair(R("A massacre in Kafr Nobol: 20 killed in airstrikes on the market.", "airstrike", KAFR_NOBOL, 20),
         R("An airstrike on a farm near Kafr Nobol killed two shepherds.", "airstrike", KAFR_NOBOL, 2, 6),
         False, False, "a toll far below: another strike"),
    Pair(R(T_STRIKE.format("معرة النعمان", 12), "airstrike", MAARAT, 12),
         R(T_STRIKE.format("معرة النعمان", 3), "airstrike", MAARAT, 3, 2), False, False,
         "same template and town, a quarter of the toll"),
    # --- unrelated reports the same day --------------------------------------------------------------
    Pair(R(A_ARIHA, "airstrike", ARIHA, 3, 0, 2),
         R("The UN envoy met opposition delegates in Geneva to discuss the constitutional committee.",
           "diplomacy", None, None, 2), False, False, "strike vs diplomacy"),
    Pair(R("نزوح مئات العائلات من ريف إدلب الجنوبي باتجاه المخيمات الحدودية.", "displacement", None),
         R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4, 1), False, False, "displacement vs strike"),
    Pair(R("Car bomb in Azaz: four dead.", "bombing", AZAZ, 4),
         R("Shelling on Saqba wounds six.", "shelling", SAQBA, None, 1, None, 6), False, False, "two headlines"),
    Pair(R("Airstrike on Ariha kills three.", "airstrike", ARIHA, 3),
         R("Airstrike on Saraqib kills three.", "airstrike", SARAQIB, 3, 1), False, False, "two headlines, a template"),
    Pair(R("هدنة مؤقتة في درعا البلد بعد مفاوضات مع اللجنة المركزية.", "ceasefire", DARAA),
         R("خرق للهدنة في درعا البلد: قصف مدفعي يوقع جريحين.", "shelling", DARAA, None, 10, None, 2), False, False,
         "truce vs its violation"),
    # --- a place inside the other: governorate or district level against a town ---------------------
    Pair(R(T_STRIKE.format("معرة النعمان", 5), "airstrike", MAARAT, 5),
         R(T_IDLIB.format("خمسة"), "airstrike", IDLIB, 5, 1), False, True, "governorate-level report, same toll"),
    Pair(R(T_STRIKE_EN.format("Maarat al-Numan", 5), "airstrike", MAARAT, 5),
         R(T_IDLIB_EN.format(5), "airstrike", IDLIB, 5, 3), False, True, "governorate-level report in English"),
    Pair(R(T_IDLIB.format("أربعة"), "airstrike", IDLIB, 4),
         R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4, 2), False, True, "governorate first, the town later"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 5), "airstrike", KAFR_NOBOL, 5),
         R("The toll of Monday's airstrikes on Idlib countryside rose to seven, among them two children.",
           "airstrike", IDLIB, 7, 6, 2), False, True, "governorate-level report, toll rises"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 6), "airstrike", KAFR_NOBOL, 6),
         R("غارات جوية على منطقة معرة النعمان تقتل ستة مدنيين.", "airstrike", MAARAT_DISTRICT, 6, 2), False, True,
         "district-level report of a town in it"),
    Pair(R("قصف مدفعي على الأتارب يصيب ثمانية مدنيين.", "shelling", ATAREB, None, 0, None, 8),
         R("Shelling on the western Aleppo countryside wounded eight civilians.", "shelling", ALEPPO, None, 4, None,
           8), False, True, "governorate-level, wounded only"),
    # --- related types: outlets disagree on who fired ------------------------------------------------
    Pair(R("قصف جوي على سوق معرة النعمان يقتل تسعة مدنيين.", "airstrike", MAARAT, 9),
         R("قصف على سوق معرة النعمان يوقع تسعة قتلى مدنيين.", "shelling", MAARAT, 9, 2), False, True,
         "airstrike vs shelling, same town and toll"),
    Pair(R("Regime artillery shelled Atareb, killing four civilians.", "shelling", ATAREB, 4),
         R("An airstrike on Atareb killed five civilians, among them a child, rescuers said.", "airstrike", ATAREB, 5,
           4), False, True, "shelling then airstrike, toll up by one"),
    Pair(R("Six people were killed in an explosion at the market in Azaz.", "bombing", AZAZ, 6),
         R("مسلحون يستهدفون المدنيين في سوق أعزاز ويقتلون ستة أشخاص.", "attack_on_civilians", AZAZ, 6, 3), False, True,
         "bombing vs attack on civilians"),
    # --- hard negatives for the relaxed rules -------------------------------------------------------
    Pair(R(T_STRIKE.format("معرة النعمان", 5), "airstrike", MAARAT, 5),
         R(T_IDLIB.format("خمسة"), "airstrike", IDLIB, 5, 2), False, False,
         "governorate-level report, two towns struck that day: either", (R(T_STRIKE.format("أريحا", 3), "airstrike",
                                                                           ARIHA, 3, 1),)),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 4), "airstrike", KAFR_NOBOL, 4),
         R(T_IDLIB_EN.format(4), "airstrike", IDLIB, 4, 3), False, False,
         "governorate-level report, two towns with the same toll", (R(T_STRIKE_EN.format("Saraqib", 4), "airstrike",
                                                                      SARAQIB, 4, 1),)),
    Pair(R(T_STRIKE.format("أريحا", 3), "airstrike", ARIHA, 3),
         R("قصف مدفعي على سراقب يقتل ثلاثة مدنيين.", "shelling", SARAQIB, 3, 1), False, False,
         "airstrike in one town, shelling in another"),
    Pair(R(T_STRIKE.format("معرة النعمان", 5), "airstrike", MAARAT, 5),
         R(T_IDLIB.format("خمسة"), "airstrike", IDLIB, 5, 48), False, False, "same governorate, two days later"),
    Pair(R(T_STRIKE_EN.format("Maarat al-Numan", 5), "airstrike", MAARAT, 5),
         R(T_IDLIB_EN.format(5), "airstrike", IDLIB, 5, 30), False, False, "same governorate, next day (30 hours)"),
    Pair(R(T_STRIKE.format("معرة النعمان", 8), "airstrike", MAARAT, 8),
         R(T_IDLIB.format("اثنين"), "airstrike", IDLIB, 2, 3), False, False, "governorate-level, a quarter"),
    Pair(R(T_STRIKE_EN.format("Ariha", 4), "airstrike", ARIHA, 4),
         R("Airstrikes on the countryside of Idlib, no casualties reported.", "airstrike", IDLIB, None, 2), False,
         False, "governorate-level without a toll"),
    Pair(R(T_STRIKE.format("الأتارب", 4), "airstrike", ATAREB, 4),
         R(T_IDLIB.format("أربعة"), "airstrike", IDLIB, 4, 1), False, False, "another governorate"),
    Pair(R(T_STRIKE_EN.format("Kafr Nobol", 6), "airstrike", KAFR_NOBOL, 6),
         R("Airstrikes on the Ariha area killed six.", "airstrike", ARIHA_DISTRICT, 6, 2), False, False,
         "a district of the same governorate that does not hold the town"),
    Pair(R(T_STRIKE.format("أريحا", 6), "airstrike", ARIHA, 6),
         R("قصف مدفعي على أريحا يقتل مدنيين اثنين.", "shelling", ARIHA, 2, 4), False, False,
         "airstrike vs shelling, same town, a third of the toll"),
    Pair(R("An airstrike on Atareb killed four fighters.", "airstrike", ATAREB, 4),
         R("Four fighters were killed in clashes near Atareb.", "clashes", ATAREB, 4, 2), False, False,
         "airstrike vs clashes: not related types"),
    Pair(R(T_STRIKE.format("معرة النعمان", 5), "airstrike", MAARAT, 5),
         R("اتفاق على وقف إطلاق النار في إدلب بعد مقتل خمسة مدنيين.", "ceasefire", IDLIB, 5, 4), False, False,
         "ceasefire in the governorate"),
    Pair(R(T_STRIKE.format("أريحا", 4), "airstrike", ARIHA, 4),
         R("نزوح مئات العائلات من ريف إدلب بعد غارات قتلت أربعة.", "displacement", IDLIB, 4, 5), False, False,
         "displacement in the governorate"),
]  # fmt: skip

"""Titled Arabic reports the event gate decides for, shared by the gate's, the type model's and the comparison bench's
tests: a strike report, and a pledge of aid whose background displacement the gate drops.

The strike report's last paragraph tells talks without a place and time of their own: rule 6 lets it announce
nothing, so it is the one candidate rule 6 leaves out (``low``).
"""

TITLE = "مقتل 4 مدنيين بغارات على سراقب"
REPORT = (
    "قتل 4 مدنيين بينهم طفلان وأصيب 11 آخرون جراء غارات جوية على مدينة سراقب في ريف إدلب الشرقي صباح اليوم.\n"
    "وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت الأنقاض بعد ساعات من البحث.\n"
    "وأضاف أن الطائرات الحربية حلقت في سماء المنطقة طوال ساعات الصباح وسط حالة من الذعر بين السكان.\n"
    "وبحث وزير الخارجية الروسي مع نظيره التركي في اتصال هاتفي الوضع في إدلب."
)

# A pledge of aid (the news) with a background clause: six million displaced "since the war began" is the rules'
# displacement candidate, which a reader does not take as news.
AID_TITLE = "فرنسا تخصص خمسين مليون يورو لمساعدة سوريا"
AID_REPORT = (
    "قال الرئيس الفرنسي إيمانويل ماكرون يوم الاثنين إن بلاده ستساهم بخمسين مليون يورو في المساعدات الإنسانية "
    "العاجلة لسوريا بعد اجتماع مع منظمات غير حكومية في باريس.\n"
    "وذكر مكتب الرئيس أن الأموال ستخصص لمنظمات تعمل على الأرض في سوريا، حيث نزح أكثر من ستة ملايين شخص من "
    "منازلهم منذ بدء الحرب.\n"
    "وتشير تقديرات الأمم المتحدة إلى أن نحو ثلاثة عشر مليون شخص بحاجة إلى المساعدة الإنسانية في سوريا."
)

"""One titled Arabic strike report the event gate decides for, shared by the gate's tests and the comparison bench's.

Its last paragraph tells talks without a place and time of their own: rule 6 lets it announce nothing, so it is the
one candidate rule 6 leaves out (``low``).
"""

TITLE = "مقتل 4 مدنيين بغارات على سراقب"
REPORT = (
    "قتل 4 مدنيين بينهم طفلان وأصيب 11 آخرون جراء غارات جوية على مدينة سراقب في ريف إدلب الشرقي صباح اليوم.\n"
    "وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت الأنقاض بعد ساعات من البحث.\n"
    "وأضاف أن الطائرات الحربية حلقت في سماء المنطقة طوال ساعات الصباح وسط حالة من الذعر بين السكان.\n"
    "وبحث وزير الخارجية الروسي مع نظيره التركي في اتصال هاتفي الوضع في إدلب."
)

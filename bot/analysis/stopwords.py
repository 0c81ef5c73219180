"""Function words (normalised) left out of summary overlap scores."""

from __future__ import annotations

from bot.analysis.normalize import normalize

_AR = """في من على الى إلى عن ان أن إن لا ما لم لن قد كان كانت يكون هذا هذه ذلك تلك التي الذي الذين
هو هي هم هن نحن انا أنا انت كل بعد قبل حتى او أو ثم بين عند مع غير كما لكن لكنّ اي أي ايضا أيضا
منذ خلال حيث اذا إذا وقد فقد وكان كانوا بها به له لها لهم فيها فيه عليه عليها منها منه عنه اليه إليه
وهو وهي وفي ومن وعلى والى وان وأن ولا وما التى اللذين اللتين الا إلا بل هل كيف متى اين أين عندما
يتم تم جدا جميع بعض احد أحد اول أول عام وقال قال قالت يوم اليوم امس أمس"""
_EN = """the a an of and to in is was were be been being that this these those for on with by at from as
it its it's he she they them his her their we our you your i not no but or if then than so such
has have had do does did will would can could should may might also said says about into over after
before between during while which who whom whose what when where why how all any both each more most
other some there here up down out off again further once only own same too very just"""

STOPWORDS = frozenset(normalize(w) for w in (_AR + " " + _EN).split())

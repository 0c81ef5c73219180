"""English words for the dead that agencies use (FA-KES, bench/eval_fakes.py): "martyred", "martyrs", "beheaded";
and a headline's figure of killed and injured together without "and" ("175 Killed Injured") counts for neither."""

from __future__ import annotations

import pytest

from bot.analysis.casualties import read_casualties
from bot.analysis.normalize import match_tokens


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("A motorcycle bomb attack took place in Latakia city leaving 5 martyrs.", 5, None),
        ("Seven civilians were martyred on Wednesday as terrorists shelled the neighbourhood.", 7, None),
        ("Militants beheaded 18 soldiers captured near the air base.", 18, None),
        ("175 Nusra Terrorists Killed Injured in Castello Road in Aleppo", None, None),
        ("88 Killed & Injured as the civilian massacre continues", None, None),
        ("The martyrs of the revolution were remembered at the rally.", None, None),
    ],
)
def test_english_words_for_the_dead(sentence, killed, injured):
    c = read_casualties(match_tokens(sentence))
    assert (c.killed, c.injured) == (killed, injured)

"""A report without a headline gets a title that reads as one: a whole sentence or clause, never a cut phrase."""

from __future__ import annotations

import pytest

from bot.analysis import analyze, headline_from
from tests.conftest import SEED_REPORT


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("قصف مدفعي على بلدة كفرنبل.", "قصف مدفعي على بلدة كفرنبل"),
        (
            "Turkey and Russia agreed on Thursday to restore the ceasefire in Idlib, the Turkish foreign minister "
            "said after long talks with his Russian counterpart in Moscow on the future of the de-escalation zone.",
            "Turkey and Russia agreed on Thursday to restore the ceasefire in Idlib",
        ),
        (" ".join(["كلمة"] * 30), " ".join(["كلمة"] * 20) + "…"),
    ],
)
def test_headline_from(sentence, title):
    assert headline_from(sentence) == title


def test_the_seed_title_is_its_first_clause():
    text = SEED_REPORT.read_text(encoding="utf-8")
    assert analyze(text).title.endswith("نحو حلّ الملف السوري")

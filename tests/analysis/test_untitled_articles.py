"""An article given without its headline (a .txt file without the headline line, as the seed report is): the learned
stages judge it when it is an article - ``ARTICLE_PARAGRAPHS`` paragraphs or more - with a gate of its own, learned
from the studied articles' text alone (``eventgate_untitled.tsv``); a short report without a headline (the in-house
reports: every paragraph news) keeps what the rules announce."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.analysis
from bot.analysis import ARTICLE_PARAGRAPHS, _document, _gated, analyze
from bot.analysis.eventgate import gate, parse, read_gate, untitled_gate
from tests.analysis.gate_report import AID_REPORT, AID_TITLE
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
WEIGHTS = ROOT / "bot" / "analysis" / "data" / "eventgate_untitled.tsv"
CORPUS = ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz"
SEED = ROOT.parent / "shared" / "seeds" / "000_02fb0add3b835a0e.txt"

PARAGRAPH = "وقال مصدر محلي إن الطائرات الحربية حلقت في سماء المنطقة طوال ساعات الصباح وسط حالة من الذعر بين السكان."


def _article(paragraphs: int) -> str:
    lead = "قتل 4 مدنيين بينهم طفلان جراء غارات جوية على مدينة سراقب في ريف إدلب الشرقي صباح اليوم."
    return "\n".join([lead, *[PARAGRAPH] * (paragraphs - 1)])


def test_an_untitled_article_is_judged_a_short_report_is_not() -> None:
    assert ARTICLE_PARAGRAPHS == 6
    assert _gated(_document(_article(6), None, None))
    assert not _gated(_document(_article(5), None, None))  # the in-house reports have 3 to 5 paragraphs
    assert _gated(_document(_article(5), "مقتل 4 مدنيين بغارات على سراقب", None))  # titled: judged as before


def test_an_untitled_article_meets_the_untitled_gate(monkeypatch) -> None:
    """The untitled gate decides for it (here one that keeps nothing: the article announces no new incident), the
    titled gate for the same article with its headline."""
    nothing = parse("# on\t1\n# bias\t-9\n# threshold\t0.5\n# doc_bias\t-9\n# doc_threshold\t0.5\n")
    monkeypatch.setattr(bot.analysis, "_untitled_gate", lambda: nothing)
    assert [e.type for e in analyze(_article(6), types=False).events] == []
    assert [e.type for e in analyze(_article(6), title="مقتل 4 مدنيين بغارات على سراقب", types=False).events] == [
        "airstrike"
    ]
    assert [e.type for e in analyze(_article(5), types=False).events] == ["airstrike"]  # short: the rules'


def test_the_shipped_untitled_gate_is_on_and_learned_without_headlines() -> None:
    g = untitled_gate()
    assert g.on and g != gate() and g == read_gate(WEIGHTS)
    assert "# untitled\t1" in WEIGHTS.read_text("utf-8").splitlines()


def test_the_seed_reads_the_same_untitled_and_titled() -> None:
    seed = SEED.read_text("utf-8")
    assert _gated(_document(seed, None, None))  # 12 paragraphs: an article
    for title in (None, "جيفري: واشنطن وموسكو تبحثان الوضع في إدلب"):
        events = analyze(seed, title=title).events
        assert [(e.type, e.killed, e.killed_children, e.injured) for e in events] == [
            ("diplomacy", None, None, None),
            ("airstrike", 5, 3, 8),
        ]
        assert events[1].location.name == "Maarat al-Numan"


def test_the_background_of_a_titled_report_is_still_dropped() -> None:
    """The titled path is the titled gate's: the aid pledge's background displacement stays out."""
    assert [e.type for e in analyze(AID_REPORT, title=AID_TITLE).events] == ["diplomacy"]


def test_without_its_file_a_gate_is_off(tmp_path) -> None:
    off = read_gate(tmp_path / "eventgate_untitled.tsv")  # before the script first writes it
    assert not off.on and off.select([{"d:announced": 1.0}, {}]) == [True, True]  # every candidate kept


def test_the_shipped_untitled_gate_is_what_the_script_writes(tmp_path) -> None:
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not here ({CORPUS})")
    pytest.importorskip("sklearn")
    script = load_script("scripts/train_eventgate.py")
    arts = script.dataset(untitled=True)
    assert all(a.feats or a.fixed or a.doc for a in arts)  # each judged untitled
    out = tmp_path / "eventgate_untitled.tsv"
    script.write(arts, out, untitled=True)
    assert out.read_bytes() == WEIGHTS.read_bytes()

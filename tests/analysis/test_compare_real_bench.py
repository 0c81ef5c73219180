"""bench/compare_real.py: two readings of the labelled real articles, compared with a paired bootstrap."""

from __future__ import annotations

from dataclasses import replace

import pytest

import bot.analysis
from bench.compare_real import Counts, counts, f1, paired_bootstrap, reader
from bot.analysis import analyze
from bot.analysis.typemodel import type_model
from tests.analysis.gate_report import REPORT, TITLE
from tests.analysis.test_typemodel import RAIDS, RAIDS_TITLE, WEIGHTS


def test_counts_match_types_per_article_as_eval_real_does():
    assert counts(["airstrike", "airstrike", "shelling"], ["airstrike", "clashes"]) == Counts(1, 2, 3)
    assert counts([], ["diplomacy"]) == Counts(0, 1, 0)
    assert f1([Counts(1, 2, 3), Counts(0, 1, 0)]) == pytest.approx(2 * 1 / 6)


def test_a_reading_against_itself_differs_by_nothing():
    rows = [Counts(1, 2, 3), Counts(0, 1, 0), Counts(2, 2, 2)]
    c = paired_bootstrap(rows, rows, rounds=200)
    assert c.difference == 0 and c.low == c.high == 0 and c.wins == 0


def test_a_reading_better_on_every_article_wins_every_draw_and_the_draws_repeat():
    better = [Counts(2, 2, 2), Counts(1, 1, 1), Counts(1, 1, 1)]
    worse = [Counts(1, 3, 2), Counts(0, 2, 1), Counts(0, 1, 1)]
    c = paired_bootstrap(better, worse, rounds=300, seed=7)
    assert c.a == 1.0 and c.b == pytest.approx(0.2) and c.wins == 1.0 and c.low > 0
    assert paired_bootstrap(better, worse, rounds=300, seed=7) == c
    with pytest.raises(ValueError):
        paired_bootstrap(better, worse[:2])


def test_readings_are_the_rules_the_shipped_analysis_or_a_gate_file(tmp_path, monkeypatch):
    article = {"text": REPORT, "title": TITLE}
    shipped = type_model()  # the gate's reading, without the type model's decision (which drops the talks)
    monkeypatch.setattr(bot.analysis, "type_model", lambda: replace(shipped, decision=None))
    assert reader("rules")(article) == [e.type for e in analyze(REPORT, title=TITLE, gate=False).events]
    assert reader("shipped")(article) == [e.type for e in analyze(REPORT, title=TITLE).events]
    keep_all = tmp_path / "gate.tsv"  # on, weighing rule 6's left-outs, keeping every candidate
    keep_all.write_text("# on\t1\n# low\t1\n# bias\t0\n# threshold\t0\n", "utf-8")
    assert reader(str(keep_all))(article) == ["airstrike", "diplomacy"]
    assert reader("shipped")(article) == ["airstrike"]  # the shipped gate is back in place afterwards


def test_a_type_model_file_is_read_in_place_of_the_shipped_one(tmp_path):
    """The decision adds the clashes the raids report tells (the rules read only the air strikes); a copy of the
    shipped file with ``# decide on 0`` is the same model without its decision."""
    article = {"text": RAIDS, "title": RAIDS_TITLE}
    off = tmp_path / "typemodel_off.tsv"
    off.write_text(WEIGHTS.read_text("utf-8").replace("# decide\ton\t1\n", "# decide\ton\t0\n"), "utf-8")
    assert reader(str(WEIGHTS))(article) == ["airstrike", "clashes"] == reader("shipped")(article)
    assert reader(str(off))(article) == ["airstrike"]
    assert reader("shipped")(article) == ["airstrike", "clashes"]  # the shipped model is back in place afterwards

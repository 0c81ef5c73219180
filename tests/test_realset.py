"""scripts/realset.py: a fresh test part never holds a story the earlier parts hold (France 24 files some twice)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("realset", Path(__file__).parents[1] / "scripts" / "realset.py")
realset = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(realset)

STORY = "قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل خمسة مدنيين بينهم ثلاثة أطفال"
OTHER = "أعلنت وزارة الخارجية الروسية أن محادثات جديدة حول سوريا ستعقد في جنيف الأسبوع المقبل بحضور المبعوث"


def _article(aid: str, text: str, title: str = "سوريا") -> dict:
    return {"id": aid, "section": "middleEast", "title": title, "text": text}


def test_copies_repeat_and_other_stories_do_not():
    story = realset.shingles(_article("a", STORY))
    assert realset.repeats(story, realset.shingles(_article("b", STORY)))
    assert realset.repeats(story, realset.shingles(_article("c", STORY + " وفق ما أفاد ناشطون")))  # a near-copy
    assert not realset.repeats(story, realset.shingles(_article("d", OTHER)))


@pytest.mark.parametrize("distinct", [False, True])
def test_a_distinct_pick_passes_over_a_studied_story_and_its_own_copies(monkeypatch, distinct):
    corpus = [
        _article("FR-middleEast-1-20180702", STORY),  # studied (skipped)
        _article("FR-internationalNews-2-20180702", STORY),  # the same story under another section
        _article("SK-middleEast-3-20180710", OTHER),
        _article("AL-middleEast-4-20180711", OTHER),  # a copy of the pick before it
        _article("BB-middleEast-5-20180712", OTHER + " " + STORY[::-1]),  # another story that shares little
    ]
    monkeypatch.setattr(realset, "articles", lambda: iter(corpus))
    monkeypatch.setattr(realset, "rank", lambda aid: aid.split("-")[2].zfill(3))  # corpus order
    quota = {("test", "syria"): 3}
    picked = [aid for aid, _, _ in realset.select(quota, frozenset({corpus[0]["id"]}), distinct=distinct)]
    if distinct:
        assert picked == ["SK-middleEast-3-20180710", "BB-middleEast-5-20180712"]
    else:  # test2 and test3 were picked this way: only the ids are skipped
        assert picked == ["FR-internationalNews-2-20180702", "SK-middleEast-3-20180710", "AL-middleEast-4-20180711"]


def test_the_training_part_holds_no_article_of_an_earlier_part():
    """train5 (read once, to study and train on) skips every earlier pick, the blind test part's above all; its
    stories are checked against theirs when it is picked (``select_train``: distinct)."""
    real = Path(__file__).parents[1] / "tests" / "data" / "real"

    def ids(name: str) -> set[str]:
        return {line.split("\t")[0] for line in (real / name).read_text("utf-8").splitlines() if line.strip()}

    train = ids("sample_train5.tsv")
    assert len(train) > 400
    for name in realset.TRAIN_SKIPS:
        assert not train & ids(name), name


def test_the_fifth_blind_part_holds_no_article_of_an_earlier_part_and_comes_from_feb_jun():
    """test5 (session 7): the Jul-Oct pool is spent, so it is drawn from Feb-Jun; it skips every earlier pick,
    the training part's included."""
    real = Path(__file__).parents[1] / "tests" / "data" / "real"
    rows = [line.split("\t") for line in (real / "sample_test5.tsv").read_text("utf-8").splitlines() if line.strip()]
    fifth = {row[0] for row in rows}
    assert len(fifth) == len(rows) == sum(realset.PART_QUOTA["test5"].values())
    assert {row[1] for row in rows} == {"test5"}
    assert all("201802" <= aid.rsplit("-", 1)[1][:6] <= "201806" for aid in fifth)
    for name in realset.NEXT_PARTS["test5"]:
        earlier = {line.split("\t")[0] for line in (real / name).read_text("utf-8").splitlines() if line.strip()}
        assert not fifth & earlier, name


def _ids(path: Path) -> set[str]:
    return {line.split("\t")[0] for line in path.read_text("utf-8").splitlines() if line.strip()}


@pytest.mark.parametrize("part", ["test6", "test7", "test8", "test9"])
def test_a_later_blind_part_holds_no_article_of_an_earlier_part_and_comes_from_feb_jun(part):
    """test6 (session 8), test7 and test8 (session 9), test9 (session 10) are drawn from Feb-Jun like test5 and skip
    every earlier pick."""
    real = Path(__file__).parents[1] / "tests" / "data" / "real"
    rows = [line.split("\t") for line in (real / f"sample_{part}.tsv").read_text("utf-8").splitlines() if line.strip()]
    fresh = {row[0] for row in rows}
    assert len(fresh) == len(rows) == sum(realset.PART_QUOTA[part].values())
    assert {row[1] for row in rows} == {part}
    assert all("201802" <= aid.rsplit("-", 1)[1][:6] <= "201806" for aid in fresh)
    for name in realset.NEXT_PARTS[part]:
        assert not fresh & _ids(real / name), name


def test_the_second_training_part_skips_every_earlier_pick_the_blind_parts_above_all():
    """train6 (session 9, read once) is picked after test7 and skips it and every earlier part."""
    real = Path(__file__).parents[1] / "tests" / "data" / "real"
    train = _ids(real / "sample_train6.tsv")
    assert len(train) == sum(realset.TRAIN6_QUOTA.values())
    assert "sample_test7.tsv" in realset.TRAIN6_SKIPS and "sample_test6.tsv" in realset.TRAIN6_SKIPS
    for name in realset.TRAIN6_SKIPS:
        assert not train & _ids(real / name), name


def test_the_third_training_part_skips_every_earlier_pick_the_second_included():
    """train7 (session 9, read once) is picked after train6 and skips it, test7 and every earlier part."""
    real = Path(__file__).parents[1] / "tests" / "data" / "real"
    train = _ids(real / "sample_train7.tsv")
    assert len(train) == sum(realset.TRAIN7_QUOTA.values())
    assert {"sample_train6.tsv", "sample_test7.tsv"} <= set(realset.TRAIN7_SKIPS)
    for name in realset.TRAIN7_SKIPS:
        assert not train & _ids(real / name), name

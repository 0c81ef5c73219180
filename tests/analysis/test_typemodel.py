"""The type model (bot/analysis/typemodel.py): an event of a kind the report tells but the rules read nowhere."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

import bot.analysis
from bot.analysis import analyze
from bot.analysis.typemodel import TypeModel, parse, type_model
from tests.analysis.gate_report import AID_REPORT, AID_TITLE, REPORT, TITLE
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
WEIGHTS = ROOT / "bot" / "analysis" / "data" / "typemodel_ar.tsv"
CORPUS = ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz"

# A statement told with no word the trigger lexicon reads as diplomacy, its quote a lead sentence about an attack.
STATEMENT_TITLE = "أردوغان: لا خطوة في سوريا بعد اليوم بمعزل عن تركيا"
STATEMENT = (
    "قال الرئيس التركي رجب طيب أردوغان إنه لا يمكن اتخاذ أي خطوة في سوريا بمعزل عن تركيا من الآن فصاعدا.\n"
    "وجاء ذلك في تغريدة على حسابه الرسمي في تويتر، حيث كتب أن بلاده هي الوحيدة التي تقف مع الشعب السوري.\n"
    '"لقد رأينا مرة أخرى أن الهجوم الأخير لم يغير شيئا على الأرض"، أضاف أردوغان.'
)
# Air strikes told as "هجمات جوية" with activists as the source: the rules announce nothing.
RAIDS_TITLE = "مقتل عشرات المدنيين في هجمات جوية جنوبي سوريا"
RAIDS = (
    "قال ناشطون إن عشرات المدنيين قتلوا في هجمات جوية استهدفت بلدات في ريف درعا الشرقي.\n"
    "وتواصل القوات الحكومية هجومها على مناطق المعارضة في الجنوب.\n"
    "وفر آلاف السكان باتجاه الحدود الأردنية."
)


def _types(text: str, title: str | None, **kw) -> list[str]:
    return [e.type for e in analyze(text, title=title, **kw).events]


def test_the_file_is_read_as_written() -> None:
    m = parse(
        "# on\t1\n# threshold\t0.6\n# veto\t0.02\n# bias\tdiplomacy\t-1.5\n"
        "diplomacy\tt:بوتين\t2.0\nairstrike\tw:غارات\t1\n"
    )
    assert m.on and m.threshold == 0.6 and m.veto == 0.02 and m.decision is None
    assert set(m.models) == {"diplomacy"}  # a type without its bias line is no model
    assert m.models["diplomacy"].bias == -1.5 and m.models["diplomacy"].weights == {"t:بوتين": 2.0}
    assert not parse("# on\t0\n").on and parse("").models == {}
    d = parse(
        "# on\t1\n# decide\ton\t1\n# decide\tthreshold\t0.3\n# decide\tfound\t2\n# decide\ttolled\t0.5\n"
        "# decide\tdiplomacy\t-0.5\t0.9\n# bias\tdiplomacy\t-1\n"
    ).decision
    assert d is not None and d.on and d.threshold == 0.3 and (d.found, d.tolled) == (2.0, 0.5)
    assert d.types == {"diplomacy": (-0.5, 0.9)}


def test_the_shipped_model_reads_the_main_types_and_is_on() -> None:
    m = type_model()
    assert m.on and m.threshold == 0.5 and m.veto == 0  # the veto was measured, not kept (BENCHMARKS.md)
    assert m.decides()  # test9 decided it (BENCHMARKS.md, "Where it stands after session 11")
    types = {
        *("diplomacy", "airstrike", "shelling", "clashes", "territory_change", "displacement", "ceasefire"),
        "bombing",
    }
    assert set(m.models) == types and m.decision is not None and set(m.decision.types) == types
    assert m.decision.found > 0 and m.decision.tolled > 0  # what the rules found, and a toll, speak for a type
    assert all(slope > 0 for _, slope in m.decision.types.values())  # the surer the model, the likelier told


def test_a_statement_the_rules_miss_is_one_diplomacy_event_from_the_headline() -> None:
    assert _types(STATEMENT, STATEMENT_TITLE, types=False) == []
    (event,) = analyze(STATEMENT, title=STATEMENT_TITLE).events
    assert event.type == "diplomacy" and event.location is None  # talks and statements are held abroad
    assert event.evidence == STATEMENT_TITLE and event.killed is None


def test_an_incident_the_rules_miss_takes_the_place_its_opening_names() -> None:
    assert _types(RAIDS, RAIDS_TITLE, types=False) == []
    event, *_ = analyze(RAIDS, title=RAIDS_TITLE).events  # the likeliest type first
    assert event.type == "airstrike" and event.location.governorate == "Daraa"
    assert event.killed is None  # "عشرات": no figure; the model reads kinds, never tolls


def test_it_only_adds_a_type_the_rules_left_without_an_event() -> None:
    for title, text in ((TITLE, REPORT), (STATEMENT_TITLE, STATEMENT), (RAIDS_TITLE, RAIDS)):
        typed, rules = _types(text, title), _types(text, title, types=False)
        assert typed[: len(rules)] == rules  # the rules' events first, unchanged
        added = typed[len(rules) :]
        assert not set(added) & set(rules) and len(set(added)) == len(added)
    seed = (ROOT.parent / "shared" / "seeds" / "000_02fb0add3b835a0e.txt").read_text("utf-8")
    assert _types(seed, None) == _types(seed, None, types=False)  # the seed: its two events, nothing added
    titled = analyze(seed, title="جيفري: واشنطن وموسكو تبحثان الوضع في إدلب").events  # titled: the gates judge it
    assert [(e.type, e.killed, e.killed_children) for e in titled] == [("diplomacy", None, None), ("airstrike", 5, 3)]


def test_a_type_the_gate_dropped_comes_back_as_the_rules_read_it(monkeypatch) -> None:
    """The gate drops the aid report's displacement (six million displaced since the war began: background); a model
    sure the report tells displacement brings back that candidate, with its own evidence, not one built from the
    headline."""
    assert _types(AID_REPORT, AID_TITLE, types=False) == ["diplomacy"]
    assert _types(AID_REPORT, AID_TITLE, gate=False) == ["displacement", "diplomacy"]
    sure = TypeModel(True, 0.5, {"displacement": parse("# bias\tdisplacement\t9\n").models["displacement"]})
    monkeypatch.setattr(bot.analysis, "type_model", lambda: sure)
    events = analyze(AID_REPORT, title=AID_TITLE).events
    assert [e.type for e in events] == ["diplomacy", "displacement"]
    rules = analyze(AID_REPORT, title=AID_TITLE, gate=False).events
    assert events[1] == rules[0]


def test_it_decides_only_where_the_gates_judge_and_when_switched_on(monkeypatch) -> None:
    sure = TypeModel(True, 0.5, {"bombing": parse("# bias\tbombing\t9\n").models["bombing"]})
    monkeypatch.setattr(bot.analysis, "type_model", lambda: sure)
    assert "bombing" in _types(REPORT, TITLE)
    assert "bombing" not in _types(REPORT, TITLE, types=False)
    assert "bombing" not in _types(REPORT, TITLE, gate=False)  # the rules alone: no learned part at all
    assert "bombing" not in _types(REPORT, None)  # no headline: the gates do not judge it
    english = "Syrian government jets struck the town of Saraqeb in Idlib on Monday, killing four civilians. " * 3
    assert "bombing" not in _types(english, "Four killed in strikes on Saraqeb")  # Arabic only
    sport = (
        "فاز فريق برشلونة على ريال مدريد بثلاثة أهداف مقابل هدف في مباراة الكلاسيكو مساء السبت على ملعب كامب نو. " * 3
    )
    assert _types(sport, "برشلونة يفوز بالكلاسيكو") == []  # relevance first: not news of the war, no event
    off = TypeModel(False, 0.5, sure.models)
    monkeypatch.setattr(bot.analysis, "type_model", lambda: off)
    assert "bombing" not in _types(REPORT, TITLE)  # auto: as the file says
    assert "bombing" in _types(REPORT, TITLE, types=True)


def _script():
    pytest.importorskip("sklearn")  # the `train` extra
    return load_script("scripts/train_typemodel.py")


def _blind_ids() -> set[str]:
    out = set()
    for part in ("test4", "test5", "test6", "test7", "test8", "test9"):
        path = ROOT / "tests" / "data" / "real" / f"sample_{part}.tsv"
        out |= {line.split("\t")[0] for line in path.read_text("utf-8").splitlines() if line.strip()}
    return out


def test_training_never_reads_a_blind_article() -> None:
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not here ({CORPUS})")
    script = _script()
    blind = _blind_ids()
    assert not set(script.real_labels()) & blind
    studied = sorted(script.real_labels())[0]
    assert set(script.corpus_texts({*sorted(blind)[:4], studied})) == {studied}


def test_the_shipped_weights_are_what_the_script_writes(tmp_path, monkeypatch) -> None:
    """The models, the out-of-fold rows and the decision: the whole script, about half a minute."""
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not here ({CORPUS})")
    script = _script()
    out = tmp_path / "typemodel_ar.tsv"
    monkeypatch.setattr(sys, "argv", ["train_typemodel.py", "--out", str(out)])
    assert script.main() == 0
    assert out.read_bytes() == WEIGHTS.read_bytes()


def test_a_file_with_a_veto_drops_an_untolled_event_of_a_type_it_is_sure_of_never_a_tolled_one(monkeypatch) -> None:
    never = parse("# on\t1\n# veto\t0.02\n# bias\tairstrike\t-9\n# bias\tdiplomacy\t-9\n")
    monkeypatch.setattr(bot.analysis, "type_model", lambda: never)
    assert _types(REPORT, TITLE) == ["airstrike"]  # 4 killed: a toll the rules read is kept whatever the model says
    assert _types(AID_REPORT, AID_TITLE) == []  # the pledge's diplomacy, told with no toll, is vetoed
    assert _types(AID_REPORT, AID_TITLE, types=False) == ["diplomacy"]


def _deciding(found: float, **types: tuple[float, float]) -> TypeModel:
    """A model whose decision says yes to a type at log-odds >= -bias/slope when the rules found none of it."""
    lines = ["# on\t1", "# decide\ton\t1", "# decide\tthreshold\t0.5", f"# decide\tfound\t{found}"]
    lines += [f"# decide\ttolled\t{found}", *(f"# decide\t{k}\t{b}\t{s}" for k, (b, s) in types.items())]
    lines += [f"# bias\t{k}\t-9" for k in types]  # each type's probability about 0.0001: log-odds -9.2
    return parse("\n".join(lines) + "\n")


def test_the_decision_drops_an_untolled_type_it_says_no_to_and_adds_one_it_says_yes_to(monkeypatch) -> None:
    no = _deciding(0.0, airstrike=(0.0, 1.0), diplomacy=(0.0, 1.0))  # log-odds -9: no to both, whatever was found
    monkeypatch.setattr(bot.analysis, "type_model", lambda: no)
    assert _types(REPORT, TITLE) == ["airstrike"]  # 4 killed: a toll the rules read stays whatever it says
    assert _types(AID_REPORT, AID_TITLE) == []  # the pledge's diplomacy, untolled, goes
    trusting = _deciding(20.0, airstrike=(0.0, 1.0), diplomacy=(0.0, 1.0))  # what the rules found, it keeps
    monkeypatch.setattr(bot.analysis, "type_model", lambda: trusting)
    assert _types(AID_REPORT, AID_TITLE) == ["diplomacy"]
    yes = _deciding(0.0, bombing=(20.0, 1.0))  # yes to bombing: one added, from the opening
    monkeypatch.setattr(bot.analysis, "type_model", lambda: yes)
    assert _types(REPORT, TITLE) == ["airstrike", "bombing"]
    assert _types(REPORT, TITLE, types=False) == ["airstrike"]


def test_a_decision_switched_off_leaves_threshold_and_veto_in_charge(monkeypatch) -> None:
    yes = _deciding(0.0, bombing=(20.0, 1.0))
    off = TypeModel(True, 0.5, yes.models, decision=replace(yes.decision, on=False))
    monkeypatch.setattr(bot.analysis, "type_model", lambda: off)
    assert _types(REPORT, TITLE) == ["airstrike"]  # bombing at 0.0001: below the threshold, nothing added
    p = {"airstrike": 0.01, "bombing": 0.7, "diplomacy": 0.3}
    assert off.told(p, {"airstrike"}, set()) == {"airstrike": True, "bombing": True, "diplomacy": False}
    vetoing = replace(off, veto=0.02)
    assert vetoing.told(p, {"airstrike"}, set())["airstrike"] is False

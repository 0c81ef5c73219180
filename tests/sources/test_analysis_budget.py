"""Issue 12, item 2: one file must not stall the inbox.

Each report's analysis has a time budget; when it runs out the report is stored with what the sentences
read so far gave and a note saying so, and the files behind it are taken as usual. A budget of a
nanosecond runs out after the first sentence on any machine, so nothing here depends on timing.
"""

from __future__ import annotations

import json

import pytest

from bot.analysis import analyze
from bot.config import load
from bot.errors import ConfigError
from bot.models import RawReport
from bot.pipeline import Pipeline
from bot.sources.inbox import Inbox
from tests.conftest import SEED_REPORT

STRIKE = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارات جوية على مدينة معرة النعمان في ريف إدلب."
LATER = "وفي حلب قتل عشرة أشخاص في قصف مدفعي على حي الشعار."


def test_stop_is_asked_between_sentences_and_the_result_says_what_was_read() -> None:
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) >= 2  # the time runs out before the third sentence

    text = " ".join([STRIKE, "وقال مصدر محلي إن الطائرات حلقت طويلا.", LATER, LATER])
    partial = analyze(text, stop=stop)
    whole = analyze(text)
    assert partial.partial == (2, 4) and whole.partial is None
    assert [e.type for e in partial.events] == ["airstrike"]  # the shelling in Aleppo was not read
    assert partial.events[0].killed == 3
    assert {e.type for e in whole.events} == {"airstrike", "shelling"}
    assert json.loads(json.dumps(partial.to_json()))["partial"] == {"sentences_read": 2, "sentences": 4}
    assert "partial" not in whole.to_json()  # the output of a whole analysis is as before


def test_a_report_over_budget_is_stored_with_a_note_and_the_next_one_flows(tmp_path, store, caplog) -> None:
    inbox = Inbox(tmp_path / "inbox", Pipeline(store, budget=1e-9), settle=0.0)
    inbox.prepare()
    (inbox.folder / "a_huge.txt").write_text(" ".join([STRIKE] + [LATER] * 5000), encoding="utf-8")
    (inbox.folder / "b_seed.txt").write_bytes(SEED_REPORT.read_bytes())
    outcomes = inbox.scan_once()
    assert [o.error for o in outcomes] == [None, None]
    assert store.reports.count() == 2
    huge, seed = (store.reports.get(o.result.report_id) for o in outcomes)
    assert huge.note is not None and "1 of 5001 sentences read" in huge.note
    assert [(e.type, e.killed) for e in huge.events] == [("airstrike", 3)]
    assert huge.to_json()["note"] == huge.note
    assert seed.note is not None  # the same tiny budget: also stored, from its first sentence
    assert any("storing what was found" in r.getMessage() and "a_huge.txt" in r.getMessage() for r in caplog.records)


def test_within_budget_there_is_no_note(store) -> None:
    result = Pipeline(store).ingest(RawReport(text=SEED_REPORT.read_text("utf-8"), origin="seed.txt"))
    report = store.reports.get(result.report_id)
    assert report.note is None and report.to_json()["note"] is None
    assert report.events  # the seed is a strike report


def test_an_edited_report_keeps_or_clears_its_note(store) -> None:
    text = " ".join([STRIKE] + [LATER] * 50)
    result = Pipeline(store, budget=1e-9).ingest(RawReport(text=text))
    assert store.reports.get(result.report_id).note
    assert Pipeline(store, budget=None).update(result.report_id, RawReport(text=text + " " + LATER))
    assert store.reports.get(result.report_id).note is None


@pytest.mark.parametrize(("value", "budget"), [("10", 10.0), ("2.5", 2.5), ("off", None), ("0", None), (" 30 ", 30.0)])
def test_the_budget_setting(value: str, budget: float | None) -> None:
    assert load({"MARSAD_ANALYSIS_BUDGET": value}).analysis_budget == budget


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_wrong_budget_names_the_key(value: str) -> None:
    with pytest.raises(ConfigError, match="MARSAD_ANALYSIS_BUDGET"):
        load({"MARSAD_ANALYSIS_BUDGET": value})


def test_the_default_budget() -> None:
    assert load({}).analysis_budget == 10.0


def test_the_command_line_shows_the_note(tmp_path, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MARSAD_ANALYSIS_BUDGET", "1e-9")
    report = tmp_path / "long.txt"
    report.write_text(" ".join([STRIKE] + [LATER] * 20), encoding="utf-8")
    assert main(["ingest", str(report)]) == 0
    capsys.readouterr()
    assert main(["latest"]) == 0
    assert "⚠ analysis stopped at its 1e-09 s budget: 1 of 21 sentences read" in capsys.readouterr().out
    assert main(["latest", "--json"]) == 0
    assert "1 of 21 sentences read" in json.loads(capsys.readouterr().out)["note"]


def test_loading_the_lexicons_is_not_charged_to_the_first_report(store, monkeypatch) -> None:
    """The lexicons load once per process (seconds on a busy machine): before the first report's clock
    starts, so its budget is all for reading it. The load is made to take an hour of the clock here."""
    import bot.pipeline

    clock = [1000.0]
    loaded = []

    def slow_preload() -> None:
        if not loaded:
            loaded.append(1)
            clock[0] += 3600.0

    monkeypatch.setattr(bot.pipeline, "preload", slow_preload)
    monkeypatch.setattr(bot.pipeline.time, "monotonic", lambda: clock[0])
    result = Pipeline(store, budget=10.0).ingest(RawReport(text=f"{STRIKE} {LATER}", source="test"))
    assert loaded and store.reports.get(result.report_id).note is None  # read whole

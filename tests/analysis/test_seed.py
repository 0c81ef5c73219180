"""The seed report: the issue's acceptance example, checked whole."""

from __future__ import annotations

from pathlib import Path

from bot.analysis import analyze
from tests.helpers import EVENT_KEYS

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_02fb0add3b835a0e.txt"


def test_seed_report():
    result = analyze(SEED.read_text("utf-8"))
    assert result.language == "ar"
    assert [e.type for e in result.events] == ["diplomacy", "airstrike"]
    strike = result.events[1]
    assert strike.location is not None
    assert (strike.location.name, strike.location.name_ar, strike.location.governorate) == (
        "Maarat al-Numan",
        "معرة النعمان",
        "Idlib",
    )
    assert (strike.killed, strike.killed_children, strike.injured) == (5, 3, 8)
    assert "Syrian government air force" in strike.actors
    assert "James Jeffrey" in result.events[0].actors


def test_seed_summary_names_talks_and_strike():
    summary = analyze(SEED.read_text("utf-8")).summary
    assert len(summary.split()) <= 60
    assert "محادثات" in summary
    assert "غارات" in summary and "معرة النعمان" in summary
    # whole sentences of the report
    text = SEED.read_text("utf-8")
    assert all(part.strip() in text for part in summary.split(". ") if part.strip())


def test_seed_json_keeps_the_contract_keys():
    data = analyze(SEED.read_text("utf-8")).to_json()
    assert set(data) == {"language", "title", "summary", "events", "relevance"}  # relevance: README's extension
    assert 0.5 < data["relevance"] <= 1.0
    assert set(data["events"][1]) == EVENT_KEYS
    assert set(data["events"][1]["location"]) == {"name", "name_ar", "governorate", "pcode", "lat", "lon"}

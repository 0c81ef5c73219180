"""A report whose paragraph breaks were lost (one long block) still has a lead and later paragraphs."""

from __future__ import annotations

from bot.analysis import analyze
from bot.analysis.document import BODY, LEAD, LEAD_SENTENCES, structure

BLOCK = (
    "Air strikes hit the town of Saraqeb in Idlib province on Monday. "
    "At least 12 civilians were killed in the strikes, the Observatory said. "
    "Rescue workers searched the rubble for survivors. "
    "The town has been hit repeatedly this year. "
    "Over 350 civilians have been killed in the province since the ceasefire collapsed. "
    "The monitor relies on a network of sources on the ground. "
    "Government forces have pressed an offensive in the south of the province. "
    "Talks on a new truce are due next week."
)


def test_the_first_sentences_of_a_long_block_are_its_lead_and_the_rest_are_body() -> None:
    parts = structure(BLOCK)
    assert [p.role for p in parts[:LEAD_SENTENCES]] == [LEAD] * LEAD_SENTENCES
    assert {p.role for p in parts[LEAD_SENTENCES:]} == {BODY}
    assert len({p.paragraph for p in parts[LEAD_SENTENCES:]}) == len(parts) - LEAD_SENTENCES


def test_a_short_block_is_all_lead() -> None:
    parts = structure("Air strikes hit Saraqeb on Monday. At least 12 civilians were killed.")
    assert {p.role for p in parts} == {LEAD}


def test_a_campaign_toll_late_in_a_block_is_not_the_incidents_count() -> None:
    events = analyze(BLOCK).events
    assert events and events[0].type == "airstrike"
    assert max(e.killed or 0 for e in events) == 12

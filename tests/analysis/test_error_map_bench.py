"""bench/error_map.py: each missed or extra event counted once, under why; the two ceilings from the labels."""

from __future__ import annotations

from tests.helpers import load_script


def _bench():
    return load_script("bench/error_map.py")


def _event(kind: str, governorate: str | None = "Idlib") -> dict:
    return {"type": kind, "governorate": governorate, "place": None, "killed": None, "injured": None}


def test_each_missed_and_extra_event_is_counted_once_under_why() -> None:
    bench = _bench()
    label = {"about_syria": True, "events": [_event("airstrike"), _event("airstrike"), _event("diplomacy", None)]}
    counts = bench.taxonomy(label, [_event("airstrike"), _event("clashes")])
    assert counts["missed: fewer of its type"] == 1  # two strikes labelled, one found
    assert counts["missed: type absent"] == 1  # the statement
    assert counts["extra: type not labelled"] == 1  # the clashes
    assert counts["missed type: airstrike"] == 1 and counts["extra type: clashes"] == 1
    assert bench.taxonomy(label, [])["missed: no event in the article"] == 3
    quiet = {"about_syria": False, "events": []}
    assert bench.taxonomy(quiet, [_event("shelling")]) == {
        "extra: article without label events (not about Syria)": 1,
        "extra type: shelling": 1,
    }


def test_the_ceilings_keep_the_labelled_types_then_add_the_missing_ones() -> None:
    bench = _bench()
    label = {"about_syria": True, "events": [_event("airstrike"), _event("diplomacy", None)]}
    c = bench.ceilings([(label, [_event("airstrike"), _event("clashes")])])
    assert c["shipped"] == 0.5  # one of two right, one of two found
    assert c["veto"] == round(2 * 1.0 * 0.5 / 1.5, 3)  # the clashes gone: precision 1, recall 0.5
    assert c["typed"] == 1.0  # and a diplomacy event added


def test_it_reads_the_studied_parts_only() -> None:
    bench = _bench()
    from bench.eval_real import STUDIED, fresh_ids

    assert set(STUDIED) == {"dev", "test", "test2", "test3", "train5", "train6", "train7"}
    for part in STUDIED:
        assert fresh_ids().isdisjoint(bench.studied_labels(part))

"""bench/type_confusion.py reads ids and labels of the development parts only: never an id of the blind test part
(sample_test4.tsv)."""

from __future__ import annotations

from tests.helpers import load_script


def _bench():
    return load_script("bench/type_confusion.py")


def test_type_confusion_never_reads_a_fresh_id() -> None:
    bench = _bench()
    banned = bench.fresh_test_ids()
    assert len(banned) >= 100  # the blind part's ids are known, so they can be skipped
    for split in ("dev", "test", "test2", "test3"):
        labels = bench.load(split)
        assert labels and banned.isdisjoint(labels)
    assert set(bench.FILES) == {
        "dev",
        "test",
        "test2",
        "test3",
        "train5",
        "train6",
        "train7",
    }  # never the blind part's labels


def test_type_confusion_pairs_events_by_type() -> None:
    bench = _bench()
    gold = [{"type": "airstrike", "governorate": "Idlib"}, {"type": "shelling", "governorate": "Idlib"}]
    pred = [{"type": "shelling", "governorate": "Idlib"}, {"type": "diplomacy", "governorate": None}]
    missed, extra = bench.pair(gold, pred)
    assert missed == [0] and extra == [1]

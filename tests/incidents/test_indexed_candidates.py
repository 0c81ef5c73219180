"""Linking through indexed candidates decides exactly as linking against the whole window.

Every labelled pair (tests/incidents/labelled_pairs.py) is stored for real: the earlier reports
(and the hard negatives beside them) are recorded through storage/incidents.py, then the later
report is linked twice: against every report and incident of the window (what the pipeline loaded
before) and against what the indexes return (LSH band keys, incidents by governorate, type and
time). The links must be the same.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.incidents import link, merge, signature
from bot.incidents.linking import DUPLICATE_WINDOW, INCIDENT_WINDOW, Link
from bot.models import Analysis
from storage import Store
from tests.helpers import raw
from tests.incidents.labelled_pairs import PAIRS, Pair

T0 = datetime(2024, 3, 4, 6, 0, tzinfo=UTC)


def _links(store: Store, pair: Pair) -> tuple[Link, Link]:
    for n, earlier in enumerate((pair.a, *pair.others)):
        at = T0 + timedelta(hours=earlier.hours)
        stored = store.reports.add(raw(f"{earlier.text} ({n})", source=f"s{n}"), Analysis("ar", "t", "s"))
        sig = signature(earlier.text)
        where = link(sig, earlier.event, at, *store.incidents.link_inputs(sig, earlier.event, at))
        current = store.incidents.get(where.incident) if where.incident is not None else None
        store.incidents.record(stored.id, where, earlier.event, at, sig, merge(current, earlier.event))
    at = T0 + timedelta(hours=pair.b.hours)
    sig = signature(pair.b.text)
    window = max(DUPLICATE_WINDOW, INCIDENT_WINDOW)
    whole = link(
        sig,
        pair.b.event,
        at,
        store.incidents.candidates(at - window, at + window),
        store.incidents.recent(at - window, at + window),
    )
    return whole, link(sig, pair.b.event, at, *store.incidents.link_inputs(sig, pair.b.event, at))


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.why[:40])
def test_indexed_candidates_link_like_the_whole_window(tmp_path: Path, pair: Pair) -> None:
    store = Store.open(tmp_path / "marsad.db")
    try:
        whole, indexed = _links(store, pair)
        assert indexed == whole
    finally:
        store.close()


def test_the_pairs_do_link(tmp_path: Path) -> None:
    """The comparison above is not between empty decisions: copies and incidents are found."""
    found = []
    for n, pair in enumerate(PAIRS):
        store = Store.open(tmp_path / f"{n}.db")
        try:
            found.append(_links(store, pair)[1])
        finally:
            store.close()
    assert sum(w.duplicate_of is not None for w in found) >= 8
    assert sum(w.incident is not None and w.duplicate_of is None for w in found) >= 15

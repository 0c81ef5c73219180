"""bench/diff_real.py studies the development parts only (dev, test, test2, test3; through
eval_real.studied_labels): it never reads a blind part (test4 to test9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.eval_real import fresh_ids
from bench.eval_real import studied_labels as labelled

ROOT = Path(__file__).resolve().parents[2]


def test_the_fresh_part_is_never_among_the_studied_articles() -> None:
    fresh = fresh_ids()
    assert len(fresh) >= 100  # sample_test4.tsv is read
    studied = {k for part in ("dev", "test", "test2", "test3") for k in labelled(part)}
    assert studied and not studied & fresh


def test_the_fresh_split_is_refused() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "diff_real.py"), "--split", "test4"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2 and "invalid choice" in run.stderr


def test_a_development_run_reads_no_blind_label() -> None:
    """eval_real --split all (or a studied part) neither analyses a blind article for its label nor counts it in
    (b)'s labelled articles not about Syria."""
    from bench.eval_real import STUDIED, run_labels

    for splits in (STUDIED, ("dev",)):
        labels = run_labels(None, splits)
        assert labels and not set(labels) & fresh_ids()
    assert len(run_labels(None, STUDIED)) == 1672
    # a blind run reads the blind parts' labels (test4 to test9); no next part is picked (the corpus is spent)
    from bench.eval_real import BLIND, next_part_ids

    blind = run_labels(None, BLIND)
    assert next_part_ids() == frozenset()
    assert sum(r.get("split") in BLIND for r in blind.values()) == 875

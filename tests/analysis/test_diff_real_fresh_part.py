"""bench/diff_real.py studies the development parts only (dev, test, test2, test3; through
eval_real.studied_labels): it never reads a blind part (test4, test5, test6)."""

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

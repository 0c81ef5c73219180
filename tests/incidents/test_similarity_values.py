"""The signature computed in bot/incidents/similarity.py is datasketch's, byte for byte, so the
signatures stored before (computed with datasketch) stay comparable with new ones."""

from __future__ import annotations

import pytest
from datasketch import LeanMinHash, MinHash

from bot.incidents.similarity import NUM_PERM, SEED, shingles, signature

TEXTS = [
    "غارة جوية على مدينة أريحا تقتل خمسة مدنيين بينهم طفلان.",
    "An airstrike on Kafr Nobol killed 5 civilians on Monday, the Syrian Civil Defence said.",
    "قصف",
    "",
    "ab",
    "x" * 3000 + " وقتل ٣ أشخاص",
]


def _datasketch(text: str) -> bytes:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash).hashvalues.astype("<u4").tobytes()


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_bytes_as_datasketch(text: str) -> None:
    assert signature(text) == _datasketch(text)

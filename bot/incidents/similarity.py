"""Near-duplicate text: MinHash signatures over character shingles (datasketch's values, computed here).

Character shingles of the normalised text survive the light rewrites outlets make
(a changed clitic, a reordered clause, ة for ه) better than word shingles do, and
work the same for Arabic and English. A signature is 128 32-bit values, stored as
bytes beside the report, so comparing a new report with recent ones needs no text.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

from bot.analysis.normalize import normalize

NUM_PERM = 128
SHINGLE = 5
SEED = 7
# LSH: 32 bands of 4 values. Two texts share a band with probability 1 - (1 - J^4)^32: 0.87 at the
# duplicate threshold J = 0.5, 0.99 at 0.6, 0.9995 at 0.7; 0.003 for unrelated news (J ~ 0.1).
BANDS = 32
ROWS = 4

Signature = bytes

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of k-character windows of the folded text (punctuation dropped, spaces squeezed)."""
    folded = _SPACE.sub(" ", _PUNCT.sub(" ", normalize(text))).strip()
    if len(folded) <= k:
        return {folded} if folded else set()
    return {folded[i : i + k] for i in range(len(folded) - k + 1)}


@functools.cache
def _permutations():  # type: ignore[no-untyped-def]
    """The 128 affine permutations (a odd) datasketch 2's MinHash draws for this seed, drawn once."""
    import numpy as np

    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def signature(text: str) -> Signature:
    """The MinHash signature of a text, as bytes to store.

    The values of datasketch 2's ``MinHash(num_perm=128, seed=7)`` (scheme affine32, sha1 of each
    shingle, MurmurHash3 finaliser, ``a * h + b`` mod 2^32), computed here with the permutations
    drawn once instead of per text and without importing datasketch (and scipy) at all: a third of
    the cost, and the same bytes (tests/incidents/test_similarity_values.py checks against datasketch).
    """
    import numpy as np

    a, b = _permutations()
    grams = shingles(text)
    if not grams:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype="<u4").tobytes()
    sha1 = hashlib.sha1
    digests = b"".join([sha1(g.encode("utf-8")).digest()[:4] for g in grams])
    hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> np.uint32(16))  # MurmurHash3's 32-bit finaliser
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    return (hv * a + b).min(axis=0).astype("<u4").tobytes()


def band_keys(sig: Signature) -> list[int]:
    """One key per band of the signature (31-bit, so SQLite stores it in 4 bytes): texts that share a
    key are candidates for the exact comparison, the rest are never looked at."""
    width = ROWS * 4
    return [zlib.crc32(sig[b * width : (b + 1) * width], b) & 0x7FFFFFFF for b in range(min(BANDS, len(sig) // width))]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets (0.0 to 1.0)."""
    import numpy as np

    va = np.frombuffer(a, dtype="<u4")
    vb = np.frombuffer(b, dtype="<u4")
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)

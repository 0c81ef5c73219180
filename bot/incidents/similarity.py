"""Near-duplicate text: MinHash signatures over character shingles (datasketch).

Character shingles of the normalised text survive the light rewrites outlets make
(a changed clitic, a reordered clause, ة for ه) better than word shingles do, and
work the same for Arabic and English. A signature is 128 32-bit values, stored as
bytes beside the report, so comparing a new report with recent ones needs no text.
"""

from __future__ import annotations

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


def signature(text: str) -> Signature:
    """The MinHash signature of a text, as bytes to store."""
    from datasketch import LeanMinHash, MinHash  # imported on first use: it pulls in scipy (0.5 s)

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash).hashvalues.astype("<u4").tobytes()


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

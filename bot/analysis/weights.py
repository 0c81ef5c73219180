"""The shipped weights of Marsad's two linear models (the relevance gate, the event gate): one file format, one
reader, one squashing function, so a trained model is read the same way whichever gate it belongs to."""

from __future__ import annotations

import math


def read_weights(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """``# name<TAB>x`` header lines (bias, threshold) and ``feature<TAB>weight`` lines -> (header, weights)."""
    meta: dict[str, float] = {}
    weights: dict[str, float] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, _, value = line.rpartition("\t")
        if key.startswith("# "):
            meta[key[2:]] = float(value)
        else:
            weights[key] = float(value)
    return meta, weights


def sigmoid(z: float) -> float:
    """The logistic function, clamped so a large weight sum never overflows ``math.exp``."""
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

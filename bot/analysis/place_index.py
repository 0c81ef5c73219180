"""The gazetteer's token index, precomputed and shipped as ``data/place_index.json``.

Building the index reads every name of the 5.6k places in each of its spellings: about 0.4 s, nearly all of the
first analysis (issue 11: model load < 0.5 s). ``scripts/build_place_index.py`` writes what that build yields;
the first call then only turns rows into objects. The file carries a fingerprint of what it was built from (the
data files and the code that reads them): a file that no longer matches is ignored and the index is built from the
data as before, so a stale file costs time, never a different answer. tests/analysis/test_place_index.py fails
until the file is rebuilt.

The tables, as built by ``places._build_tables`` and as stored: ``entries`` lists each distinct (gazetteer row,
capital rank, common) once; ``exact`` and ``skeleton`` map a key's first token to its distinct keys, longest first,
each as ``[[the key's other tokens...], [its entry numbers...]]``. One first token per line, so that a change
reads as a diff.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

__all__ = ["FILE", "dump", "fingerprint", "load", "shipped"]

FORMAT = 1
FILE = "place_index.json"
# What the index is computed from: the data files, and the modules whose code turns them into keys.
DATA = ("gazetteer.json", "place_aliases.tsv", "place_regions.tsv", "place_common.tsv", "place_context.tsv")
CODE = ("places.py", "place_index.py", "normalize.py", "lexicon.py")

Tables = dict[str, Any]  # {"entries": [[row, capital, common], ...], "exact": {...}, "skeleton": {...}}


def fingerprint() -> str | None:
    """SHA-256 of the format, the data files and the code that builds the index (None: a source is missing, as
    in an install without the modules' source)."""
    package = resources.files("bot.analysis")
    digest = hashlib.sha256(f"place index {FORMAT}\n".encode())
    try:
        for path in [package.joinpath("data", name) for name in DATA] + [package.joinpath(name) for name in CODE]:
            body = path.read_bytes()
            digest.update(f"{path.name} {len(body)}\n".encode())
            digest.update(body)
    except OSError:
        return None
    return digest.hexdigest()


def dump(tables: Tables, print_: str) -> str:
    """The file's text: the fingerprint, the entries, then one bucket per line."""

    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    out = ["{", f'"format":{FORMAT},', f'"fingerprint":{line(print_)},', f'"entries":{line(tables["entries"])},']
    for name in ("exact", "skeleton"):
        buckets = [f"{line(first)}:{line(bucket)}" for first, bucket in tables[name].items()]
        out.append(f'"{name}":{{')
        out.append(",\n".join(buckets))
        out.append("}," if name == "exact" else "}")
    out.append("}")
    return "\n".join(out) + "\n"


def load(text: str, print_: str | None) -> Tables | None:
    """The tables of a file's text, or None when it was built from other sources, in another format, or is cut."""
    if print_ is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprint") != print_:
        return None
    return data


def shipped() -> str | None:
    """The shipped file's text (None if the package has none)."""
    try:
        return resources.files("bot.analysis").joinpath("data", FILE).read_text("utf-8")
    except OSError:
        return None

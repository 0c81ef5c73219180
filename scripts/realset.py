"""The real-news development set: pick articles of the shared corpus to label, and show them to a labeller.

Only ids and labels live in the repository (tests/data/real/); the texts stay in ../shared/data/antcorpus/
(they are the outlets' and never ship). The pick is deterministic (ids ordered by a hash), stratified by
what the set must test: Syria-related war news from middleEast and internationalNews, violence elsewhere,
and hard negatives from the other sections. Split by date: Feb-Jun 2018 is `dev`, Jul-Oct 2018 is `test`.

    python scripts/realset.py select > tests/data/real/sample.tsv
    python scripts/realset.py select-test2 > tests/data/real/sample_test2.tsv
    python scripts/realset.py select-test3 > tests/data/real/sample_test3.tsv
    python scripts/realset.py select-test4 > tests/data/real/sample_test4.tsv   # skips repeated stories
    python scripts/realset.py select-train5 > tests/data/real/sample_train5.tsv  # a training part, read once
    python scripts/realset.py select-test5 > tests/data/real/sample_test5.tsv   # skips train5's stories too
    python scripts/realset.py select-test6 > tests/data/real/sample_test6.tsv   # and test5's
    python scripts/realset.py select-test7 > tests/data/real/sample_test7.tsv   # and test6's
    python scripts/realset.py select-train6 > tests/data/real/sample_train6.tsv  # read once; skips test7's stories
    python scripts/realset.py select-train7 > tests/data/real/sample_train7.tsv  # read once; and train6's
    python scripts/realset.py select-test8 > tests/data/real/sample_test8.tsv   # the eighth blind part
    python scripts/realset.py select-test9 > tests/data/real/sample_test9.tsv   # the next blind part
    python scripts/realset.py show AL-middleEast-12-20180301 [...]
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz"

SYRIA = re.compile(
    r"سوري|سورية|دمشق|حلب|إدلب|ادلب|الغوطة|درعا|حمص|حماة|الرقة|دير الزور|عفرين|منبج|الحسكة|القنيطرة|السويداء|"
    r"اللاذقية|طرطوس|البوكمال|تدمر|دوما|جسر الشغور|معرة النعمان|خان شيخون"
)
VIOLENCE = re.compile(r"قتل|قتيل|غارة|غارات|انفجار|تفجير|هجوم|قصف|اشتباك|مسلح|جرحى|مصرع")
NEWS = ("middleEast", "internationalNews")
OTHER = ("sport", "economy", "technology", "culture")
MAX_CHARS = 6000  # a labeller reads every word; longer articles are rare in the news sections

# (split, stratum) -> how many to label
QUOTA = {
    ("test", "syria"): 75,
    ("test", "violence"): 20,
    ("test", "negative"): 30,
    ("dev", "syria"): 100,
    ("dev", "violence"): 30,
    ("dev", "negative"): 50,
}


def articles(path: Path = CORPUS) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def month(article: dict) -> str:
    """YYYYMM from the id's date suffix (`AL-culture-1-20180218`)."""
    return article["id"].rsplit("-", 1)[1][:6]


def split_of(article: dict) -> str | None:
    m = month(article)
    if "201802" <= m <= "201806":
        return "dev"
    if "201807" <= m <= "201810":
        return "test"
    return None  # a handful of stray 2013/2014 dates


def stratum_of(article: dict) -> str | None:
    lead = article["title"] + " " + article["text"][:500]
    if article["section"] in NEWS:
        if SYRIA.search(lead):
            return "syria"
        if not SYRIA.search(article["text"]) and VIOLENCE.search(lead):
            return "violence"
        return None
    if article["section"] in OTHER and (SYRIA.search(article["text"]) or VIOLENCE.search(article["text"])):
        return "negative"  # hard: mentions Syria or violence outside the news sections
    return None


def rank(article_id: str) -> str:
    return hashlib.sha1(article_id.encode()).hexdigest()


def shingles(article: dict, n: int = 5) -> frozenset[str]:
    """The article's n-word shingles (title and text): what two copies of one story share."""
    words = re.findall(r"\w+", article["title"] + " " + article["text"])
    return frozenset(" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


REPEAT = 0.6  # shingle Jaccard from which an article repeats another (copies score 1.0, test3's near-copy 0.77)


def repeats(one: frozenset[str], other: frozenset[str]) -> bool:
    return len(one & other) >= REPEAT * len(one | other)


def select(
    quota: dict[tuple[str, str], int] = QUOTA, skip: frozenset[str] = frozenset(), *, distinct: bool = False
) -> list[tuple[str, str, str]]:
    """The pick: per (split, stratum), the first articles in hash order. ``distinct``: an article that repeats a
    skipped one or an earlier pick (France 24 files some stories under two sections) is passed over, so a fresh
    part never holds a story already studied."""
    pools: dict[tuple[str, str], list[dict]] = {key: [] for key in quota}
    seen: list[frozenset[str]] = []
    for article in articles():
        if distinct and article["id"] in skip:
            seen.append(shingles(article))
        split, stratum = split_of(article), stratum_of(article)
        if (split, stratum) in pools and article["id"] not in skip and len(article["text"]) <= MAX_CHARS:
            pools[(split, stratum)].append(article)
    picked = []
    for (split, stratum), wanted in quota.items():
        pool = sorted(pools[(split, stratum)], key=lambda a: rank(a["id"]))
        if stratum == "negative":  # spread over the four sections
            by_section = {s: [a for a in pool if a["section"] == s] for s in OTHER}
            pool = [a for group in zip(*by_section.values(), strict=False) for a in group]
        taken = 0
        for article in pool:
            if taken == wanted:
                break
            if distinct:
                own = shingles(article)
                if any(repeats(own, other) for other in seen):
                    continue
                seen.append(own)
            picked.append((article["id"], split, stratum))
            taken += 1
    return picked


def picked_ids(names: tuple[str, ...]) -> frozenset[str]:
    """The ids of earlier picks (files of tests/data/real/, first column)."""
    real = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
    return frozenset(
        line.split("\t")[0] for name in names for line in (real / name).read_text("utf-8").splitlines() if line.strip()
    )


def select_next(split: str, earlier: tuple[str, ...], *, distinct: bool = False) -> list[tuple[str, str, str]]:
    """A fresh test part (Jul-Oct, same strata as the first, unless PART_QUOTA says otherwise), for when the
    previous one has been spent: the next articles in hash order after the earlier picks (files of
    tests/data/real/), so it never overlaps them; ``distinct``: nor repeats their stories."""
    skip = picked_ids(earlier)
    quota = PART_QUOTA.get(split) or {(s, stratum): n for (s, stratum), n in QUOTA.items() if s == "test"}
    return [(aid, split, stratum) for aid, _, stratum in select(quota, skip, distinct=distinct)]


# split -> the earlier picks it must skip; from test4 on, their repeated stories too (test2 and test3 stay as
# they were picked: 4 of test3's articles repeat studied ones, named in ADJUDICATION_test3.md)
FIRST_PICKS = ("sample.tsv", "sample_test2.tsv", "sample_test3.tsv", "sample_test4.tsv")
NEXT_PARTS = {
    "test2": ("sample.tsv",),
    "test3": ("sample.tsv", "sample_test2.tsv"),
    "test4": ("sample.tsv", "sample_test2.tsv", "sample_test3.tsv"),
    "test5": ("sample.tsv", "sample_test2.tsv", "sample_test3.tsv", "sample_test4.tsv", "sample_train5.tsv"),
    "test6": (*FIRST_PICKS, "sample_train5.tsv", "sample_test5.tsv"),
    "test7": (*FIRST_PICKS, "sample_train5.tsv", "sample_test5.tsv", "sample_test6.tsv"),
    "test8": (
        *FIRST_PICKS,
        "sample_train5.tsv",
        "sample_test5.tsv",
        "sample_test6.tsv",
        "sample_test7.tsv",
        "sample_train6.tsv",
        "sample_train7.tsv",
    ),
}
NEXT_PARTS["test9"] = (*NEXT_PARTS["test8"], "sample_test8.tsv")
DISTINCT_PARTS = frozenset({"test4", "test5", "test6", "test7", "test8", "test9"})  # a part added later goes here too
# test5 (session 7): the Jul-Oct Syria-related pool is spent (513 articles, 500 picked, the rest repeat picked
# stories), so the fifth blind part comes from Feb-Jun, larger to narrow the blind scores' spread.
# test6 (session 8) likewise, skipping test5's stories too; test7 (session 9) skipping test6's; test8 (picked and
# labelled at the end of session 9, for the next session's decisions) skipping every part's, train6's and train7's;
# test9 (picked and labelled in session 10, for the session after it) skipping test8's too.
PART_QUOTA = {
    "test5": {("dev", "syria"): 100, ("dev", "violence"): 20, ("dev", "negative"): 30},
    "test6": {("dev", "syria"): 100, ("dev", "violence"): 20, ("dev", "negative"): 30},
    "test7": {("dev", "syria"): 100, ("dev", "violence"): 20, ("dev", "negative"): 30},
    "test8": {("dev", "syria"): 100, ("dev", "violence"): 20, ("dev", "negative"): 30},
    "test9": {("dev", "syria"): 100, ("dev", "violence"): 20, ("dev", "negative"): 30},
}

# A training part (session 6): more Syria-related articles of both periods, read once, to study and train on. It
# skips every earlier pick and never repeats their stories - above all not the blind part's
# (test4; test5, picked later, skips train5's).
TRAIN_QUOTA = {("dev", "syria"): 200, ("test", "syria"): 200, ("dev", "violence"): 20, ("test", "violence"): 20}
TRAIN_SKIPS = ("sample.tsv", "sample_test2.tsv", "sample_test3.tsv", "sample_test4.tsv")


# A second training part (session 9): Feb-Jun only (the Jul-Oct Syria pool is spent), read once, skipping every
# earlier pick and story - the blind parts' (test4-test7) above all; test7 is picked first.
TRAIN6_QUOTA = {("dev", "syria"): 270, ("dev", "violence"): 30}
TRAIN6_SKIPS = (*NEXT_PARTS["test7"], "sample_test7.tsv")
# A third (session 9, after train6 was read): the next Feb-Jun articles, skipping train6's stories too.
TRAIN7_QUOTA = {("dev", "syria"): 360, ("dev", "violence"): 40}
TRAIN7_SKIPS = (*TRAIN6_SKIPS, "sample_train6.tsv")
TRAIN_PARTS = {
    "train5": (TRAIN_QUOTA, TRAIN_SKIPS),
    "train6": (TRAIN6_QUOTA, TRAIN6_SKIPS),
    "train7": (TRAIN7_QUOTA, TRAIN7_SKIPS),
}


def select_train(part: str = "train5") -> list[tuple[str, str, str]]:
    """A training part (``train5``, ``train6``, ``train7``): the next articles in hash order per (period, stratum)
    after every earlier pick, none repeating a story of theirs."""
    quota, skips = TRAIN_PARTS[part]
    return [(aid, part, stratum) for aid, _, stratum in select(quota, picked_ids(skips), distinct=True)]


def show(ids: list[str]) -> None:
    wanted = set(ids)
    found = {a["id"]: a for a in articles() if a["id"] in wanted}
    for article_id in ids:
        a = found.get(article_id)
        if a is None:
            print(f"### {article_id}: not in the corpus\n")
            continue
        print(f"### {a['id']}  [{a['section']} · {a['outlet']} · {a['published']}]")
        print(f"TITLE: {a['title']}")
        for number, paragraph in enumerate(p for p in a["text"].split("\n") if p.strip()):
            print(f"[{number}] {paragraph}")
        print()


def main(argv: list[str]) -> int:
    fresh = {f"select-{split}": split for split in NEXT_PARTS}
    if argv[:1] == ["select"] or (argv[:1] and argv[0] in fresh):
        if argv[0] == "select":
            rows = select()
        else:
            split = fresh[argv[0]]
            rows = select_next(split, NEXT_PARTS[split], distinct=split in DISTINCT_PARTS)
        for row in rows:
            print("\t".join(row))
        return 0
    trains = {f"select-{part}": part for part in TRAIN_PARTS}
    if argv[:1] and argv[0] in trains:
        for row in select_train(trains[argv[0]]):
            print("\t".join(row))
        return 0
    if argv[:1] == ["show"] and argv[1:]:
        show(argv[1:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

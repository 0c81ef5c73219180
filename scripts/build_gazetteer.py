"""Compile the shipped gazetteer from the shared OCHA / Open-Syria files.

Run from the repository root:

    python scripts/build_gazetteer.py [SOURCE_DIR]

SOURCE_DIR defaults to ``../shared/data/gazetteer`` (or ``/work/shared/data/gazetteer``).
Writes ``bot/analysis/data/gazetteer.json`` so the runtime never reads the shared folder.
Each place is one compact row; the runtime builds its token index from the names.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "bot" / "analysis" / "data" / "gazetteer.json"
COMMON_OUT = OUT.parent / "place_common.tsv"
CANDIDATES = [Path("../shared/data/gazetteer"), Path("/work/shared/data/gazetteer")]

# Aliases that are machine transliterations without vowels ("nahyt mrkz alhskt") or admin prefixes.
_VOWELLESS = re.compile(r"^[^aeiouy]*$", re.I)
_ADMIN_PREFIX_AR = ("ناحية ", "منطقة ", "محافظة ", "مركز ")
_ADMIN_SUFFIX_EN = (" Subdistrict", " District", " Governorate", " Sub-district")


def _clean_aliases(values: list[str], lang: str) -> list[str]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        if lang == "en":
            if _VOWELLESS.match(v.replace(" ", "")) or v.startswith(("Nahiyat", "Nāḩiyat", "Governorate of")):
                continue
            for suffix in _ADMIN_SUFFIX_EN:
                if v.endswith(suffix):
                    v = v[: -len(suffix)]
        else:
            for prefix in _ADMIN_PREFIX_AR:
                if v.startswith(prefix) and len(v) > len(prefix) + 2:
                    v = v[len(prefix) :]
        if v not in out:
            out.append(v)
    return out


def _aliases(entry: dict, lang: str) -> list[str]:
    names = [entry["name"][lang]] + [a["value"] for a in entry.get("aliases", []) if a["language"] == lang]
    return _clean_aliases(names, lang)


def build(src: Path) -> dict:
    govs = json.loads((src / "governorates.json").read_text("utf-8"))
    dists = json.loads((src / "districts.json").read_text("utf-8"))
    subs = json.loads((src / "subdistricts.json").read_text("utf-8"))
    gov_by_id = {g["id"]: g for g in govs}
    gov_by_pcode = {g["externalIds"]["ochaPcode"]: g["name"]["en"] for g in govs}
    places: list[list] = []

    def add(en, ar, gov, pcode, lat, lon, level, capital, aliases_en, aliases_ar):
        places.append([en, ar, gov, pcode, lat, lon, level, capital, aliases_en, aliases_ar])

    for g in govs:
        c = g["centroid"]
        add(
            g["name"]["en"],
            g["name"]["ar"],
            g["name"]["en"],
            g["externalIds"]["ochaPcode"],
            c["latitude"],
            c["longitude"],
            "governorate",
            0,
            _aliases(g, "en"),
            _aliases(g, "ar"),
        )
    for level, rows in (("district", dists), ("subdistrict", subs)):
        for d in rows:
            c = d.get("centroid") or {}
            gov = gov_by_id[d["governorateId"]]["name"]["en"]
            add(
                d["name"]["en"],
                _clean_aliases([d["name"]["ar"]], "ar")[0],
                gov,
                d["externalIds"].get("ochaPcode"),
                c.get("latitude"),
                c.get("longitude"),
                level,
                0,
                _aliases(d, "en"),
                _aliases(d, "ar"),
            )
    with (src / "communities.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            en = [r["NAME_EN"]] + ([r["NAM_EN_REF"]] if r["NAM_EN_REF"] != r["NAME_EN"] else [])
            cap = int(r["CAPIT_LVL"]) if r["CAPIT_LVL"].strip() else 9
            add(
                r["NAME_EN"],
                r["NAME_ARA"],
                gov_by_pcode[r["ADMIN1_COD"]],
                r["PCODE"],
                round(float(r["LATITUDE"]), 5),
                round(float(r["LONGITUDE"]), 5),
                "community",
                cap,
                _clean_aliases(en, "en"),
                [r["NAME_ARA"]],
            )
    for en, ar, gov, lat, lon, aliases_en, aliases_ar in CAMPS:
        add(en, ar, gov, None, lat, lon, "community", 2, aliases_en, aliases_ar)  # known by name alone
    return {
        "fields": [
            "name",
            "name_ar",
            "governorate",
            "pcode",
            "lat",
            "lon",
            "level",
            "capital",
            "aliases_en",
            "aliases_ar",
        ],
        "source": "OCHA Syria communities (CC BY 3.0 IGO); Open-Syria data-geography (CC BY 4.0)",
        "places": places,
    }


# Camps for displaced people that the OCHA community list lacks: named in the news like towns. No p-code
# (they are not administrative units); approximate coordinates, to two decimals.
CAMPS = [
    ("Rukban camp", "مخيم الركبان", "Homs", 33.31, 38.69, ["Rukban", "Rukban camp", "al-Rukban"], ["الركبان"]),
    ("Washokani camp", "مخيم واشوكاني", "Al-Hasakah", 36.47, 40.56, ["Washokani", "Washokani camp"], ["واشوكاني"]),
    ("Areesha camp", "مخيم العريشة", "Al-Hasakah", 36.22, 40.49, ["Areesha camp"], ["مخيم العريشة"]),
]


# War-news words that are also village names, seen in our own reports (added by hand).
EXTRA_COMMON = [
    "جروح",
    "بجروح",
    "الحرة",
    "سوريا",
    "الصين",
    "القصف",
    "الجيش",
    "الامن",
    "النظام",
    "عدد",
    "منطقة",
    "الشهر",
    "الحملة",
    "مجلس",
    "الدولة",
    "حماية",
    "الطيران",
    "الهلال",
    "الاحمر",
    "العسكرية",
    "المسلحة",
    "عدوان",
    "العدوان",
    "سلمي",  # السلمي (peaceful) is not the village Salma
    "nasra",  # "Nusra" (the Nusra Front) read by its consonants is not the village Nasra
    "susat",  # "Secretary of State" read by its consonants is not the village Susat
    "monitor",  # "town Monitor" (an agency's headline) read by its consonants is not the village Mintar
    "state",  # nor "Islamic State" the village Susat
    "khan",  # a Khan ... name misspelt ("Khan-Arnab", "Khan Shaykhoun") is not the village Khan
    # seen in real outlets' articles (the real-news dev set): a ceasefire, an ambassador, urgent, pictures, farms,
    # two parts, the scene, dignity square
    "الوقف",
    "السفيرة",
    "عاجلة",
    "الصور",
    "المزارع",
    "قسمين",
    "مشهد",
    "الكرامة",
    # an admin centre's name that is also a verb or an adjective: a place after a preposition or a place word
    # ("في تدمر", "مدينة سلمية"), a word elsewhere ("وتدمر آليات", "احتجاجات سلمية")
    "تدمر",
    "سلميه",
]


def common_words(places: list[list], corpora: list[Path]) -> list[str]:
    """One-word village names that occur as ordinary words (twice or more) in general text.

    The corpora are EASC (general Arabic) and FA-KES (English news, lower-case words only);
    they are read at build time only.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bot.analysis.normalize import clitic_variants, match_tokens

    counts: dict[str, int] = {}
    for path in corpora:
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            text = row.get("article") or ""
            for tok in match_tokens(text):
                for v in set(clitic_variants(tok)):
                    counts[v] = counts.get(v, 0) + 1
            for tok in re.findall(r"\b[a-z]+\b", row.get("article_content") or ""):
                counts[tok] = counts.get(tok, 0) + 1
    names = set()
    for p in places:
        if p[6] == "governorate":
            continue
        for name in [p[0], p[1], *p[8], *p[9]]:
            toks = match_tokens(name)
            if len(toks) == 1:
                names.add(toks[0])
    common = sorted(n for n in names if counts.get(n, 0) >= 2)
    return sorted(set(common) | set(EXTRA_COMMON))


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else next((p for p in CANDIDATES if p.exists()), CANDIDATES[0])
    data = build(src)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {OUT} ({len(data['places'])} places)")
    shared = src.parent
    common = common_words(data["places"], [shared / "easc" / "easc.jsonl", shared / "fakes" / "fakes.jsonl"])
    header = (
        "# Village names that are also ordinary words: matched only after a place word\n"
        "# (مدينة، بلدة، town of).\n"
        "# Generated by scripts/build_gazetteer.py from EASC and FA-KES word counts, plus a hand list.\n"
    )
    COMMON_OUT.write_text(header + "\n".join(common) + "\n", "utf-8")
    print(f"wrote {COMMON_OUT} ({len(common)} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

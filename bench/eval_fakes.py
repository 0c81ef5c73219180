"""Real-world check on FA-KES (804 English news articles with crowd-sourced governorate and death
counts): how often Marsad's place and killed count agree with the labels. Reported, not asserted.

    python bench/eval_fakes.py [--fakes PATH] [--diff] [--largest]

FA-KES labels one incident per article, the article's main one, so the prediction is Marsad's main
event (``bot.analysis.mainevent.main_event``: the first incident the report gives a toll for, else its
first): killed = its killed count; governorate = its place's (else the first event with a place's,
else the first place named in the text). ``--largest`` scores the old way for comparison: killed =
the largest killed count over all events (what the alert leads with when several are told), place of
the first event with a place. FA-KES' ``damascus`` also covers the Damascus countryside, so Damascus
and Rif Dimashq both count as ``damascus``. Its death label is civilians + non-civilians. FA-KES'
``label`` 0 marks articles whose text disagrees with the casualty record the labels come from, so
exact agreement is reported on the credible ones (label 1) too. ``--diff`` prints every miss (the
label, ours, the headline and the main event's evidence) to read them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import analyze
from bot.analysis.mainevent import main_event
from bot.analysis.normalize import match_tokens
from bot.analysis.places import best_place, find_places
from bot.models import Analysis, Event

DEFAULT = [Path("../shared/data/fakes/fakes.jsonl"), Path("/work/shared/data/fakes/fakes.jsonl")]
LABEL = {
    "Aleppo": "aleppo",
    "Damascus": "damascus",
    "Rif Dimashq": "damascus",
    "Idlib": "idlib",
    "Deir ez-Zor": "deir ezzor",
    "Raqqa": "raqqa",
    "Homs": "homs",
    "Al-Hasakah": "hasakeh",
    "Hama": "hama",
    "Daraa": "daraa",
    "Latakia": "lattakia",
    "Quneitra": "quneitra",
    "Tartus": "tartous",
    "As-Suwayda": "sweida",
}


def _int(v) -> int | None:
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


def predict(text: str, result: Analysis, largest: bool) -> tuple[str | None, int | None, Event | None]:
    """The governorate (FA-KES' spelling), the killed count and the event they were read from."""
    main = main_event(result.events)
    placed = next((e for e in result.events if e.location), None)
    if largest:
        main = placed
        killed = max((e.killed for e in result.events if e.killed is not None), default=None)
    else:
        killed = main.killed if main is not None else None
        if main is not None and main.location is not None:
            placed = main
    place = placed.location if placed is not None else None
    if place is None:
        place = best_place(find_places(match_tokens(text[:2000])))
    return (LABEL.get(place.governorate) if place and place.governorate else None), killed, main


def _show(row: dict, want: int, gov: str | None, killed: int | None, main: Event | None, result: Analysis) -> None:
    print(f"== {row['unit_id']} label={row.get('label')} gov {row['location']} / {gov}  killed {want} / {killed}")
    print(f"   title: {row.get('article_title')}")
    if main is not None:
        print(f"   main:  {main.evidence[:300]}")
    for e in result.events:
        where = f"{e.location.name} ({e.location.governorate})" if e.location else "-"
        print(f"   {'*' if e is main else ' '} {e.type} {where} killed={e.killed} injured={e.injured}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fakes", type=Path, default=next((p for p in DEFAULT if p.exists()), DEFAULT[0]))
    ap.add_argument("--diff", action="store_true", help="print every miss")
    ap.add_argument("--largest", action="store_true", help="score the largest count over all events (the old way)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.fakes.read_text("utf-8").splitlines() if line.strip()]
    gov_ok = gov_none = 0
    k_exact = k_tol = k_none = k_n = 0
    credible = [0, 0]  # exact, n on articles FA-KES labels credible (label 1: the text agrees with the record)
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        text = row["article_content"]
        result = analyze(text, title=row.get("article_title"))
        got, killed, main_ev = predict(text, result, args.largest)
        if got is None:
            gov_none += 1
        gov_ok += got == row["location"]
        if got and got != row["location"]:
            confusion[(row["location"], got)] += 1
        want = (_int(row.get("nb_civilians")) or 0) + (_int(row.get("nb_noncivilians")) or 0)
        if args.diff and (got != row["location"] or (want and killed != want)):
            _show(row, want, got, killed, main_ev, result)
        if want:
            k_n += 1
            if row.get("label") == 1:
                credible[1] += 1
                credible[0] += killed == want
            if killed is None:
                k_none += 1
                continue
            k_exact += killed == want
            k_tol += abs(killed - want) <= max(2, 0.2 * want)
    n = len(rows)
    print(f"FA-KES: {n} English articles ({'largest count of any event' if args.largest else 'the main event'})")
    print(f"governorate accuracy: {gov_ok / n:.3f} ({gov_ok}/{n}); no place found: {gov_none}")
    print(
        f"killed, on {k_n} articles with deaths: exact {k_exact / k_n:.3f}, "
        f"within max(2, 20%) {k_tol / k_n:.3f}, "
        f"no count read {k_none / k_n:.3f}"
    )
    if credible[1]:
        print(f"killed exact on the {credible[1]} credible-labelled articles: {credible[0] / credible[1]:.3f}")
    print("most common governorate confusions (label -> ours):", confusion.most_common(6))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

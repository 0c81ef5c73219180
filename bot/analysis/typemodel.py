"""The type model: which kinds of event does a report tell as news, read from its words as a whole?

The attachment rules find an event only where a sentence holds a trigger in the right place; a report that tells its
news in words the rules do not read as an event ("أردوغان مغردا: لا يمكن اتخاذ خطوة بسوريا بمعزل عن تركيا", a
statement; "قافلة باصات تنطلق من دوما", people leaving) gets none. Per event type, a logistic regression over the
features the relevance gate already reads (headline and lead words, word pairs, character 4-grams, places, Syria
named: ``relevance.features``) gives the chance that the report tells an event of that type. ``analyze`` adds one
event of a type the model is sure of (``threshold``) when the rules and the event gate kept none of it: the candidate
of that type the gate dropped, if there is one, else one read from the headline (``analyze``'s ``_typed``). The rules
stay the source of places, tolls and the count of incidents. A file that says
``# veto X`` (X > 0) also drops a rules' event told with no toll whose type the model gives less than X: measured in
session 10 at 0.02 (blind F1 0.606 -> 0.619, fewer false alerts, but short of the rule written before the run).

The decision (``Decision``, session 11): one threshold per type read the model's probability alone, ignoring that
the rules found the type or not. The decision weighs both: per type, a logistic regression over the model's
log-odds for the type (its own bias and slope), whether the rules and the event gate kept an event of it, and whether
one of those has a toll - trained on out-of-fold probabilities (each studied part's from the models of the other
parts), so it learns how far to trust the model on articles it has not seen. Where it says yes and no event of the
type was kept, ``analyze`` adds one as above; where it says no, the untolled events of the type go (a toll the rules
read stays). A file with ``# decide<TAB>on<TAB>1`` uses it in place of ``threshold`` and ``veto``: the shipped one,
since the fresh blind part test9 decided it by a rule written before its run (BENCHMARKS.md, "Where it stands after
session 11": test9 type F1 0.635 -> 0.684, the six blind parts 0.599 -> 0.637, false alarms 14 -> 8).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from importlib import resources

from bot.analysis.relevance import Model, features
from bot.analysis.weights import sigmoid

__all__ = ["Decision", "TypeModel", "log_odds", "parse", "type_model"]


def log_odds(probability: float) -> float:
    """The model's probability as the decision reads it: log-odds, clamped so a sure model is not infinitely sure."""
    p = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a report tells a type: ``sigmoid(bias + slope * log_odds(p) + found * [the rules kept an event of it]
    + tolled * [one of those has a toll]) >= threshold``, with ``(bias, slope)`` the type's own."""

    on: bool
    threshold: float
    found: float
    tolled: float
    types: dict[str, tuple[float, float]] = field(default_factory=dict)

    def probability(self, kind: str, probability: float, found: bool, tolled: bool) -> float:
        bias, slope = self.types[kind]
        return sigmoid(bias + slope * log_odds(probability) + self.found * found + self.tolled * tolled)

    def tells(self, kind: str, probability: float, found: bool, tolled: bool) -> bool:
        return self.probability(kind, probability, found, tolled) >= self.threshold


@dataclass(frozen=True, slots=True)
class TypeModel:
    """One relevance-style ``Model`` per event type; ``on`` as the training script decided."""

    on: bool
    threshold: float
    models: dict[str, Model]
    veto: float = 0.0  # a rules' event with no toll whose type the model gives less than this is dropped (0: never)
    decision: Decision | None = None  # when on: decides each type in place of ``threshold`` and ``veto``

    def probabilities(self, title: str, text: str) -> dict[str, float]:
        """Each type's chance that the report tells an event of it (features computed once for all types)."""
        if not self.models:
            return {}
        feats = features(title, text)
        return {kind: m.probability(feats) for kind, m in self.models.items()}

    def decides(self) -> bool:
        return self.decision is not None and self.decision.on

    def told(self, probabilities: dict[str, float], found: set[str], tolled: set[str]) -> dict[str, bool]:
        """Per type the model reads: does the report tell it (``decision``; ``found``: the types the rules and the
        event gate kept an event of, ``tolled``: those with a toll)? Without a decision: ``threshold`` and ``veto``
        (a type below the veto is told no, one at the threshold yes, any other as the rules found it)."""
        if self.decides():
            d = self.decision
            return {k: d.tells(k, p, k in found, k in tolled) for k, p in probabilities.items() if k in d.types}
        return {k: p >= self.threshold or (k in found and p >= self.veto) for k, p in probabilities.items()}


def parse(text: str) -> TypeModel:
    """``# on``/``# threshold``/``# veto`` lines, ``# decide<TAB>on|threshold|found|tolled<TAB>value`` and
    ``# decide<TAB>type<TAB>bias<TAB>slope`` lines, ``# bias<TAB>type<TAB>value`` lines, ``type<TAB>feature<TAB>weight``
    lines."""
    on, threshold, veto = False, 0.5, 0.0
    biases: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    decide: dict[str, float] = {}
    decide_types: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if parts[0] == "# on":
            on = float(parts[1]) > 0
        elif parts[0] == "# threshold":
            threshold = float(parts[1])
        elif parts[0] == "# veto":
            veto = float(parts[1])
        elif parts[0] == "# bias":
            biases[parts[1]] = float(parts[2])
        elif parts[0] == "# decide" and len(parts) == 4:
            decide_types[parts[1]] = (float(parts[2]), float(parts[3]))
        elif parts[0] == "# decide":
            decide[parts[1]] = float(parts[2])
        elif not parts[0].startswith("#") and len(parts) == 3:
            weights.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    models = {k: Model(bias=b, threshold=threshold, weights=weights.get(k, {})) for k, b in biases.items()}
    decision = None
    if decide_types:
        decision = Decision(
            on=decide.get("on", 0.0) > 0,
            threshold=decide.get("threshold", 0.5),
            found=decide.get("found", 0.0),
            tolled=decide.get("tolled", 0.0),
            types=decide_types,
        )
    return TypeModel(on=on, threshold=threshold, models=models, veto=veto, decision=decision)


@functools.cache
def type_model() -> TypeModel:
    return parse(resources.files("bot.analysis").joinpath("data", "typemodel_ar.tsv").read_text("utf-8"))

"""The type model: which kinds of event does a report tell as news, read from its words as a whole?

The attachment rules find an event only where a sentence holds a trigger in the right place; a report that tells its
news in words the rules do not read as an event ("أردوغان مغردا: لا يمكن اتخاذ خطوة بسوريا بمعزل عن تركيا", a
statement; "قافلة باصات تنطلق من دوما", people leaving) gets none. Per event type, a logistic regression over the
features the relevance gate already reads (headline and lead words, word pairs, character 4-grams, places, Syria
named: ``relevance.features``) gives the chance that the report tells an event of that type. ``analyze`` adds one
event of a type the model is sure of (``threshold``) when the rules and the event gate kept none of it: the candidate
of that type the gate dropped, if there is one, else one read from the headline (``analyze``'s ``_typed``). It never
removes an event as shipped: the rules stay the source of places, tolls and the count of incidents. A file that says
``# veto X`` (X > 0) also drops a rules' event told with no toll whose type the model gives less than X: measured in
session 10 at 0.02 (blind F1 0.606 -> 0.619, fewer false alerts, but short of the rule written before the run), so the
shipped file says 0.

Trained by ``scripts/train_typemodel.py`` on the labelled studied parts (never a blind part's id); the weights ship
in ``data/typemodel_ar.tsv`` (``# on``, ``# threshold``, ``# veto``, then per type ``# bias<TAB>type<TAB>value`` and
``type<TAB>feature<TAB>weight`` lines). Like the relevance gate it reads Arabic only, and like the event gate it
decides only for the reports the gates judge (an Arabic article with its headline, long enough).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from bot.analysis.relevance import Model, features

__all__ = ["TypeModel", "parse", "type_model"]


@dataclass(frozen=True, slots=True)
class TypeModel:
    """One relevance-style ``Model`` per event type; ``on`` as the training script decided."""

    on: bool
    threshold: float
    models: dict[str, Model]
    veto: float = 0.0  # a rules' event with no toll whose type the model gives less than this is dropped (0: never)

    def probabilities(self, title: str, text: str) -> dict[str, float]:
        """Each type's chance that the report tells an event of it (features computed once for all types)."""
        if not self.models:
            return {}
        feats = features(title, text)
        return {kind: m.probability(feats) for kind, m in self.models.items()}

    def sure_types(self, probabilities: dict[str, float]) -> list[str]:
        """The types the model is sure the report tells, likeliest first."""
        return sorted((k for k, p in probabilities.items() if p >= self.threshold), key=lambda k: -probabilities[k])

    def vetoes(self, kind: str, probabilities: dict[str, float]) -> bool:
        """Whether the model is sure the report tells no event of ``kind`` (a type it reads, below ``veto``)."""
        return kind in probabilities and probabilities[kind] < self.veto


def parse(text: str) -> TypeModel:
    """``# on``/``# threshold``/``# veto`` lines, ``# bias<TAB>type<TAB>value`` lines, ``type<TAB>feature<TAB>weight``
    lines."""
    on, threshold, veto = False, 0.5, 0.0
    biases: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
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
        elif not parts[0].startswith("#") and len(parts) == 3:
            weights.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    models = {k: Model(bias=b, threshold=threshold, weights=weights.get(k, {})) for k, b in biases.items()}
    return TypeModel(on=on, threshold=threshold, models=models, veto=veto)


@functools.cache
def type_model() -> TypeModel:
    return parse(resources.files("bot.analysis").joinpath("data", "typemodel_ar.tsv").read_text("utf-8"))

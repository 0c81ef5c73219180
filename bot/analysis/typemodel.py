"""The type model: which kinds of event does a report tell as news, read from its words as a whole?

The attachment rules find an event only where a sentence holds a trigger in the right place; a report that tells its
news in words the rules do not read as an event ("أردوغان مغردا: لا يمكن اتخاذ خطوة بسوريا بمعزل عن تركيا", a
statement; "قافلة باصات تنطلق من دوما", people leaving) gets none. Per event type, a logistic regression over the
features the relevance gate already reads (headline and lead words, word pairs, character 4-grams, places, Syria
named: ``relevance.features``) gives the chance that the report tells an event of that type. ``analyze`` adds one
event of a type the model is sure of (``threshold``) when the rules and the event gate kept none of it: the candidate
of that type the gate dropped, if there is one, else one read from the headline (``extra_events``). It never removes
an event: the rules stay the source of places, tolls and the count of incidents.

Trained by ``scripts/train_typemodel.py`` on the labelled studied parts (never a blind part's id); the weights ship
in ``data/typemodel_ar.tsv`` (``# on``, ``# threshold``, then per type ``# bias<TAB>type<TAB>value`` and
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

    def probabilities(self, title: str, text: str) -> dict[str, float]:
        """Each type's chance that the report tells an event of it (features computed once for all types)."""
        if not self.models:
            return {}
        feats = features(title, text)
        return {kind: m.probability(feats) for kind, m in self.models.items()}

    def sure_types(self, title: str, text: str) -> list[str]:
        """The types the model is sure the report tells, likeliest first."""
        ps = self.probabilities(title, text)
        return sorted((k for k, p in ps.items() if p >= self.threshold), key=lambda k: -ps[k])


def parse(text: str) -> TypeModel:
    """``# on``/``# threshold`` lines, ``# bias<TAB>type<TAB>value`` lines, ``type<TAB>feature<TAB>weight`` lines."""
    on, threshold = False, 0.5
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
        elif parts[0] == "# bias":
            biases[parts[1]] = float(parts[2])
        elif not parts[0].startswith("#") and len(parts) == 3:
            weights.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    models = {k: Model(bias=b, threshold=threshold, weights=weights.get(k, {})) for k, b in biases.items()}
    return TypeModel(on=on, threshold=threshold, models=models)


@functools.cache
def type_model() -> TypeModel:
    path = resources.files("bot.analysis").joinpath("data", "typemodel_ar.tsv")
    return parse(path.read_text("utf-8")) if path.is_file() else TypeModel(False, 0.5, {})

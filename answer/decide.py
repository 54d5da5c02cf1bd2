"""Answer or refuse: a small logistic model over the evidence on the focus, trained on the
dev split of eval/questions.jsonl (`python -m eval.tune --train-refusal`) and kept as
plain weights in answer/refusal_model.json, so the decision is a dot product a reader can
see. The file exists only while the model beats the threshold rules out of fold on dev;
without it answer/refusal.py decides by the rules.

Features (all from answer/refusal.py Evidence): how much of the question the quotes hold
(with and without their context), the best dense cosine, whether a figure/place/date, a
figure in the unit asked or a detail asked for is missing, another region, only plan targets, a named year or area
missing, and how many, how rare in the corpus and how specific in the language at large
the question terms are that no quote holds.

Example:
    model = refusal_model()
    model.probability(evidence)  -> 0.83   # refuse when >= model.threshold
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("refusal_model.json")
FEATURES = (
    "coverage",
    "quoted_coverage",
    "dense",
    "missing_cue",
    "missing_unit",
    "missing_detail",
    "other_region",
    "target_only",
    "missing_entities",
    "uncovered_count",
    "uncovered_weight",
    "attribute_missing",
    "uncovered_specific",
)


def features(evidence) -> list[float]:
    """The evidence as numbers, in FEATURES order."""
    return [
        evidence.coverage,
        evidence.quoted_coverage,
        evidence.dense,
        float(evidence.missing_cue),
        float(bool(evidence.missing_unit)),
        float(bool(evidence.missing_detail)),
        float(bool(evidence.other_region)),
        float(evidence.target_only),
        float(bool(evidence.missing_entities)),
        float(len(evidence.uncovered)),
        evidence.uncovered_weight,
        float(evidence.attribute_missing),
        evidence.uncovered_specific,
    ]


@dataclass(frozen=True)
class RefusalModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float  # refuse at or above this probability (chosen on dev)
    means: tuple[float, ...]  # feature standardisation, fitted with the weights
    scales: tuple[float, ...]

    def probability(self, evidence) -> float:
        """Probability that the documents do not answer the question."""
        values = features(evidence)
        z = self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, values, self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    def refuses(self, evidence) -> bool:
        return self.probability(evidence) >= self.threshold

    def to_json(self, **about) -> str:
        record = {"features": list(FEATURES), **self.__dict__, **about}
        return json.dumps(record, ensure_ascii=False, indent=1)


@functools.cache
def refusal_model(path: Path = MODEL_FILE) -> RefusalModel | None:
    """The trained model, or None when absent or built for other features."""
    if not path.is_file():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    if tuple(record.get("features", ())) != FEATURES:
        return None
    return RefusalModel(
        weights=tuple(record["weights"]),
        bias=record["bias"],
        threshold=record["threshold"],
        means=tuple(record["means"]),
        scales=tuple(record["scales"]),
    )

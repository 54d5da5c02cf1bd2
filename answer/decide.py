"""Step 4 of 5, decide: the scored parts -> a Decision, answer (with which quotes) or refuse.

A part is answered when its evidence passes; the answer keeps every answered part's
quotes, and a question none of whose parts is answered is refused, naming what is
missing (step 5 composes both, so deciding comes before composing). Evidence no score
outweighs refuses outright: another region, a named year or area no quote speaks of, a
detail asked for (an address, a rate, a procedure) that no quote gives, an amount in a
unit no quote holds, or quotes holding less of the question than the coverage floor.
Otherwise the thresholds decide, or, when answer/refusal_model.json exists, a small
logistic model over the same evidence.

Tuned parts, each rebuilt by a command on the dev split of eval/questions.jsonl:
- Thresholds: `python -m eval.tune --sweep` prints both sides (must-refuse questions
  refused, answerable questions refused) for each setting;
- answer/refusal_model.json: `python -m eval.tune --train-refusal` fits it and keeps it
  only while it beats the thresholds out of fold on dev, as plain weights, so the
  decision is a dot product a reader can see. Its features: how much of the question the
  quotes hold (with and without their context), the best dense cosine, whether a
  figure/place/date, a figure in the unit asked or a detail asked for is missing, another
  region, only plan targets, a named year or area missing, and how many, how rare in the
  corpus and how specific in the language at large the question terms are that no quote
  holds.

Example:
    decide([Scored(asked, quotes, Evidence(coverage=0.62, missing_detail="税率或利率", …))])
    -> Decision(reason="not_in_documents", shown=<that part>, quotes=[…])
    decide([answered_part, refused_part]).quotes -> the answered part's quotes only
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from answer.rules.evidence import COVERAGE_FLOOR, Evidence
from answer.rules.extractive import Quote
from answer.score import Scored

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


@dataclass(frozen=True)
class Thresholds:
    """Below any of these the quotes do not answer the question (tuned: eval/tune.py)."""

    coverage: float = COVERAGE_FLOOR  # share of the question's weighted terms the quotes hold
    # Best dense cosine of the passages answered from. e5-small cosines bunch at 0.86-0.96
    # for answerable and must-refuse questions alike: no cut separated them, so none is set.
    dense: float = 0.0


@dataclass(frozen=True)
class Decision:
    reason: str  # "" to answer, else the Answer's refusal_reason
    shown: Scored  # the part whose evidence a refusal names: the first answered, else the first
    quotes: list[Quote]  # every answered part's quotes, or the shown part's when refused
    unanswered: tuple[Scored, ...] = ()  # parts refused while another part is answered


def decide(parts: Sequence[Scored]) -> Decision:
    answered: list[Quote] = []
    reasons = [refusal_reason(part.evidence) for part in parts]
    for part, reason in zip(parts, reasons, strict=True):
        if not reason:
            answered = _merged(answered, part.answer_quotes)
    shown, reason = next(
        ((p, r) for p, r in zip(parts, reasons, strict=True) if not r), (parts[0], reasons[0])
    )
    if reason:
        return Decision(reason, shown, shown.quotes)
    # a part the documents do not answer is said to be missing, never silently dropped,
    # unless the other parts' quotes answer it ("…增长了多少" by the figure's own sentence)
    unanswered = tuple(
        p
        for p, r in zip(parts, reasons, strict=True)
        if r and (p.with_others is None or refusal_reason(p.with_others))
    )
    return Decision(reason, shown, answered, unanswered)


def _merged(quotes: list[Quote], more: Sequence[Quote]) -> list[Quote]:
    """The quotes of parts answered, each said once: a quote another of its paragraph holds
    ("设立1亿元资金池" inside "设立1亿元资金池，…放款146笔") gives way to the longer one."""
    merged = list(quotes)
    for quote in more:
        if any(_holds(kept, quote) for kept in merged):
            continue
        same_card = [n for n, kept in enumerate(merged) if _same_card(kept, quote)]
        if same_card:  # one card, its lines each part asked for, said once in card order
            merged[same_card[0]] = _card_union(merged[same_card[0]], quote)
            continue
        held = [n for n, kept in enumerate(merged) if _holds(quote, kept)]
        if held:  # in the place of the first it holds
            merged[held[0]] = quote
            merged = [kept for n, kept in enumerate(merged) if n not in held[1:]]
        else:
            merged.append(quote)
    return merged


def _same_card(kept: Quote, quote: Quote) -> bool:
    return kept.chunk.id == quote.chunk.id and quote.chunk.kind == "document"


def _card_union(kept: Quote, quote: Quote) -> Quote:
    """The card's lines either quote gives ("文件名称 …/发文单位 …" and "文件名称 …/发布时间 …"
    -> "文件名称 …/发文单位 …/发布时间 …")."""
    given = set(kept.text.splitlines()) | set(quote.text.splitlines())
    lines = [line for line in kept.chunk.text.splitlines() if line in given]
    return replace(kept, text="\n".join(lines), score=max(kept.score, quote.score))


def _holds(longer: Quote, shorter: Quote) -> bool:
    return longer.chunk.id == shorter.chunk.id and shorter.text in longer.text


def refusal_reason(evidence: Evidence) -> str:
    """ "" to answer, else "not_in_documents": by the model when present, else the thresholds."""
    model = refusal_model()
    if model is None:
        return judge(evidence, Thresholds())
    return "not_in_documents" if categorical(evidence) or model.refuses(evidence) else ""


def categorical(evidence: Evidence) -> bool:
    """Evidence no score outweighs (the dev questions, mostly close to the documents,
    seldom show the model a topic the documents lack)."""
    return bool(
        evidence.other_region
        or evidence.missing_unit
        or evidence.missing_entities
        or evidence.lacks_detail
        or evidence.coverage < Thresholds().coverage
    )


def judge(evidence: Evidence, limits: Thresholds) -> str:
    """The decision under given thresholds (eval/tune.py sweeps them)."""
    failed = (
        evidence.missing_cue
        or evidence.missing_unit
        or evidence.lacks_detail
        or evidence.other_region
        or evidence.target_only
        or evidence.missing_entities
        or evidence.coverage < limits.coverage
        or evidence.dense < limits.dense
    )
    return "not_in_documents" if failed else ""


def features(evidence: Evidence) -> list[float]:
    """The evidence as numbers, in FEATURES order."""
    return [
        evidence.coverage,
        evidence.quoted_coverage,
        evidence.dense,
        float(evidence.missing_cue),
        float(bool(evidence.missing_unit)),
        float(evidence.lacks_detail),
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

    def probability(self, evidence: Evidence) -> float:
        """Probability that the documents do not answer the question."""
        values = features(evidence)
        z = self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, values, self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    def refuses(self, evidence: Evidence) -> bool:
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

"""Fit the refusal model (answer/decide.py) on dev questions: logistic regression over the
evidence features, standardised, with the threshold that best separates must-refuse from
answerable dev questions while dev false refusals stay within MAX_FALSE_REFUSALS, judged
on out-of-fold probabilities (5-fold cross-validation within dev). The model file is
written only when it separates the two sides better than the threshold rules out of fold;
otherwise answer/refusal.py decides by the rules. It
prints the threshold rules' numbers beside the model's, so the choice between them is
made on the same dev questions. Training needs scikit-learn; answering does not.

Example:
    train_refusal_model(assistant, dev_questions)
    -> writes answer/refusal_model.json, prints dev refusal and false-refusal rates
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from answer.decide import (
    FEATURES,
    MODEL_FILE,
    RefusalModel,
    Thresholds,
    features,
    judge,
    refusal_model,
)
from answer.decide import (
    categorical as is_categorical,
)
from answer.rules.question import clean_question, request_kind
from eval.metrics import ANSWERABLE, MUST_REFUSE

MAX_FALSE_REFUSALS = 0.06  # on dev; the target on test is 0.03
REGULARISATION = 1.0  # sklearn's C: a small model on a few hundred questions
FOLDS = 5  # out-of-fold probabilities on dev choose the threshold


def collect(assistant, questions: list[dict]) -> tuple[np.ndarray, ...]:
    """Features, labels (1 = must refuse), the threshold rules' decisions and the
    categorical refusals (another region, a missing year or area), for the questions
    that reach the evidence step."""
    rows, labels, rules, categorical = [], [], [], []
    for q in questions:
        if q["type"] not in ANSWERABLE + MUST_REFUSE:
            continue
        text = clean_question(q["question"], assistant.settings.max_question_chars).text
        if request_kind(text) != "question":
            continue  # refused by pattern before any evidence
        evidence = assistant.prepare(text, q.get("history") or []).evidence
        rows.append(features(evidence))
        labels.append(int(q["type"] in MUST_REFUSE))
        rules.append(bool(judge(evidence, Thresholds())))
        categorical.append(is_categorical(evidence))
    return (
        np.array(rows, dtype=float),
        np.array(labels),
        np.array(rules),
        np.array(categorical),
    )


def _threshold(probabilities: np.ndarray, labels: np.ndarray, categorical: np.ndarray) -> float:
    """The threshold that best separates the two sides on dev (most must-refuse questions
    refused minus answerable ones refused, categorical refusals included), among those
    keeping false refusals within MAX_FALSE_REFUSALS."""
    best, best_gain = 1.0, float("-inf")
    for threshold in sorted(set(np.round(probabilities, 5))) + [1.0]:
        refused = (probabilities >= threshold) | categorical
        false = refused[labels == 0].mean()
        gain = refused[labels == 1].mean() - false
        if false <= MAX_FALSE_REFUSALS and gain > best_gain:
            best, best_gain = float(threshold), gain
    return best


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=1000)


def train_refusal_model(assistant, questions: list[dict]) -> RefusalModel:
    refusal_model.cache_clear()
    MODEL_FILE.unlink(missing_ok=True)  # evidence is gathered without the old model deciding
    x, y, rules, categorical = collect(assistant, questions)
    means, scales = x.mean(axis=0), x.std(axis=0) + 1e-9
    standardised = (x - means) / scales
    fitted = _classifier().fit(standardised, y)
    # The threshold is chosen on out-of-fold probabilities: each dev question scored by a
    # model that never saw it, so the false-refusal budget holds on unseen questions too.
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    probabilities = cross_val_predict(
        _classifier(), standardised, y, cv=folds, method="predict_proba"
    )[:, 1]
    model = RefusalModel(
        weights=tuple(round(float(w), 5) for w in fitted.coef_[0]),
        bias=round(float(fitted.intercept_[0]), 5),
        threshold=round(_threshold(probabilities, y, categorical), 5),
        means=tuple(round(float(m), 5) for m in means),
        scales=tuple(round(float(s), 5) for s in scales),
    )
    refused = (probabilities >= model.threshold) | categorical
    about = {"trained_on": "dev", "questions": int(len(y)), "must_refuse": int(y.sum())}
    in_sample = (fitted.predict_proba(standardised)[:, 1] >= model.threshold) | categorical
    # The model decides only when, out of fold, it separates the two sides better than the
    # threshold rules do on the same dev questions; otherwise the rules stay in charge.
    chosen = _separation(refused, y) > _separation(rules, y)
    if chosen:
        MODEL_FILE.write_text(model.to_json(**about) + "\n", encoding="utf-8")
    refusal_model.cache_clear()
    decisions = (
        ("threshold rules", rules),
        ("refusal model, out of fold", refused),
        ("refusal model, in sample", in_sample),
    )
    for name, decided in decisions:
        print(
            f"dev, {name}: must-refuse refused {decided[y == 1].mean():.3f}, "
            f"answerable refused {decided[y == 0].mean():.3f} (n={len(y)})"
        )
    for name, weight in zip(FEATURES, model.weights, strict=True):
        print(f"  {name:18} {weight:+.3f}")
    print(f"-> {MODEL_FILE}" if chosen else "-> threshold rules kept (no model file written)")
    return model


def _separation(refused: np.ndarray, labels: np.ndarray) -> float:
    """Must-refuse questions refused minus answerable ones refused."""
    return float(refused[labels == 1].mean() - refused[labels == 0].mean())

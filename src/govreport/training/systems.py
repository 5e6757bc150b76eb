"""The systems we compare on the same held-out sentences: NER, spancat, rules."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Union

import spacy

from ..annotation.gold import row_spans
from ..annotation.schema import Span
from ..decoding import SHIPPED_FILL_LABELS, SHIPPED_FREE_LABELS, SHIPPED_RULE_LABELS
from ..figure_gate import gate_pipeline
from ..place_filter import PlaceFilter

Predictor = Callable[[Sequence[str]], List[List[Span]]]


def ner_predictor(model: Path) -> Predictor:
    nlp = spacy.load(model)

    def predict(texts: Sequence[str]) -> List[List[Span]]:
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]

    return predict


def spancat_predictor(model: Path, spans_key: str = "sc") -> Predictor:
    nlp = spacy.load(model)

    def predict(texts: Sequence[str]) -> List[List[Span]]:
        return [[(s.start_char, s.end_char, s.label_) for s in doc.spans.get(spans_key, [])] for doc in nlp.pipe(texts)]

    return predict


def shipped_predictor(model: Path, with_rules: bool = False, rule_labels: Sequence[str] = SHIPPED_RULE_LABELS,
                      place_filter: Optional[PlaceFilter] = None, figure_gate: bool = True,
                      fill_labels: Sequence[str] = SHIPPED_FILL_LABELS, free_labels: Sequence[str] = SHIPPED_FREE_LABELS) -> Callable:
    """A trained NER pipeline with the shipped decoding (configs/pipeline.cfg): NER on the sentences with a
    figure only (``figure_gate``; False: on every sentence), span constraints, ``rule_labels`` from the
    rule baseline (needs govreport_token_marks in the model), its PLACEs through ``place_filter`` when one
    is given, the rule spans of ``fill_labels`` where the model left no entity, and the model's own entities
    of ``free_labels`` where neither an entity nor a rule span of their label is.

    ``with_rules``: return (spans, rule spans) per text instead of spans; the rule baseline's spans
    (``doc.spans["rules"]``, kept by token_marks) are what the record calibration reads.
    """
    from ..decoding import rule_spans

    nlp = spacy.load(model)
    if figure_gate:
        gate_pipeline(nlp)
    nlp.add_pipe("govreport_span_constraints")
    if "token_marks" in nlp.pipe_names and (rule_labels or fill_labels):
        config = {"labels": list(rule_labels), "fill_labels": list(fill_labels), "free_labels": list(free_labels)}
        nlp.add_pipe("govreport_rule_labels", config=config).place_filter = place_filter

    def predict(texts: Sequence[str]):
        out = []
        for doc in nlp.pipe(texts):
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            if not with_rules:
                out.append(spans)
                continue
            rules = rule_spans(doc) or []
            out.append((spans, rules))
        return out

    return predict


def rules_predictor(gazetteer: Union[str, Path, None]) -> Predictor:
    """The rule baseline with the place gazetteer ``gazetteer`` (None: $GOVREPORT_GAZETTEER, else a GovreportError).

    It reads traditional text through OpenCC, as the project's cleaning does.
    """
    from ..cleaning.script import to_simplified
    from ..rules import rule_annotator

    annotate = rule_annotator(gazetteer)  # loads the gazetteer now: a missing one fails before any model runs

    def predict(texts: Sequence[str]) -> List[List[Span]]:
        out = []
        for text in texts:
            simplified = to_simplified(text)
            result = annotate(simplified if len(simplified) == len(text) else text)
            out.append(row_spans(result))
        return out

    return predict


def available_systems(ner: Path, spancat: Path, gazetteer: Union[str, Path, None], spans_key: str = "sc",
                      place_filter: Optional[PlaceFilter] = None) -> Dict[str, Predictor]:
    """The trained models that exist, the shipped decoding of NER (its rule PLACEs through ``place_filter``),
    and the rule baseline (which needs the place ``gazetteer``)."""
    systems: Dict[str, Predictor] = {}
    if Path(ner).exists():
        systems["ner"] = ner_predictor(ner)
        systems["ner+shipped"] = shipped_predictor(ner, place_filter=place_filter)
    if Path(spancat).exists():
        systems["spancat"] = spancat_predictor(spancat, spans_key)
    systems["rules"] = rules_predictor(gazetteer)
    return systems

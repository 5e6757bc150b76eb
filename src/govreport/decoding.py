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

from typing import List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans

from .annotation.schema import Span

CLAUSE_BREAKS = set("，。；：！？,;:!?\n")
EDGE_PUNCTUATION = CLAUSE_BREAKS | set("、“”‘’\"'（）()《》〈〉【】〔〕［］「」『』…—·～~ \t")  # not "-": a minus sign belongs to a PERCENT


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
    """Applies ``constrain`` to ``doc.ents`` (and to ``doc.spans[spans_key]`` when it exists)."""

    def __init__(self, name: str = "span_constraints", spans_key: str = "sc"):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = filter_spans(self._fix(doc, doc.ents))
        if self.spans_key in doc.spans:
            group = doc.spans[self.spans_key]
            scores = group.attrs.get("scores")
            kept, kept_scores = [], []
            for i, span in enumerate(group):
                fixed = self._fix(doc, [span])
                if fixed:
                    kept.append(fixed[0])
                    if scores is not None:
                        kept_scores.append(float(scores[i]))
            doc.spans[self.spans_key] = kept
            if scores is not None:
                doc.spans[self.spans_key].attrs["scores"] = kept_scores
        return doc

    @staticmethod
    def _fix(doc: Doc, spans: Sequence[SpacySpan]) -> List[SpacySpan]:
        out = []
        for span in spans:
            fixed = constrain(doc.text, (span.start_char, span.end_char, span.label_))
            if fixed is None:
                continue
            new = doc.char_span(fixed[0], fixed[1], label=fixed[2], alignment_mode="contract")
            if new is not None and len(new):
                out.append(new)
        return out


@Language.factory(
    "govreport_span_constraints",
    assigns=["doc.ents", "doc.spans"],
    default_config={"spans_key": "sc"},
)
def make_span_constraints(nlp: Language, name: str, spans_key: str) -> SpanConstraints:
    return SpanConstraints(name, spans_key)

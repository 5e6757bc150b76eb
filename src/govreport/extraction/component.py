"""The spaCy component ``indicator_extractor``: entities in, ``Doc._.indicators`` out.

Placed last in the pipeline, after ner or spancat. With ``source = "ents"`` it
reads ``doc.ents``; with ``source = "spans"`` it reads ``doc.spans[spans_key]``,
drops spans scored below ``min_score`` and resolves overlaps by keeping the
best-scored span (the linker needs non-overlapping spans, like the gold).
Registered through the ``spacy_factories`` entry point in pyproject.toml, so a
saved pipeline that lists it loads with plain ``spacy.load()``.

Report-level facts the text may not state (the place, the year) are read from
``Doc._.report_place`` / ``Doc._.report_year`` when the caller set them
(``make_report_doc`` does), else from the title line.
"""

# no `from __future__ import annotations`: spaCy validates factory arguments from real types

from typing import Dict, List, Optional, Tuple

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..cleaning.sentences import split_sentences
from .context import report_context
from .extract import extract_records
from .linker import Span

for _name in ("indicators", "report_place", "report_place_source", "report_year"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SOURCES = ("ents", "spans")


class IndicatorExtractor:
    def __init__(self, nlp: Language, name: str = "indicator_extractor", source: str = "ents",
                 spans_key: str = "sc", min_score: float = 0.0):
        if source not in SOURCES:
            raise ValueError(f"indicator_extractor: source must be one of {SOURCES}, got {source!r}")
        self.name = name
        self.source = source
        self.spans_key = spans_key
        self.min_score = min_score

    def __call__(self, doc: Doc) -> Doc:
        spans, scores = self.spans_of(doc)
        text = doc.text
        first_lines = [text[s:e] for s, e in _first(split_sentences(text), 5)]
        report = report_context(
            first_lines,
            place=doc._.report_place,
            place_source=doc._.report_place_source or "user",
            year=doc._.report_year,
            year_source="user",
        )
        doc._.indicators = extract_records(text, spans, report, scores)
        return doc

    def spans_of(self, doc: Doc) -> Tuple[List[Span], Optional[Dict[Span, float]]]:
        """Character spans (and spancat scores) the linker will read."""
        if self.source == "ents":
            return [(e.start_char, e.end_char, e.label_) for e in doc.ents], None
        if self.spans_key not in doc.spans:
            return [], {}
        group = doc.spans[self.spans_key]
        raw_scores = group.attrs.get("scores")
        if raw_scores is not None and len(group):
            # spancat stores one score per span; some versions keep an (n, 1) array
            raw_scores = numpy.asarray(raw_scores, dtype="float32").reshape(len(group), -1).max(axis=1)
        scored = []
        for i, span in enumerate(group):
            score = float(raw_scores[i]) if raw_scores is not None and i < len(raw_scores) else 1.0
            if score >= self.min_score:
                scored.append(((span.start_char, span.end_char, span.label_), score))
        # best first; keep a span only if it overlaps nothing kept
        scored.sort(key=lambda item: (-item[1], -(item[0][1] - item[0][0]), item[0]))
        kept: List[Tuple[Span, float]] = []
        for span, score in scored:
            if all(span[1] <= k[0][0] or k[0][1] <= span[0] for k in kept):
                kept.append((span, score))
        return sorted(s for s, _ in kept), {s: v for s, v in kept}


def _first(iterator, n: int):
    for i, item in enumerate(iterator):
        if i >= n:
            break
        yield item


@Language.factory(
    "indicator_extractor",
    default_config={"source": "ents", "spans_key": "sc", "min_score": 0.0},
)
def make_indicator_extractor(nlp: Language, name: str, source: str, spans_key: str, min_score: float) -> IndicatorExtractor:
    return IndicatorExtractor(nlp, name, source=source, spans_key=spans_key, min_score=min_score)


def make_report_doc(nlp: Language, text: str, place: Optional[str] = None, place_source: Optional[str] = None,
                    year: Optional[int] = None) -> Doc:
    """Run ``nlp`` on ``text`` with report facts set before the components see the Doc.

    Text longer than ``nlp.max_length`` (a scraped page that is one megabyte-long
    line) is cut at sentence ends into pieces the models accept, and the pieces
    are joined back (``Doc.from_docs``, offsets unchanged) before extraction.
    """
    before = [(name, proc) for name, proc in nlp.pipeline if name != "indicator_extractor"]
    pieces = []
    for chunk in _chunks(text, nlp.max_length):
        piece = nlp.make_doc(chunk)
        for _, proc in before:
            piece = proc(piece)
        pieces.append(piece)
    doc = pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
    doc._.report_place = place
    doc._.report_place_source = place_source if place else None
    doc._.report_year = year
    for name, proc in nlp.pipeline:
        if name == "indicator_extractor":
            doc = proc(doc)
    return doc


def _chunks(text: str, limit: int) -> List[str]:
    """Pieces of at most ``limit`` characters, cut after a sentence end when there is one."""
    if len(text) <= limit:
        return [text]
    out, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind(ch, start, end) for ch in "。；;！？!?\n，,")
            if cut > start:
                end = cut + 1
        out.append(text[start:end])
        start = end
    return out

"""The spaCy component ``indicator_extractor``: entities in, ``Doc._.indicators`` out.

Placed last in the pipeline, after ner or spancat. With ``source = "ents"`` it
reads ``doc.ents``; with ``source = "spans"`` it reads ``doc.spans[spans_key]``,
drops spans scored below ``min_score`` and resolves overlaps by keeping the
best-scored span (the linker needs non-overlapping spans, like the gold).
Two factories build it, as spaCy's own span_ruler / future_entity_ruler do,
because a factory's ``requires`` is fixed: ``indicator_extractor`` (default
source "ents", requires doc.ents) and ``span_indicator_extractor`` (default
source "spans", requires doc.spans). Both are registered through the
``spacy_factories`` entry point in pyproject.toml, so a saved pipeline that
lists them loads with plain ``spacy.load()``.

``Doc._.indicators`` is a list of plain dicts (``IndicatorRecord.to_dict()``,
``IndicatorRecord.from_dict`` for the typed view): msgpack-ready, so annotated
Docs go through ``nlp.pipe(..., n_process=2)`` and ``DocBin(store_user_data=True)``.

Report-level facts the text may not state (the place, the year) are read from
``Doc._.report_place`` / ``Doc._.report_year`` when the caller set them on the
Doc before the pipeline ran (``report_doc`` / ``make_report_docs`` do), else
from the title line.
"""

# no `from __future__ import annotations`: spaCy validates factory arguments from real types

from itertools import groupby
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import GovreportError

from ..annotation.schema import Span
from ..cleaning.sentences import split_sentences
from ..decoding import ENTITY_SCORES_KEY
from .context import report_context
from .extract import extract_records

# Where spaCy keeps a plain (default-valued) Doc extension, so Doc.to_bytes,
# Doc.from_docs and pickling treat the records like any other user data.
_INDICATORS_KEY = ("._.", "indicators", None, None)


def _plain_lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_lists(v) for k, v in value.items()}
    return value


def _get_indicators(doc: Doc) -> Optional[List[Dict[str, Any]]]:
    value = doc.user_data.get(_INDICATORS_KEY)
    if isinstance(value, tuple):
        # DocBin reads user data back with msgpack's use_list=False (lists become
        # tuples); give the records back as they were set, once
        value = doc.user_data[_INDICATORS_KEY] = _plain_lists(value)
    return value


def _set_indicators(doc: Doc, value: Optional[List[Dict[str, Any]]]) -> None:
    doc.user_data[_INDICATORS_KEY] = value


if not Doc.has_extension("indicators"):
    Doc.set_extension("indicators", getter=_get_indicators, setter=_set_indicators)
for _name in ("report_place", "report_place_source", "report_year"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SOURCES = ("ents", "spans")
# factory name → what the component reads by default (and declares it requires)
FACTORIES = {"indicator_extractor": "ents", "span_indicator_extractor": "spans"}


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
        doc._.indicators = [record.to_dict() for record in extract_records(text, spans, report, scores)]
        return doc

    def spans_of(self, doc: Doc) -> Tuple[List[Span], Optional[Dict[Span, float]]]:
        """Character spans (and spancat scores) the linker will read."""
        if self.source == "ents":
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            if ENTITY_SCORES_KEY not in doc.spans:  # no govreport_entity_scores in the pipeline: no confidence
                return spans, None
            group = doc.spans[ENTITY_SCORES_KEY]
            known = {(s.start_char, s.end_char, s.label_): float(v) for s, v in zip(group, group.attrs.get("scores") or [])}
            return spans, {span: known.get(span, 0.0) for span in spans}
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
    assigns=["doc._.indicators"],
    requires=["doc.ents"],
    default_config={"source": "ents", "spans_key": "sc", "min_score": 0.0},
)
def make_indicator_extractor(nlp: Language, name: str, source: str, spans_key: str, min_score: float) -> IndicatorExtractor:
    # source = "spans" is still accepted here (older configs and saved pipelines);
    # span_indicator_extractor declares that requirement properly
    return IndicatorExtractor(nlp, name, source=source, spans_key=spans_key, min_score=min_score)


@Language.factory(
    "span_indicator_extractor",
    assigns=["doc._.indicators"],
    requires=["doc.spans"],
    default_config={"source": "spans", "spans_key": "sc", "min_score": 0.0},
)
def make_span_indicator_extractor(nlp: Language, name: str, source: str, spans_key: str,
                                  min_score: float) -> IndicatorExtractor:
    return IndicatorExtractor(nlp, name, source=source, spans_key=spans_key, min_score=min_score)


def find_extractor(nlp: Language, required: bool = True) -> Optional[str]:
    """The name of the pipeline's indicator extractor, found by factory (any name will do).

    Raises GovreportError when there is none and ``required``; else returns None.
    """
    names = [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in FACTORIES]
    if not names:
        if not required:
            return None
        raise GovreportError(
            f"the pipeline {nlp.pipe_names} has no indicator extractor: add one with "
            "nlp.add_pipe(\"indicator_extractor\") (or \"span_indicator_extractor\" for spancat spans)"
        )
    if len(names) > 1:
        raise GovreportError(f"the pipeline has {len(names)} indicator extractors ({', '.join(names)}): keep one")
    return names[0]


Facts = Mapping[str, Any]  # optional keys: place, place_source, year
Report = Union[str, Tuple[str, Optional[Facts]]]


def report_doc(nlp: Language, text: str, place: Optional[str] = None, place_source: Optional[str] = None,
               year: Optional[int] = None) -> Doc:
    """An unprocessed (tokenised) Doc carrying the report facts, ready for ``nlp(doc)`` or ``nlp.pipe``."""
    return set_report_facts(nlp.make_doc(text), place, place_source, year)


def set_report_facts(doc: Doc, place: Optional[str] = None, place_source: Optional[str] = None,
                     year: Optional[int] = None) -> Doc:
    doc._.report_place = place
    doc._.report_place_source = place_source if place else None
    doc._.report_year = year
    return doc


def make_report_doc(nlp: Language, text: str, place: Optional[str] = None, place_source: Optional[str] = None,
                    year: Optional[int] = None) -> Doc:
    """Run ``nlp`` on one report with its facts set before the components see the Doc."""
    return next(make_report_docs(nlp, [(text, {"place": place, "place_source": place_source, "year": year})]))


def make_report_docs(nlp: Language, reports: Iterable[Report], n_process: int = 1,
                     batch_size: Optional[int] = None) -> Iterator[Doc]:
    """Docs for ``reports`` (texts, or ``(text, facts)`` pairs with optional place,
    place_source, year), in order, through ``nlp.pipe`` with the facts already set.

    Text longer than ``nlp.max_length`` (a scraped page that is one megabyte-long
    line) is cut at sentence ends into pieces the models accept; the pieces run
    through the components before the extractor, are joined back
    (``Doc.from_docs``, offsets unchanged), and the joined Doc runs through the
    extractor and whatever follows it. The pipeline must hold an indicator
    extractor (any name; GovreportError if none).
    """
    find_extractor(nlp)  # fail now, not at the first next()
    return _report_docs(nlp, reports, n_process, batch_size)


def _report_docs(nlp: Language, reports: Iterable[Report], n_process: int, batch_size: Optional[int]) -> Iterator[Doc]:
    def prepared() -> Iterator[Tuple[str, Facts]]:
        for report in reports:
            text, facts = (report, None) if isinstance(report, str) else report
            yield text, facts or {}

    # runs of reports that fit stream through one nlp.pipe; a longer one is cut into pieces
    for fits, group in groupby(prepared(), key=lambda item: len(item[0]) <= nlp.max_length):
        if fits:
            docs = (report_doc(nlp, text, **facts) for text, facts in group)
            yield from nlp.pipe(docs, n_process=n_process, batch_size=batch_size)
        else:
            for text, facts in group:
                yield _long_report_doc(nlp, text, facts, n_process, batch_size)


def _long_report_doc(nlp: Language, text: str, facts: Facts, n_process: int, batch_size: Optional[int]) -> Doc:
    names = nlp.pipe_names
    at = names.index(find_extractor(nlp))
    before, rest = names[:at], names[at:]
    pieces = list(nlp.pipe(_chunks(text, nlp.max_length), disable=rest, n_process=n_process, batch_size=batch_size))
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    return nlp(set_report_facts(doc, **facts), disable=before)


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

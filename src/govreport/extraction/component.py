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

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList

from ..errors import GovreportError

from ..annotation.schema import Span
from ..cleaning.sentences import cut_points, split_sentences
from ..confidence import RecordCalibrator
from ..decoding import ENTITY_SCORES_KEY, group_scores, rule_spans
from ..tokenizer import doc_text
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
# A sentence longer than this is cut (after a clause mark, else at this length) before linking:
# the corpus's longest sentence has 484 characters; a scraped page can be one 3-million-character line.
MAX_SENTENCE_CHARS = 1000
# The models see a report in pieces of at most this many characters, cut at sentence starts, so
# memory follows the piece, not the report (batch_size pieces at a time go through nlp.pipe).
PIECE_CHARS = 2000
# factory name → what the component reads by default (and declares it requires)
FACTORIES = {"indicator_extractor": "ents", "span_indicator_extractor": "spans"}
CALIBRATION_FILE = "calibration.json"


class IndicatorExtractor:
    def __init__(self, nlp: Language, name: str = "indicator_extractor", source: str = "ents",
                 spans_key: str = "sc", min_score: float = 0.0, max_sentence_chars: int = MAX_SENTENCE_CHARS):
        if source not in SOURCES:
            raise ValueError(f"indicator_extractor: source must be one of {SOURCES}, got {source!r}")
        self.name = name
        self.source = source
        self.spans_key = spans_key
        self.min_score = min_score
        self.max_sentence_chars = max_sentence_chars  # 0: never cut a sentence
        self.calibrator: Optional[RecordCalibrator] = None  # record confidence (govreport.confidence)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *, nlp: Optional[Language] = None,
                   calibration: Optional[Union[str, Path]] = None) -> None:
        """Read the record calibration (``python -m govreport calibrate`` writes it); without one, confidence is
        the entity scores' (spancat) or None."""
        if calibration:
            path = Path(calibration)
            if not path.exists():
                raise GovreportError(f"{path}: no record calibration there (spacy project run calibrate writes it)")
            try:
                self.calibrator = RecordCalibrator.from_dict(srsly.read_json(path))
            except (ValueError, KeyError, TypeError) as err:
                raise GovreportError(f"{path}: not a record calibration: {err}") from None

    def __call__(self, doc: Doc) -> Doc:
        spans, scores = self.spans_of(doc)
        doc._.indicators = self.records(doc_text(doc), spans, scores, doc._.report_place, doc._.report_place_source,
                                        doc._.report_year, rule_spans=self.rule_spans_of(doc))
        return doc

    def records(self, text: str, spans: List[Span], scores: Optional[Dict[Span, float]] = None,
                place: Optional[str] = None, place_source: Optional[str] = None,
                year: Optional[int] = None, rule_spans: Optional[Sequence[Span]] = None) -> List[Dict[str, Any]]:
        """The records (plain dicts) of a report's text and its spans: what ``__call__`` sets on the Doc.

        ``rule_spans``: the rule baseline's spans (``doc.spans["rules"]``), which the record calibration reads;
        None when the pipeline keeps none (then no calibrated confidence).
        """
        limit = self.max_sentence_chars or None
        bounds = list(split_sentences(text, limit))  # once: the report's first lines and every sentence's records
        report = report_context([text[s:e] for s, e in bounds[:5]], place=place, place_source=place_source or "user",
                                year=year, year_source="user")
        calibrator = self.calibrator if rule_spans is not None and self.source == "ents" else None
        return [record.to_dict() for record in extract_records(text, spans, report, scores, limit, calibrator=calibrator,
                                                               rule_spans=rule_spans or (), bounds=bounds)]

    def rule_spans_of(self, doc: Doc) -> Optional[List[Span]]:
        """The rule baseline's spans that ``govreport_token_marks`` kept (None: it is not in the pipeline)."""
        if self.calibrator is None:
            return None
        return rule_spans(doc)

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.calibrator is not None:
            srsly.write_json(path / CALIBRATION_FILE, self.calibrator.to_dict())

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> "IndicatorExtractor":
        path = util.ensure_path(path)
        if (path / CALIBRATION_FILE).exists():
            self.calibrator = RecordCalibrator.from_dict(srsly.read_json(path / CALIBRATION_FILE))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return srsly.msgpack_dumps({"calibration": self.calibrator.to_dict() if self.calibrator else None})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "IndicatorExtractor":
        data = srsly.msgpack_loads(bytes_data)
        self.calibrator = RecordCalibrator.from_dict(data["calibration"]) if data.get("calibration") else None
        return self

    def spans_of(self, doc: Doc) -> Tuple[List[Span], Optional[Dict[Span, float]]]:
        """Character spans (and spancat scores) the linker will read."""
        if self.source == "ents":
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            if ENTITY_SCORES_KEY not in doc.spans:  # no govreport_entity_scores in the pipeline: no confidence
                return spans, None
            group = doc.spans[ENTITY_SCORES_KEY]
            known = {(s.start_char, s.end_char, s.label_): v for s, v in zip(group, group_scores(group) or [])}
            return spans, {span: known.get(span, 0.0) for span in spans}
        if self.spans_key not in doc.spans:
            return [], {}
        group = doc.spans[self.spans_key]
        raw_scores = group_scores(group)
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


@Language.factory(
    "indicator_extractor",
    assigns=["doc._.indicators"],
    requires=["doc.ents"],
    default_config={"source": "ents", "spans_key": "sc", "min_score": 0.0, "max_sentence_chars": MAX_SENTENCE_CHARS},
)
def make_indicator_extractor(nlp: Language, name: str, source: str, spans_key: str, min_score: float,
                             max_sentence_chars: int) -> IndicatorExtractor:
    # source = "spans" is still accepted here (older configs and saved pipelines);
    # span_indicator_extractor declares that requirement properly
    return IndicatorExtractor(nlp, name, source=source, spans_key=spans_key, min_score=min_score,
                              max_sentence_chars=max_sentence_chars)


@Language.factory(
    "span_indicator_extractor",
    assigns=["doc._.indicators"],
    requires=["doc.spans"],
    default_config={"source": "spans", "spans_key": "sc", "min_score": 0.0, "max_sentence_chars": MAX_SENTENCE_CHARS},
)
def make_span_indicator_extractor(nlp: Language, name: str, source: str, spans_key: str,
                                  min_score: float, max_sentence_chars: int) -> IndicatorExtractor:
    return IndicatorExtractor(nlp, name, source=source, spans_key=spans_key, min_score=min_score,
                              max_sentence_chars=max_sentence_chars)


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
                     batch_size: Optional[int] = None, piece_chars: int = PIECE_CHARS) -> Iterator[Doc]:
    """Docs for ``reports`` (texts, or ``(text, facts)`` pairs with optional place,
    place_source, year), in order, with the facts set and ``Doc._.indicators`` filled.

    The models never see a whole report: each text is cut into pieces of at
    most ``piece_chars`` characters (and ``nlp.max_length``) at sentence starts
    (an overlong sentence after a clause mark, else at that length), the pieces
    of all reports stream through ``nlp.pipe`` (``n_process``, ``batch_size``
    pieces at a time) up to the extractor, and each report's pieces are joined
    back (``Doc.from_docs``, offsets unchanged). The extractor reads the
    pieces' entities with report offsets, so it sees the whole report
    (headings, title); whatever follows it runs on the joined Doc. The
    pipeline must hold an indicator extractor (any name; GovreportError if none).
    """
    find_extractor(nlp)  # fail now, not at the first next()
    return _report_docs(nlp, reports, n_process, batch_size, piece_chars)


@dataclass
class ReportResult:
    """One report out of ``report_records``: its records, or why it has none."""

    context: Any
    chars: int
    records: Optional[List[Dict[str, Any]]] = None
    error: Optional[str] = None


def report_records(nlp: Language, reports: Iterable[Tuple[str, Optional[Facts], Any]], n_process: int = 1,
                   batch_size: Optional[int] = None, piece_chars: int = PIECE_CHARS) -> Iterator[ReportResult]:
    """The records of many reports, in order, without building any whole-report Doc.

    ``reports`` are ``(text, facts, context)`` triples; each result carries its
    ``context`` back. What runs is exactly what ``make_report_docs`` runs (the
    same pieces, the same records), so memory is bounded by ``piece_chars`` ×
    ``batch_size`` per process, whatever the length of a report. A component
    that raises does not end the stream: the reports in flight are retried one
    by one in this process, and the one that fails again comes back with
    ``error`` set.
    """
    name = find_extractor(nlp)
    extractor = nlp.get_pipe(name)
    for state in _piece_states(nlp, reports, n_process, batch_size, piece_chars, keep_docs=False, isolate=True):
        if state.error is not None:
            yield ReportResult(state.context, len(state.text), error=state.error)
            continue
        try:
            records = extractor.records(state.text, state.spans, state.scores, **_fact_args(state.facts),
                                        rule_spans=state.rule_spans)
        except Exception as err:  # noqa: BLE001 - one report's bug must not end a corpus run
            yield ReportResult(state.context, len(state.text), error=f"extraction failed: {type(err).__name__}: {err}")
            continue
        yield ReportResult(state.context, len(state.text), records=records)


def piece_bounds(text: str, limit: int, max_sentence_chars: Optional[int] = None) -> List[Tuple[int, int]]:
    """Contiguous ``(start, end)`` pieces that cover ``text``, each at most ``limit`` characters.

    Pieces are cut at the start of a sentence (sentences as the extractor cuts
    them, ``max_sentence_chars``); a sentence longer than ``limit`` is cut
    after a clause mark, else at ``limit`` characters; so is a run of white
    space longer than ``limit``.
    """
    if len(text) <= limit:
        return [(0, len(text))]
    points: List[int] = []  # where a piece may start, ascending
    for start, end in split_sentences(text, max_sentence_chars):
        points.append(start)
        if end - start > limit:
            points.extend(p for p, _ in cut_points(text, start, end, limit))
    points.append(len(text))
    cuts, previous = [0], 0
    for point in points:
        if point <= cuts[-1]:
            continue
        if point - cuts[-1] > limit:
            if previous > cuts[-1]:
                cuts.append(previous)
            while point - cuts[-1] > limit:
                cuts.append(cuts[-1] + limit)
        previous = point
    if cuts[-1] < len(text):
        cuts.append(len(text))
    return list(zip(cuts, cuts[1:]))


def _fact_args(facts: Facts) -> Dict[str, Any]:
    return {"place": facts.get("place"), "place_source": facts.get("place_source") if facts.get("place") else None,
            "year": facts.get("year")}


@dataclass
class _PieceState:
    """A report in flight: its pieces' entities gathered in report offsets."""

    number: int
    text: str
    facts: Facts
    context: Any
    bounds: List[Tuple[int, int]]
    spans: List[Span] = field(default_factory=list)
    scores: Optional[Dict[Span, float]] = None
    rule_spans: Optional[List[Span]] = field(default_factory=list)  # None once a piece has none
    docs: List[Doc] = field(default_factory=list)
    received: int = 0
    error: Optional[str] = None

    def add(self, doc: Doc, offset: int, extractor: IndicatorExtractor, keep_doc: bool) -> None:
        spans, scores = extractor.spans_of(doc)
        self.spans.extend((a + offset, b + offset, label) for a, b, label in spans)
        if scores is not None:
            if self.scores is None:
                self.scores = {}
            self.scores.update({(a + offset, b + offset, label): v for (a, b, label), v in scores.items()})
        rules = extractor.rule_spans_of(doc)
        if rules is None or self.rule_spans is None:
            self.rule_spans = None
        else:
            self.rule_spans.extend((a + offset, b + offset, label) for a, b, label in rules)
        if keep_doc:
            self.docs.append(doc)
        self.received += 1

    @property
    def complete(self) -> bool:
        return self.received == len(self.bounds)

    def reset(self) -> None:
        self.spans, self.scores, self.rule_spans, self.docs, self.received = [], None, [], [], 0


def _piece_states(nlp: Language, reports: Iterable[Any], n_process: int, batch_size: Optional[int],
                  piece_chars: int, keep_docs: bool, isolate: bool) -> Iterator[_PieceState]:
    """Every report's pieces through the components before the extractor, in one ``nlp.pipe`` stream."""
    name = find_extractor(nlp)
    extractor = nlp.get_pipe(name)
    names = nlp.pipe_names
    rest = names[names.index(name):]
    limit = max(1, min(piece_chars, nlp.max_length))
    max_sentence = getattr(extractor, "max_sentence_chars", None) or None
    items = iter(enumerate(reports))
    pending: Deque[_PieceState] = deque()
    # (report number, offset) of each piece handed to nlp.pipe, in order: plain texts (not as_tuples, which
    # tokenizes in this process) let the n_process workers tokenize; nlp.pipe keeps the order
    keys: Deque[Tuple[int, int]] = deque()

    def pieces() -> Iterator[str]:
        for number, report in items:
            if isinstance(report, str):
                text, facts, context = report, None, None
            elif len(report) == 2:
                (text, facts), context = report, None
            else:
                text, facts, context = report
            state = _PieceState(number, text, dict(facts or {}), context, piece_bounds(text, limit, max_sentence))
            pending.append(state)
            for start, end in state.bounds:
                keys.append((number, start))
                yield text[start:end]

    while True:
        keys.clear()
        try:
            for doc in nlp.pipe(pieces(), disable=rest, n_process=n_process, batch_size=batch_size):
                number, offset = keys.popleft()
                state = pending[0]
                assert state.number == number, "nlp.pipe returned pieces out of order"
                state.add(doc, offset, extractor, keep_docs)
                if state.complete:
                    yield pending.popleft()
            return
        except Exception as err:  # noqa: BLE001 - isolate the report that made a component raise
            if not isolate or not pending:  # nothing in flight to blame: not a report's fault
                raise
            first_error = f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
            while pending:  # the reports in flight, one at a time in this process
                state = pending.popleft()
                state.reset()
                try:
                    for (start, _), doc in zip(state.bounds, nlp.pipe((state.text[a:b] for a, b in state.bounds),
                                                                       disable=rest, batch_size=batch_size)):
                        state.add(doc, start, extractor, keep_docs)
                except Exception as again:  # noqa: BLE001
                    state.error = f"the pipeline failed: {type(again).__name__}: {again}"
                    if not str(again):
                        state.error += f" ({first_error})"
                yield state
            # then on with a new stream over the reports not yet read


def _report_docs(nlp: Language, reports: Iterable[Report], n_process: int, batch_size: Optional[int],
                 piece_chars: int) -> Iterator[Doc]:
    name = find_extractor(nlp)
    extractor = nlp.get_pipe(name)
    names = nlp.pipe_names
    at = names.index(name)
    for state in _piece_states(nlp, reports, n_process, batch_size, piece_chars, keep_docs=True, isolate=False):
        doc = state.docs[0] if len(state.docs) == 1 else _join(state.docs)
        set_report_facts(doc, **_fact_args(state.facts))
        doc._.indicators = extractor.records(state.text, state.spans, state.scores, **_fact_args(state.facts),
                                             rule_spans=state.rule_spans)
        if names[at + 1:]:  # components after the extractor see the whole report
            doc = nlp(doc, disable=names[: at + 1])
        yield doc


def _join(pieces: List[Doc]) -> Doc:
    """One Doc of a report's pieces (offsets unchanged), span groups' scores carried over."""
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    for key in doc.spans:
        scores: List[Any] = []
        for piece in pieces:
            group = piece.spans.get(key)
            if group is None or not len(group):
                continue
            piece_scores = group.attrs.get("scores")
            if piece_scores is None or len(piece_scores) != len(group):
                scores = []
                break
            scores.extend(piece_scores)
        if scores and len(scores) == len(doc.spans[key]):
            doc.spans[key].attrs["scores"] = scores
    return doc

"""Text + entity spans → indicator records. Pure Python, so it is testable without a model.

The spaCy component (component.py) only gathers spans and scores from a Doc
and calls ``extract_records``; the CLI and the relation evaluation use the
same functions, so there is one code path from spans to rows.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

from ..annotation.schema import Relation, Span
from ..confidence import RecordCalibrator, record_confidence
from ..cleaning.sentences import split_sentences
from ..linking import clause_index, clauses, link
from .changes import parse_change
from .context import ReportContext, default_section, place_for, read_heading, sentence_cue, status_and_period
from .qualifiers import read_qualifiers
from .records import ChangeField, IndicatorRecord, SpanRef, ValueField
from .values import parse_value


def sentence_spans(bounds: Sequence[Tuple[int, int]], spans: Sequence[Span]) -> List[List[Span]]:
    """Spans of each sentence, in sentence offsets; a span crossing a sentence end is dropped."""
    spans = sorted(spans)
    starts = [s[0] for s in spans]
    out = []
    for start, end in bounds:
        i = bisect_left(starts, start)
        local = []
        while i < len(spans) and spans[i][0] < end:
            a, b, label = spans[i]
            if b <= end:
                local.append((a - start, b - start, label))
            i += 1
        out.append(local)
    return out


def extract_records(text: str, spans: Sequence[Span], report: Optional[ReportContext] = None,
                    scores: Optional[Dict[Span, float]] = None,
                    max_sentence_chars: Optional[int] = None, calibrator: Optional[RecordCalibrator] = None,
                    rule_spans: Sequence[Span] = (),
                    bounds: Optional[Sequence[Tuple[int, int]]] = None) -> List[IndicatorRecord]:
    """Records for a whole report (or one sentence); offsets are into ``text``.

    ``max_sentence_chars`` cuts longer sentences into pieces
    (``cleaning.sentences.cut_sentences``): each piece is a sentence of its own,
    with its own index. ``calibrator`` (with the rule baseline's ``rule_spans``)
    gives each record its confidence; without it, the weaker of ``scores``. ``bounds``: the sentences of
    ``text`` as ``split_sentences(text, max_sentence_chars)`` gives them, when the caller has them already.
    """
    report = report or ReportContext()
    bounds = list(split_sentences(text, max_sentence_chars)) if bounds is None else list(bounds)
    scored = sorted(scores.items()) if scores is not None else []
    scored_starts = [span[0] for span, _ in scored]
    section = default_section(report.year)
    records: List[IndicatorRecord] = []
    carried: Optional[str] = None
    local_rules = sentence_spans(bounds, rule_spans) if calibrator is not None else [[] for _ in bounds]
    for index, ((start, end), local) in enumerate(zip(bounds, sentence_spans(bounds, spans))):
        sentence = text[start:end]
        heading = read_heading(sentence, report.year)
        if heading is not None:
            if heading.year is None:
                heading.year = section.year  # 主要预期目标是: under 2023年工作安排
            section = heading
        if local:
            relations = link(sentence, local)
            local_scores = None
            if scores is not None:  # the scores of this sentence's spans (bisect: a long report has many sentences)
                local_scores = {}
                for (a, b, l), v in scored[bisect_left(scored_starts, start):bisect_left(scored_starts, end)]:
                    if b <= end:
                        local_scores[(a - start, b - start, l)] = v
            relation_scores = None
            if calibrator is not None:  # one probability per relation; a record takes the weaker of its two
                relation_scores = {r: calibrator.probability(sentence, r, local, local_rules[index]) for r in relations}
            records.extend(sentence_records(sentence, start, index, local, relations, section, report, local_scores, carried,
                                            relation_scores))
        # 预计…；…；… : the cue holds until the statement ends with 。
        if sentence.endswith(("；", ";")):
            carried = sentence_cue(sentence) or carried
        else:
            carried = None
    return records


def sentence_records(sentence: str, offset: int, index: int, spans: Sequence[Span], relations: Sequence[Relation],
                     section, report: ReportContext, scores: Optional[Dict[Span, float]] = None,
                     carried: Optional[str] = None,
                     relation_scores: Optional[Dict[Relation, float]] = None) -> List[IndicatorRecord]:
    """One record per (indicator, value/change) pair of a sentence.

    An indicator with a value and a rate gives one record holding both; 分别
    lists and repeated figures give one record each, paired in order. An
    indicator with no figure gives no record.
    """
    by_indicator: Dict[Span, Dict[str, List[Span]]] = defaultdict(lambda: {"value_of": [], "change_of": []})
    for num, ind, rel in relations:
        by_indicator[ind][rel].append(num)
    ordered = sorted(spans)
    places = [s for s in ordered if s[2] == "PLACE"]
    bounds = clauses(sentence)
    out = []
    for ind in sorted(by_indicator):
        values, changes = sorted(by_indicator[ind]["value_of"]), sorted(by_indicator[ind]["change_of"])
        context = status_and_period(sentence, ind[0], section, carried)
        place = place_for(sentence, places, ind, report, bounds)
        for i in range(max(len(values), len(changes))):
            value = values[i] if i < len(values) else None
            change = changes[i] if i < len(changes) else None
            qualifiers = []
            value_field = change_field = None
            if value is not None:
                q = parse_value(sentence[value[0] : value[1]])
                for qual in read_qualifiers(sentence, value[0], value[1], limit=_previous_end(ordered, value)):
                    qual.applies_to = "value"
                    q.approx = q.approx or qual.approx
                    q.bound = qual.bound or q.bound
                    qualifiers.append(qual)
                value_field = ValueField(_ref(sentence, offset, value), q)
            if change is not None:
                prefix_start = ind[1] if ind[1] <= change[0] else _clause_start(bounds, change[0])
                c = parse_change(sentence[change[0] : change[1]], sentence[prefix_start : change[0]])
                for qual in read_qualifiers(sentence, change[0], change[1], limit=_previous_end(ordered, change)):
                    qual.applies_to = "change"
                    c.approx = c.approx or qual.approx
                    c.bound = qual.bound or c.bound
                    qualifiers.append(qual)
                change_field = ChangeField(_ref(sentence, offset, change), c)
            confidence = None
            if relation_scores is not None:  # calibrated (govreport.confidence): the weaker of the record's relations
                used = [(value, ind, "value_of")] if value is not None else []
                used += [(change, ind, "change_of")] if change is not None else []
                confidence = record_confidence(relation_scores.get(r, 0.0) for r in used)
            elif scores is not None:  # entity scores (spancat): the weaker of the record's entities
                confidence = record_confidence(scores.get(s, 1.0) for s in (ind, value, change) if s is not None)
            out.append(IndicatorRecord(
                indicator=_ref(sentence, offset, ind),
                value=value_field,
                change=change_field,
                qualifier=qualifiers,
                place=place,
                period={"year": context["year"], "source": context["year_source"]},
                status=context["status"],
                sentence=index,
                clause=_clause_text(sentence, bounds, ind),
                confidence=confidence,
            ))
    return out


def _ref(sentence: str, offset: int, span: Span) -> SpanRef:
    return SpanRef(sentence[span[0] : span[1]], span[0] + offset, span[1] + offset)


def _previous_end(ordered: Sequence[Span], span: Span) -> int:
    i = bisect_left(ordered, span)
    return ordered[i - 1][1] if i > 0 else 0


def _clause_start(bounds: Sequence[Tuple[int, int]], pos: int) -> int:
    return bounds[clause_index(pos, bounds)][0]


def _clause_text(sentence: str, bounds: Sequence[Tuple[int, int]], ind: Span) -> str:
    """The clause of ``sentence`` that holds the indicator, stripped: what tells 三个⟦项目⟧ rows apart."""
    start, end = bounds[clause_index(ind[0], bounds)]
    return sentence[start:end].strip()

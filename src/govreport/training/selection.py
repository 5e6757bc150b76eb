"""Which unannotated reports to annotate next: where the current models are unsure or disagree.

More reports of the kind the model already handles flatten the learning curve
early (issue 11); gold pays through what it adds. So every candidate report is
scored by four signs that the pipeline would get it wrong, each measured on
all of its sentences:

- ``uncertain``: spancat spans whose score lies between 0.2 and 0.8, per sentence;
- ``ner_vs_spancat`` and ``ner_vs_rules``: 1 − exact span F1 between NER and
  spancat, and between NER and the rule baseline (no gold needed: disagreement
  marks the sentences where at least one is wrong);
- ``hard_density``: PLACE and INDICATOR spans NER predicts per sentence (the
  two labels the models lose on);
- ``low_confidence`` (when an assembled pipeline is given): the share of the
  report's records whose calibrated confidence (``govreport.confidence``) is
  below 0.7, the same number analysts sort their review by.

The ranking is the mean of the ranks (1 = most in need), so no one scale
dominates. The same predictions give the pre-annotation markup.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

from ..annotation.schema import Span
from ..annotation.scoring import score_spans

UNSURE = (0.2, 0.8)
LOW_CONFIDENCE = 0.7
SIGNS = ("uncertain", "ner_vs_spancat", "ner_vs_rules", "hard_density", "low_confidence")


@dataclass
class ReportSigns:
    doc: str
    sentences: int
    chars: int
    signs: Dict[str, float] = field(default_factory=dict)
    rank: float = 0.0


def disagreement(a: Sequence[Sequence[Span]], b: Sequence[Sequence[Span]]) -> float:
    """1 − exact micro F1 of ``b`` against ``a`` (symmetric)."""
    return round(1.0 - score_spans(a, b)["micro"]["f"], 4)


def report_signs(doc: str, texts: Sequence[str], ner: Sequence[Sequence[Span]], spancat_scored: Sequence[Sequence[tuple]],
                 rules: Sequence[Sequence[Span]], confidences: Optional[Sequence[Optional[float]]] = None) -> ReportSigns:
    """The signs of one report from its sentences' predictions (spancat as (start, end, label, score)); ``confidences``:
    its records' calibrated confidence (None: no pipeline given, the sign is left out)."""
    n = max(len(texts), 1)
    spancat = [[(s, e, label) for s, e, label, score in sent if score >= 0.5] for sent in spancat_scored]
    unsure = sum(1 for sent in spancat_scored for *_, score in sent if UNSURE[0] <= score <= UNSURE[1])
    hard = sum(1 for sent in ner for _, _, label in sent if label in ("PLACE", "INDICATOR"))
    signs = {
        "uncertain": round(unsure / n, 4),
        "ner_vs_spancat": disagreement(ner, spancat),
        "ner_vs_rules": disagreement(ner, rules),
        "hard_density": round(hard / n, 4),
    }
    if confidences is not None:
        known = [c for c in confidences if c is not None]
        signs["low_confidence"] = round(sum(c < LOW_CONFIDENCE for c in known) / len(known), 4) if known else 1.0
    return ReportSigns(doc, len(texts), sum(len(t) for t in texts), signs)


def shared_signs(reports: Sequence[ReportSigns]) -> List[str]:
    """The signs every report has (``low_confidence`` only when a pipeline was given)."""
    return [s for s in SIGNS if reports and all(s in r.signs for r in reports)]


def rank_reports(reports: List[ReportSigns]) -> List[ReportSigns]:
    """Mean rank over the signs every report has (1 = highest value = most in need), best candidates first."""
    signs = shared_signs(reports)
    for sign in signs:
        values = [r.signs[sign] for r in reports]
        for report in reports:  # ties share the best position (competition ranking): an unmeasured sign decides nothing
            position = 1 + sum(v > report.signs[sign] for v in values)
            report.rank += position / len(signs)
    return sorted(reports, key=lambda r: (r.rank, r.doc))


def ranking_markdown(reports: Sequence[ReportSigns], chosen: int) -> str:
    signs = shared_signs(reports)
    confident = "low_confidence" in signs
    extra = " records below 0.7 confidence |" if confident else ""
    lines = ["| rank | report | sentences | characters | uncertain spans / sentence | 1 − F(NER, spancat) | 1 − F(NER, rules) | PLACE+INDICATOR / sentence |" + extra + " mean rank |",
             "|---|---|---|---|---|---|---|---|" + ("---|" if confident else "") + "---|"]
    for i, r in enumerate(reports, 1):
        mark = " **(annotate)**" if i <= chosen else ""
        s = r.signs
        low = f" {s['low_confidence']:.3f} |" if confident else ""
        lines.append(f"| {i} | {r.doc}{mark} | {r.sentences} | {r.chars} | {s['uncertain']:.2f} | {s['ner_vs_spancat']:.3f} | "
                     f"{s['ner_vs_rules']:.3f} | {s['hard_density']:.2f} |{low} {r.rank:.2f} |")
    lines.append("")
    lines.append(f"Median over all candidates: " + ", ".join(
        f"{sign} {statistics.median(r.signs[sign] for r in reports):.3f}" for sign in signs))
    return "\n".join(lines) + "\n"


def scored_spans(doc, spans_key: str = "sc") -> List[tuple]:
    """(start, end, label, score) of every span spancat kept (its threshold lowered by the caller)."""
    from ..decoding import group_scores

    if spans_key not in doc.spans:
        return []
    group = doc.spans[spans_key]
    scores = group_scores(group) or [1.0] * len(group)
    return [(span.start_char, span.end_char, span.label_, score) for span, score in zip(group, scores)]


def rank_candidates(sentences: Sequence[dict], ner_predict: Callable, spancat_nlp, rules_predict: Callable,
                    progress: bool = True, pipeline=None) -> List[ReportSigns]:
    """Signs of every report in ``sentences`` (rows of the sentence file), ranked; spancat's threshold is lowered to 0.2 here.

    ``pipeline``: an assembled pipeline with a calibrated indicator extractor; adds the ``low_confidence`` sign.
    """
    from tqdm import tqdm

    by_doc: Dict[str, List[str]] = {}
    for row in sentences:
        by_doc.setdefault(row["doc"], []).append(row["text"])
    spancat = spancat_nlp.get_pipe("spancat")
    spancat.cfg["threshold"] = UNSURE[0]
    out = []
    for doc, texts in tqdm(sorted(by_doc.items()), desc="ranking reports", unit="report", disable=not progress):
        scored = [scored_spans(d) for d in spancat_nlp.pipe(texts)]
        confidences = None
        if pipeline is not None:
            confidences = [r.get("confidence") for d in pipeline.pipe(texts) for r in d._.indicators]
        out.append(report_signs(doc, texts, ner_predict(texts), scored, rules_predict(texts), confidences))
    return rank_reports(out)

"""Scores of the rule baseline against gold JSONL: entities per label and relations.

Entities and relations use the project's shared scorers
(``annotation.scoring.score_spans`` and ``score_relations``): exact match
(same start, end, label) and overlap match (same label, at least one shared
character, one-to-one) for entities; relations per type (value_of,
change_of) and overall, a predicted relation being right when both of its
spans and its type equal a gold relation's, so a relation score is never
better than the spans it joins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, Iterable, List, Sequence

from tqdm import tqdm

from ..annotation.gold import row_relations, row_spans
from ..annotation.schema import LABELS
from ..annotation.scoring import score_matches, score_relations
from ..errors import GovreportError
from ..io import read_jsonl

Annotate = Callable[[str], Dict[str, list]]


def load_rows(paths: Iterable[Path]) -> List[dict]:
    rows: List[dict] = []
    for path in paths:
        rows.extend(read_jsonl(path))
    return rows


def evaluate(rows: Sequence[dict], annotate: Annotate, progress: bool = False) -> Dict[str, object]:
    """Scores of ``annotate`` on gold ``rows`` (dicts with text, entities, relations)."""
    gold_spans, pred_spans, gold_rel, pred_rel = [], [], [], []
    for row in tqdm(rows, desc="rules", disable=not progress):
        result = annotate(row["text"])
        gold_spans.append(row_spans(row))
        pred_spans.append(row_spans(result))
        gold_rel.append(row_relations(row))
        pred_rel.append(row_relations(result))
    return {
        "sentences": len(rows),
        "entities": score_matches(gold_spans, pred_spans),
        "relations": score_relations(gold_rel, pred_rel),
    }


def markdown(result: Dict[str, object], title: str = "Rule baseline") -> str:
    lines = [f"### {title} ({result['sentences']} sentences)", "", "| match | label | P | R | F1 | TP | pred | gold |", "|---|---|---|---|---|---|---|---|"]
    for match, scores in result["entities"].items():
        for label in (*LABELS, "micro"):
            s = scores[label]
            lines.append(f"| {match} | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['tp']} | {s['pred']} | {s['gold']} |")
    for kind, s in result["relations"].items():
        lines.append(f"| relation | {kind} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['tp']} | {s['pred']} | {s['gold']} |")
    return "\n".join(lines) + "\n"


def evaluate_files(gold_files: Sequence[Path], annotate: Annotate, progress: bool = True) -> Dict[str, object]:
    """Scores of ``annotate`` on the given gold JSONL files, which are recorded in the result.

    Files are named one by one (not a folder) so a score says exactly which
    reports it covers: the rules were tuned on some seeds and not on others.
    """
    missing = [str(p) for p in gold_files if not Path(p).exists()]
    if missing:
        raise GovreportError(f"no such gold file: {', '.join(missing)}")
    result = evaluate(load_rows(gold_files), annotate, progress=progress)
    result["gold_files"] = [str(p) for p in gold_files]
    return result

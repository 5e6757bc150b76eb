"""Scores of the rule baseline against gold JSONL: entities per label and relations.

Entities use the project's shared scorer (``training.scoring.score_spans``):
exact match (same start, end, label) and overlap match (same label, at least
one shared character, one-to-one). Relations are scored per type
(value_of, change_of) and overall: a predicted relation is right when both
of its spans and its type equal a gold relation's, so a relation score is
never better than the spans it joins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, Iterable, List, Sequence, Tuple

from tqdm import tqdm

from ..annotation.schema import LABELS, RELATION_TYPES
from ..io import read_jsonl
from ..training.scoring import _prf, score_spans

Span = Tuple[int, int, str]
Relation = Tuple[Span, Span, str]
Annotate = Callable[[str], Dict[str, list]]


def spans_of(result: dict) -> List[Span]:
    return sorted((e["start_offset"], e["end_offset"], e["label"]) for e in result["entities"])


def relations_of(result: dict) -> List[Relation]:
    by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in result["entities"]}
    return sorted((by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in result.get("relations") or [])


def score_relations(gold: Sequence[Sequence[Relation]], pred: Sequence[Sequence[Relation]]) -> Dict[str, Dict[str, float]]:
    out: Dict[str, Dict[str, float]] = {}
    for kind in (*RELATION_TYPES, "micro"):
        tp = n_pred = n_gold = 0
        for g, p in zip(gold, pred):
            g_k = {r for r in g if kind == "micro" or r[2] == kind}
            p_k = {r for r in p if kind == "micro" or r[2] == kind}
            tp += len(g_k & p_k)
            n_pred += len(p_k)
            n_gold += len(g_k)
        out[kind] = _prf(tp, n_pred, n_gold)
    return out


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
        gold_spans.append(spans_of(row))
        pred_spans.append(spans_of(result))
        gold_rel.append(relations_of(row))
        pred_rel.append(relations_of(result))
    return {
        "sentences": len(rows),
        "entities": {"exact": score_spans(gold_spans, pred_spans), "overlap": score_spans(gold_spans, pred_spans, overlap=True)},
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

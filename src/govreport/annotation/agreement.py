"""Inter-annotator agreement between two independent passes over the same sentences.

Span-level F1 per label (one pass as reference; F1 is symmetric), relation
F1, and Cohen's kappa (scikit-learn) on the label of every token of the
project's tokenizer (label of the span covering the token, or O).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence, Tuple

from sklearn.metrics import cohen_kappa_score

from ..training.scoring import score_spans
from .schema import LABELS

Span = Tuple[int, int, str]


def spans_of(row: dict) -> List[Span]:
    return sorted((e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"])


def relations_of(row: dict) -> List[Tuple[Span, Span, str]]:
    by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]}
    return sorted((by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in row.get("relations") or [])


def token_labels(tokens: Sequence[Tuple[int, int]], spans: Sequence[Span]) -> List[str]:
    out = []
    for start, end in tokens:
        label = "O"
        for s, e, l in spans:
            if s < end and start < e:
                label = l
                break
        out.append(label)
    return out


def agreement(first: Sequence[dict], second: Sequence[dict], tokenize: Callable[[str], List[Tuple[int, int]]]) -> Dict[str, object]:
    """Compare two passes; rows are matched by meta.sentence_id (only sentences in both)."""
    a = {r["meta"]["sentence_id"]: r for r in first}
    b = {r["meta"]["sentence_id"]: r for r in second}
    ids = sorted(set(a) & set(b))
    for sid in ids:
        if a[sid]["text"] != b[sid]["text"]:
            raise ValueError(f"{sid}: the two passes annotate different texts")
    spans = score_spans([spans_of(a[i]) for i in ids], [spans_of(b[i]) for i in ids])
    overlap = score_spans([spans_of(a[i]) for i in ids], [spans_of(b[i]) for i in ids], overlap=True)
    rel_tp = rel_a = rel_b = 0
    for i in ids:
        ra, rb = set(relations_of(a[i])), set(relations_of(b[i]))
        rel_tp += len(ra & rb)
        rel_a += len(ra)
        rel_b += len(rb)
    y1: List[str] = []
    y2: List[str] = []
    for i in ids:
        tokens = tokenize(a[i]["text"])
        y1.extend(token_labels(tokens, spans_of(a[i])))
        y2.extend(token_labels(tokens, spans_of(b[i])))
    disagreements = []
    for i in ids:
        sa, sb = set(spans_of(a[i])), set(spans_of(b[i]))
        ra, rb = set(relations_of(a[i])), set(relations_of(b[i]))
        if sa != sb or ra != rb:
            text = a[i]["text"]
            disagreements.append({
                "sentence_id": i,
                "only_first": [f"{l} {text[s:e]}" for s, e, l in sorted(sa - sb)],
                "only_second": [f"{l} {text[s:e]}" for s, e, l in sorted(sb - sa)],
                "relations_only_first": [f"{text[x[0]:x[1]]}→{text[y[0]:y[1]]}" for x, y, _ in sorted(ra - rb)],
                "relations_only_second": [f"{text[x[0]:x[1]]}→{text[y[0]:y[1]]}" for x, y, _ in sorted(rb - ra)],
            })
    rel_p = rel_tp / rel_b if rel_b else 0.0
    rel_r = rel_tp / rel_a if rel_a else 0.0
    return {
        "sentences": len(ids),
        "documents": sorted({i.split("-")[0] for i in ids}),
        "span_f1_exact": spans,
        "span_f1_overlap": overlap,
        "relation_f1": round(2 * rel_p * rel_r / (rel_p + rel_r), 4) if rel_p + rel_r else 0.0,
        "relations": {"first": rel_a, "second": rel_b, "both": rel_tp},
        "token_kappa": round(float(cohen_kappa_score(y1, y2, labels=["O", *LABELS])), 4),
        "tokens": len(y1),
        "disagreements": disagreements,
    }

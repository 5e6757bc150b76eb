"""Span scores per label, exact and overlap match, relation scores per type, and a character-level confusion matrix.

Exact match: same start, end and label. Overlap match: a predicted span with
the gold label that shares at least one character with an unmatched gold span
(one-to-one, so a long prediction cannot earn two hits). A predicted relation
is right when both of its spans and its type equal a gold relation's, so a
relation score is never better than the spans it joins.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Set

from sklearn.metrics import confusion_matrix

from .schema import LABELS, RELATION_TYPES, Relation, Span


def prf(tp: int, n_pred: int, n_gold: int) -> Dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def _matches(gold: Sequence[Span], pred: Sequence[Span], overlap: bool) -> List[Span]:
    """Predicted spans that match a gold span (each gold span used once)."""
    if not overlap:
        gold_set = set(gold)
        return [p for p in pred if p in gold_set]
    free = list(gold)
    hits = []
    for p in sorted(pred):
        for g in free:
            if g[2] == p[2] and g[0] < p[1] and p[0] < g[1]:
                free.remove(g)
                hits.append(p)
                break
    return hits


def score_spans(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], overlap: bool = False) -> Dict[str, Dict[str, float]]:
    """Per-label and micro precision/recall/F1 over parallel lists of sentences."""
    tp = {l: 0 for l in LABELS}
    n_pred = {l: 0 for l in LABELS}
    n_gold = {l: 0 for l in LABELS}
    for g, p in zip(gold, pred):
        for s in g:
            n_gold[s[2]] += 1
        for s in p:
            n_pred[s[2]] += 1
        for s in _matches(g, p, overlap):
            tp[s[2]] += 1
    out = {l: prf(tp[l], n_pred[l], n_gold[l]) for l in LABELS}
    out["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def score_matches(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> Dict[str, Dict[str, Dict[str, float]]]:
    """``score_spans`` under both matches, as every evaluation reports them: {"exact": …, "overlap": …}."""
    return {"exact": score_spans(gold, pred), "overlap": score_spans(gold, pred, overlap=True)}


def score_relations(gold: Sequence[Iterable[Relation]], pred: Sequence[Iterable[Relation]]) -> Dict[str, Dict[str, float]]:
    """Per relation type (value_of, change_of) and micro P/R/F over parallel lists of sentences."""
    tp = {t: 0 for t in RELATION_TYPES}
    n_pred = {t: 0 for t in RELATION_TYPES}
    n_gold = {t: 0 for t in RELATION_TYPES}
    micro = {"tp": 0, "pred": 0, "gold": 0}
    for g, p in zip(gold, pred):
        g_set: Set[Relation] = set(g)
        p_set: Set[Relation] = set(p)
        for counts, rels in ((n_gold, g_set), (n_pred, p_set), (tp, g_set & p_set)):
            for r in rels:
                if r[2] in counts:
                    counts[r[2]] += 1
        micro["tp"] += len(g_set & p_set)
        micro["pred"] += len(p_set)
        micro["gold"] += len(g_set)
    out = {t: prf(tp[t], n_pred[t], n_gold[t]) for t in RELATION_TYPES}
    out["micro"] = prf(micro["tp"], micro["pred"], micro["gold"])
    return out


def char_labels(text_len: int, spans: Sequence[Span]) -> List[str]:
    labels = ["O"] * text_len
    for s, e, label in spans:
        for i in range(s, min(e, text_len)):
            labels[i] = label
    return labels


def label_confusion(texts: Sequence[str], gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> Dict[str, object]:
    """Character-level confusion matrix (rows gold, columns predicted), O included."""
    y_true: List[str] = []
    y_pred: List[str] = []
    for text, g, p in zip(texts, gold, pred):
        y_true.extend(char_labels(len(text), g))
        y_pred.extend(char_labels(len(text), p))
    labels = ["O", *LABELS]
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    return {"labels": labels, "matrix": matrix.tolist()}


def correction_rate(gold: Sequence[Sequence[Span]], suggested: Sequence[Sequence[Span]],
                    gold_relations: Sequence[Iterable[Relation]], suggested_relations: Sequence[Iterable[Relation]]) -> Dict[str, Dict[str, float]]:
    """What annotators changed in the suggestions, per label: the share of suggested spans changed or deleted
    (1 − precision of the suggestions against the final gold) and the share of gold spans that had no suggestion
    (1 − recall); relations likewise. A direct measure of what the suggesting model still gets wrong."""
    def rates(s: Dict[str, float]) -> Dict[str, float]:
        return {"suggested": s["pred"], "gold": s["gold"],
                "changed_or_deleted": round(1 - s["tp"] / s["pred"], 4) if s["pred"] else 0.0,
                "gold_without_suggestion": round(1 - s["tp"] / s["gold"], 4) if s["gold"] else 0.0}

    spans = score_spans(gold, suggested)
    out = {label: rates(spans[label]) for label in [*LABELS, "micro"]}
    out["relations"] = rates(score_relations(gold_relations, suggested_relations)["micro"])
    return out

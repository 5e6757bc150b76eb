"""Precision/recall/F1 of value_of and change_of links against the gold relations.

Two settings, as issue 5 asks:
- from gold entities: the linker alone, given the gold spans of each sentence;
- end to end: a pipeline's own entities (ner ents, or spancat spans through the
  indicator_extractor's overlap resolution) fed to the same linker.

A predicted relation counts only if its two spans match the gold spans exactly
and the type matches, so end-to-end errors in span boundaries cost links.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Set

from tqdm import tqdm

from ..annotation.schema import RELATION_TYPES
from ..training.gold import GoldSentence
from ..training.scoring import _prf
from .linker import Relation, link

SETTINGS = ("from_gold_entities", "end_to_end")


def relation_scores(gold: Sequence[Iterable[Relation]], pred: Sequence[Iterable[Relation]]) -> Dict[str, Dict[str, float]]:
    """Per relation type and micro P/R/F over parallel lists of sentences."""
    tp = {t: 0 for t in RELATION_TYPES}
    n_pred = {t: 0 for t in RELATION_TYPES}
    n_gold = {t: 0 for t in RELATION_TYPES}
    for g, p in zip(gold, pred):
        g_set: Set[Relation] = set(g)
        p_set: Set[Relation] = set(p)
        for r in g_set:
            n_gold[r[2]] += 1
        for r in p_set:
            n_pred[r[2]] += 1
        for r in g_set & p_set:
            tp[r[2]] += 1
    out = {t: _prf(tp[t], n_pred[t], n_gold[t]) for t in RELATION_TYPES}
    out["micro"] = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def link_gold_entities(sentences: Sequence[GoldSentence]) -> List[List[Relation]]:
    return [link(s.text, s.spans) for s in sentences]


def pipeline_spans(nlp, texts: Sequence[str], batch_size: int = 32, progress: bool = True) -> List[List[tuple]]:
    """Entity spans a pipeline predicts for each sentence text.

    When the pipeline has an indicator_extractor, its own span reading (ents, or
    spancat spans with min_score and overlap resolution) is used, so the score
    is the score of the configured pipeline; otherwise ``doc.ents``.
    """
    extractor = nlp.get_pipe("indicator_extractor") if "indicator_extractor" in nlp.pipe_names else None
    disable = ["indicator_extractor"] if extractor is not None else []
    out = []
    docs = nlp.pipe(texts, batch_size=batch_size, disable=disable)
    for doc in tqdm(docs, total=len(texts), desc="end to end", disable=not progress):
        if extractor is not None:
            spans, _ = extractor.spans_of(doc)
        else:
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        out.append(spans)
    return out


def evaluate_relations(sentences: Sequence[GoldSentence], nlp=None, progress: bool = True) -> Dict[str, Any]:
    """Scores overall and per document, from gold entities and (given ``nlp``) end to end."""
    gold = [s.relations for s in sentences]
    docs = sorted({s.doc for s in sentences})
    result: Dict[str, Any] = {"documents": docs, "sentences": len(sentences)}
    settings = {"from_gold_entities": link_gold_entities(sentences)}
    if nlp is not None:
        spans = pipeline_spans(nlp, [s.text for s in sentences], progress=progress)
        settings["end_to_end"] = [link(s.text, sp) for s, sp in zip(sentences, spans)]
    for name, pred in settings.items():
        per_doc = {}
        for d in docs:
            idx = [i for i, s in enumerate(sentences) if s.doc == d]
            per_doc[d] = relation_scores([gold[i] for i in idx], [pred[i] for i in idx])
        result[name] = {"all": relation_scores(gold, pred), "per_document": per_doc}
    return result


def errors(sentences: Sequence[GoldSentence], limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """Links the linker gets wrong from gold entities, for the notes and for debugging."""
    out = []
    for s in sentences:
        pred, gold = set(link(s.text, s.spans)), set(s.relations)
        for kind, rels in (("missed", gold - pred), ("spurious", pred - gold)):
            for f, t, typ in sorted(rels):
                out.append({"sentence": s.sentence_id, "kind": kind, "type": typ,
                            "from": s.text[f[0]:f[1]], "to": s.text[t[0]:t[1]], "text": s.text})
    return out[:limit] if limit else out


def to_markdown(result: Dict[str, Any], title: str = "Relation extraction") -> str:
    lines = [f"## {title}", "", f"Documents: {', '.join(result['documents'])}; sentences: {result['sentences']}.", ""]
    lines += ["| setting | scope | value_of P/R/F | change_of P/R/F | micro P | micro R | micro F |", "|---|---|---|---|---|---|---|"]
    for name in SETTINGS:
        if name not in result:
            continue
        scopes = [("all", result[name]["all"])] + sorted(result[name]["per_document"].items())
        for scope, s in scopes:
            v, c, m = s["value_of"], s["change_of"], s["micro"]
            lines.append(
                f"| {name.replace('_', ' ')} | {scope} | {v['p']:.3f}/{v['r']:.3f}/{v['f']:.3f} | "
                f"{c['p']:.3f}/{c['r']:.3f}/{c['f']:.3f} | {m['p']:.3f} | {m['r']:.3f} | {m['f']:.3f} |"
            )
    return "\n".join(lines) + "\n"

"""Precision/recall/F1 of value_of and change_of links against the gold relations.

Two settings, as issue 5 asks:
- from gold entities: the linker alone, given the gold spans of each sentence;
- end to end: a pipeline's own entities (ner ents, or spancat spans through the
  indicator_extractor's overlap resolution) fed to the same linker.

A predicted relation counts only if its two spans match the gold spans exactly
and the type matches, so end-to-end errors in span boundaries cost links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set

from tqdm import tqdm

from ..annotation.gold import GoldSentence, load_gold
from ..annotation.schema import Relation
from ..annotation.scoring import score_relations
from ..errors import GovreportError
from ..linking import link

SETTINGS = ("from_gold_entities", "end_to_end")


def link_gold_entities(sentences: Sequence[GoldSentence]) -> List[List[Relation]]:
    return [link(s.text, s.spans) for s in sentences]


def pipeline_spans(nlp, texts: Sequence[str], batch_size: int = 32, progress: bool = True) -> List[List[tuple]]:
    """Entity spans a pipeline predicts for each sentence text.

    When the pipeline has an indicator_extractor, its own span reading (ents, or
    spancat spans with min_score and overlap resolution) is used, so the score
    is the score of the configured pipeline; otherwise ``doc.ents``.
    """
    from .component import find_extractor

    name = find_extractor(nlp, required=False)
    extractor = nlp.get_pipe(name) if name is not None else None
    disable = [name] if name is not None else []
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
            per_doc[d] = score_relations([gold[i] for i in idx], [pred[i] for i in idx])
        result[name] = {"all": score_relations(gold, pred), "per_document": per_doc}
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


def evaluate_documents(gold_dir: Path, docs: Optional[Set[str]] = None, nlp=None, label: str = "all",
                       model: Optional[str] = None) -> Dict[str, Any]:
    """Relation scores on the reviewed gold of ``docs`` (None or empty: every document), with the linker's errors.

    From gold entities always; end to end too when ``nlp`` is given. ``label``
    names the selection (a split name) in the result and in the error when
    nothing is left to score; ``model`` (the pipeline's path) is recorded.
    """
    sentences = load_gold(gold_dir)
    if docs:
        sentences = [s for s in sentences if s.doc in docs]
    if not sentences:
        raise GovreportError(f"{gold_dir}: no reviewed gold sentences for {label} {sorted(docs or [])}")
    result = evaluate_relations(sentences, nlp)
    result["split"] = label
    result["model"] = model
    result["errors_from_gold_entities"] = errors(sentences)
    return result

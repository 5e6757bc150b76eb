"""Suggestions for pre-annotation, so annotators correct instead of starting from zero.

Three sources, chosen with `--suggest`:
- ``rules``: ``govreport.rules.annotate(text, gazetteer) -> {"entities", "relations"}`` in the
  gold format, with the place gazetteer the caller names (``--gazetteer``);
- ``model``: a trained spaCy pipeline (`spacy.load(path)`): ``doc.ents`` with spec labels,
  and relations from ``doc._.indicators`` when the pipeline sets that extension;
- ``none``: empty suggestions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ..annotation.schema import LABELS
from ..errors import GovreportError

Suggester = Callable[[str], Dict[str, list]]
RELATION_FOR = {"VALUE": "value_of", "PERCENT": "change_of"}


def _none(text: str) -> Dict[str, list]:
    return {"entities": [], "relations": []}


def _rules(gazetteer: Union[str, Path, None]) -> Suggester:
    """The rule annotator of ``gazetteer`` (None: $GOVREPORT_GAZETTEER), loaded now so a missing gazetteer fails before any upload."""
    from ..rules import rule_annotator

    return rule_annotator(gazetteer)


def _field(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _offsets(obj: Any) -> Optional[Tuple[int, int]]:
    """(start, end) of a spaCy Span or a record field dict (``{"start_char", "end_char", ...}``)."""
    if obj is None:
        return None
    start, end = _field(obj, "start_char"), _field(obj, "end_char")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def doc_to_suggestion(doc: Any) -> Dict[str, list]:
    """spaCy Doc → gold-format suggestion; entities with non-spec labels are dropped.

    ``doc._.indicators`` (if registered) is read as records with an
    ``indicator`` and a ``value``, ``change`` or ``percent`` (spaCy Spans, or
    dicts with ``start_char``/``end_char`` as govreport.extraction's records hold);
    each becomes value_of / change_of from the measuring entity to the
    indicator, typed by the measuring entity's label. Records whose spans are
    not entities of the doc are ignored.
    """
    entities: List[dict] = []
    by_offsets: Dict[Tuple[int, int], int] = {}
    for ent in doc.ents:
        if ent.label_ in LABELS:
            entities.append(
                {"id": len(entities) + 1, "start_offset": ent.start_char, "end_offset": ent.end_char, "label": ent.label_}
            )
            by_offsets[(ent.start_char, ent.end_char)] = len(entities)
    relations: List[dict] = []
    if doc.has_extension("indicators"):
        for item in doc._.indicators or []:
            to_id = by_offsets.get(_offsets(_field(item, "indicator")) or (-1, -1))
            if to_id is None or entities[to_id - 1]["label"] != "INDICATOR":
                continue
            for key in ("value", "change", "percent"):
                from_id = by_offsets.get(_offsets(_field(item, key)) or (-1, -1))
                label = entities[from_id - 1]["label"] if from_id else None
                if from_id and label in RELATION_FOR and not any(
                    r["from_id"] == from_id and r["to_id"] == to_id for r in relations
                ):
                    relations.append({"id": len(relations) + 1, "from_id": from_id, "to_id": to_id, "type": RELATION_FOR[label]})
    return {"entities": entities, "relations": relations}


def _model(path: Path) -> Suggester:
    """A trained pipeline; when nothing in it sets ``doc._.indicators`` (a bare NER model), the indicator
    extractor is added so the suggestions carry relations. A pipeline that declares it assigns the
    records (``assigns=["doc._.indicators"]``) keeps its own. A figure gate is turned off: the gold needs
    the indicators of sentences without a figure too, and a suggestion is cheaper to correct than to add."""
    import spacy

    from ..extraction.component import find_extractor
    from ..figure_gate import ungate_pipeline

    if not Path(path).exists():
        raise GovreportError(f"{path}: no such pipeline folder (train one or use --suggest rules|none)")
    nlp = spacy.load(path)
    ungate_pipeline(nlp)
    sets_records = any("doc._.indicators" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names)
    if find_extractor(nlp, required=False) is None and not sets_records:
        nlp.add_pipe("indicator_extractor", last=True)
    return lambda text: doc_to_suggestion(nlp(text))


def make_suggester(kind: str, model: Optional[Path] = None, gazetteer: Union[str, Path, None] = None) -> Suggester:
    """The suggestion function for ``--suggest``; fails early (before any upload) when it cannot work.

    ``gazetteer``: the place gazetteer of ``rules`` (the folder fetch-assets fills); None: $GOVREPORT_GAZETTEER.
    """
    if kind == "none":
        return _none
    if kind == "rules":
        return _rules(gazetteer)
    if kind == "model":
        if model is None:
            raise GovreportError("--suggest model needs --model PATH (a trained spaCy pipeline folder)")
        return _model(model)
    raise GovreportError(f"--suggest must be rules, model or none, not {kind!r}")

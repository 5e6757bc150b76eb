"""Between our gold JSONL and doccano's relation JSONL (import lines and export lines).

Offsets are Python character indices on both sides, so spans are copied as
they are. Two doccano traps shape the upload line: every line must have the
same keys (a differing key set fails the whole import), and every key other
than text/entities/relations becomes example metadata, which the export then
spreads into the top level of its lines, next to `id` and `text`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, List, Optional

from ..annotation.schema import sentence_number

# Metadata every uploaded example carries, always all of them (same key set on every line).
UPLOAD_META_KEYS = ("sentence_id", "doc", "index", "suggested_by")
EXPORT_RESERVED = {"id", "text", "entities", "relations", "Comments", "comments"}


def upload_line(sentence: dict, suggestion: Dict[str, list], suggested_by: str) -> dict:
    """One doccano import line: the sentence text, the suggested spans/relations, the fixed meta keys."""
    return {
        "text": sentence["text"],
        "entities": [
            {"id": e["id"], "start_offset": e["start_offset"], "end_offset": e["end_offset"], "label": e["label"]}
            for e in suggestion.get("entities", [])
        ],
        "relations": [
            {"id": r["id"], "from_id": r["from_id"], "to_id": r["to_id"], "type": r["type"]}
            for r in suggestion.get("relations", [])
        ],
        "sentence_id": sentence["id"],
        "doc": sentence["doc"],
        "index": sentence["index"],
        "suggested_by": suggested_by,
    }


def suggestion_row(sentence: dict, suggestion: Dict[str, list]) -> dict:
    """A gold-format row of a suggestion, so the spec validator can check it before upload."""
    return {
        "id": sentence_number(sentence["id"]),
        "text": sentence["text"],
        "doc": sentence["doc"],
        "entities": suggestion.get("entities", []),
        "relations": suggestion.get("relations", []),
        "meta": {"sentence_id": sentence["id"], "review_state": "pre-annotated"},
    }


def renumber(entities: List[dict], relations: List[dict]) -> tuple:
    """Entities sorted by offset with ids 1..n, relations remapped and numbered 1..m (doccano ids are DB ids)."""
    order = sorted(entities, key=lambda e: (e["start_offset"], e["end_offset"]))
    new_id = {e["id"]: i + 1 for i, e in enumerate(order)}
    ents = [
        {"id": new_id[e["id"]], "start_offset": e["start_offset"], "end_offset": e["end_offset"], "label": e["label"]}
        for e in order
    ]
    rels = []
    for r in sorted(relations, key=lambda r: (new_id.get(r["from_id"], 0), new_id.get(r["to_id"], 0), r["type"])):
        rels.append(
            {"id": len(rels) + 1, "from_id": new_id.get(r["from_id"], -1), "to_id": new_id.get(r["to_id"], -1), "type": r["type"]}
        )
    return ents, rels


def export_to_gold(line: dict, annotator: str = "doccano") -> dict:
    """A doccano export line (relation JSONL) → a gold row marked reviewed (an annotator confirmed it)."""
    sid = line.get("sentence_id")
    if not sid:
        raise ValueError(f"doccano example {line.get('id')} has no sentence_id in its metadata (not pushed by govreport?)")
    ents, rels = renumber(line.get("entities") or [], line.get("relations") or [])
    return {
        "id": sentence_number(sid),
        "text": line["text"],
        "doc": sid.split("-")[0],
        "entities": ents,
        "relations": rels,
        "meta": {"sentence_id": sid, "review_state": "reviewed", "annotator": annotator, "doccano_example_id": line.get("id")},
    }


def content_hash(row: Optional[dict]) -> Optional[str]:
    """Hash of what an annotation says (text, spans, relations by span), independent of id numbering and meta."""
    if row is None:
        return None
    ents = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in row.get("entities") or []}
    rels = sorted((ents.get(r["from_id"], ()), ents.get(r["to_id"], ()), r["type"]) for r in row.get("relations") or [])
    payload = {"text": row.get("text"), "entities": sorted(ents.values()), "relations": rels}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]

"""Inline markup for hand annotation, converted to doccano JSONL with offsets.

Annotators write a sentence with its spans bracketed, which is easy to read
and review line by line, and let the computer count characters:

    000-0002<TAB>预计全年⟦地区生产总值|I⟧完成⟦XX亿元|V⟧、同比增长⟦3%|P⟧<TAB>2>1 3>1

Labels: I = INDICATOR, V = VALUE, P = PERCENT, L = PLACE. Relations are
``from>to`` with entities numbered 1, 2, … in order of appearance; the type
follows from the labels (VALUE→value_of, PERCENT→change_of). Removing the
markup must give back the sentence text exactly, which is checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

from ..errors import ReportInputError
from .schema import sentence_number

SHORT = {"I": "INDICATOR", "V": "VALUE", "P": "PERCENT", "L": "PLACE"}
LONG = {v: k for k, v in SHORT.items()}
SPAN = re.compile(r"⟦([^⟦⟧|]+)\|([IVPL])⟧")
RELATION = re.compile(r"^(\d+)>(\d+)$")


def parse_markup(marked: str) -> Tuple[str, List[dict]]:
    """Return (plain text, entities with offsets) of one marked sentence."""
    entities: List[dict] = []
    plain: List[str] = []
    pos = 0
    last = 0
    for m in SPAN.finditer(marked):
        plain.append(marked[last : m.start()])
        pos += m.start() - last
        text = m.group(1)
        entities.append({"id": len(entities) + 1, "start_offset": pos, "end_offset": pos + len(text), "label": SHORT[m.group(2)]})
        plain.append(text)
        pos += len(text)
        last = m.end()
    plain.append(marked[last:])
    text = "".join(plain)
    if "⟦" in text or "⟧" in text:
        raise ValueError("unbalanced or malformed ⟦…|L⟧ markup")
    return text, entities


def parse_relations(field: str, entities: List[dict]) -> List[dict]:
    relations = []
    for token in field.split():
        m = RELATION.match(token)
        if not m:
            raise ValueError(f"relation {token!r} is not of the form from>to")
        a, b = int(m.group(1)), int(m.group(2))
        if not (1 <= a <= len(entities) and 1 <= b <= len(entities)):
            raise ValueError(f"relation {token!r} names an entity that does not exist")
        kind = "value_of" if entities[a - 1]["label"] == "VALUE" else "change_of"
        relations.append({"id": len(relations) + 1, "from_id": a, "to_id": b, "type": kind})
    return relations


def to_markup(text: str, entities: List[dict], relations: List[dict]) -> str:
    """Inverse of parse: a gold line back to markup (for review and second passes)."""
    order = sorted(entities, key=lambda e: e["start_offset"])
    number = {e["id"]: i + 1 for i, e in enumerate(order)}
    out, last = [], 0
    for e in order:
        out.append(text[last : e["start_offset"]])
        out.append(f"⟦{text[e['start_offset']:e['end_offset']]}|{LONG[e['label']]}⟧")
        last = e["end_offset"]
    out.append(text[last:])
    rels = " ".join(f"{number[r['from_id']]}>{number[r['to_id']]}" for r in relations)
    return "".join(out) + ("\t" + rels if rels else "")


def read_markup_file(path: Path, sentences: Dict[str, dict], annotator: str, review_state: str = "reviewed") -> List[dict]:
    """Convert a markup file to gold JSONL rows; errors name file and line."""
    rows = []
    path = Path(path)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (2, 3):
            raise ReportInputError(path, "expected sentence_id<TAB>marked text[<TAB>relations]", line=lineno)
        sid, marked = parts[0].strip(), parts[1]
        if sid not in sentences:
            raise ReportInputError(path, f"unknown sentence id {sid!r}", line=lineno)
        try:
            text, entities = parse_markup(marked)
            relations = parse_relations(parts[2] if len(parts) == 3 else "", entities)
        except ValueError as err:
            raise ReportInputError(path, f"{sid}: {err}", line=lineno) from None
        if text != sentences[sid]["text"]:
            raise ReportInputError(path, f"{sid}: text differs from the sentence once markup is removed", line=lineno)
        rows.append(
            {
                "id": sentence_number(sid),
                "text": text,
                "doc": sentences[sid]["doc"],
                "entities": entities,
                "relations": relations,
                "meta": {"sentence_id": sid, "review_state": review_state, "annotator": annotator},
            }
        )
    return rows

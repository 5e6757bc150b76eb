"""Gold JSONL lines (doccano format) as span and relation tuples, and as simple sentence records.

``row_spans`` and ``row_relations`` are the project's one converter from a
row dict ({"entities": [{id, start_offset, end_offset, label}], "relations":
[{from_id, to_id, type}]}) to ``Span`` and ``Relation`` tuples; gold lines,
rule output, doccano lines and agreement passes all go through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from ..io import read_jsonl
from .schema import Relation, Span


def row_spans(row: dict) -> List[Span]:
    """The entity spans of a row, sorted."""
    return sorted((e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"])


def row_relations(row: dict) -> List[Relation]:
    """The relations of a row as (from span, to span, type), sorted."""
    by_id: Dict[int, Span] = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]}
    return sorted((by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in row.get("relations") or [])


@dataclass(frozen=True)
class GoldSentence:
    sentence_id: str
    doc: str
    text: str
    spans: Tuple[Span, ...]
    relations: Tuple[Relation, ...]  # (from span, to span, type)
    review_state: str


def load_gold(folder: Path, reviewed_only: bool = True) -> List[GoldSentence]:
    """All gold lines of ``folder/*.jsonl``; unreviewed lines are never training data."""
    out: List[GoldSentence] = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for row in read_jsonl(path):
            meta = row.get("meta") or {}
            if reviewed_only and meta.get("review_state") != "reviewed":
                continue
            out.append(
                GoldSentence(meta["sentence_id"], row["doc"], row["text"], tuple(row_spans(row)), tuple(row_relations(row)), meta.get("review_state", ""))
            )
    return out


def by_doc(sentences: Iterable[GoldSentence]) -> Dict[str, List[GoldSentence]]:
    out: Dict[str, List[GoldSentence]] = {}
    for s in sentences:
        out.setdefault(s.doc, []).append(s)
    return out

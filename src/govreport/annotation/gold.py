"""Loading gold JSONL lines (doccano format) as simple span records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from ..io import read_jsonl

Span = Tuple[int, int, str]


@dataclass(frozen=True)
class GoldSentence:
    sentence_id: str
    doc: str
    text: str
    spans: Tuple[Span, ...]
    relations: Tuple[Tuple[Span, Span, str], ...]  # (from span, to span, type)
    review_state: str


def load_gold(folder: Path, reviewed_only: bool = True) -> List[GoldSentence]:
    """All gold lines of ``folder/*.jsonl``; unreviewed lines are never training data."""
    out: List[GoldSentence] = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for row in read_jsonl(path):
            meta = row.get("meta") or {}
            if reviewed_only and meta.get("review_state") != "reviewed":
                continue
            by_id: Dict[int, Span] = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]}
            relations = tuple((by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in row.get("relations") or [])
            out.append(
                GoldSentence(meta["sentence_id"], row["doc"], row["text"], tuple(sorted(by_id.values())), relations, meta.get("review_state", ""))
            )
    return out


def by_doc(sentences: Iterable[GoldSentence]) -> Dict[str, List[GoldSentence]]:
    out: Dict[str, List[GoldSentence]] = {}
    for s in sentences:
        out.setdefault(s.doc, []).append(s)
    return out

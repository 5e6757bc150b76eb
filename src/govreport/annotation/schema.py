"""The labelling standard's fixed vocabulary (../shared/annotation-spec.md)."""

from __future__ import annotations

from typing import Tuple

# The project's span and relation tuples, in character offsets of one sentence:
# (start, end, label) and (from span, to span, type), as in the gold JSONL.
Span = Tuple[int, int, str]
Relation = Tuple[Span, Span, str]

LABELS = ("INDICATOR", "VALUE", "PERCENT", "PLACE")
RELATION_TYPES = {"value_of": ("VALUE", "INDICATOR"), "change_of": ("PERCENT", "INDICATOR")}
REVIEW_STATES = ("unreviewed", "pre-annotated", "reviewed")

# Characters a span may not start or end with: white space and punctuation.
PUNCTUATION = set(" \t\n\u3000,，.。、;；:：!！?？\"'“”‘’()（）[]【】《》<>〈〉「」『』-—–…·•/\\|~～")


def sentence_number(sentence_id: str) -> int:
    """Stable integer id of a sentence id like '003-0042' (doc*10000 + index)."""
    doc, index = sentence_id.split("-")
    return int(doc) * 10000 + int(index)

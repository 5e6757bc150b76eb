"""Real seed sentences in the project's inline markup, turned into spans and relations."""

from __future__ import annotations

from typing import List, Tuple

from govreport.annotation.gold import row_relations, row_spans
from govreport.annotation.markup import parse_markup, parse_relations
from govreport.annotation.schema import Relation, Span


def marked(line: str) -> Tuple[str, List[Span], List[Relation]]:
    """``'⟦地区生产总值|I⟧⟦113.6亿元|V⟧\t2>1'`` → (text, spans, relations) in the gold tuple format."""
    markup, _, rels = line.partition("\t")
    text, entities = parse_markup(markup)
    row = {"entities": entities, "relations": parse_relations(rels, entities)}
    return text, row_spans(row), row_relations(row)


def readable(text: str, relations) -> List[Tuple[str, str, str]]:
    """Relations as (from text, to text, type), for exact expected results a reader can check."""
    return sorted((text[f[0]:f[1]], text[t[0]:t[1]], typ) for f, t, typ in relations)

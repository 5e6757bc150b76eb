"""Longest-match lookup of several lexicons over a text, in one pass.

For every kind separately the scan is greedy left to right with the longest
name first, so two kinds may overlap (朝阳 as DIV inside 朝阳银行 as NT) while
one kind never does. A set of every name's prefixes stops the scan at a
position as soon as no name can continue, so most characters cost one lookup
instead of one per possible length; and only positions where a name can
start are scanned at all (``rules.prefixes.PrefixIndex``, shared with the
place matcher).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, Tuple

from ..rules.prefixes import PrefixIndex

Mark = Tuple[int, int, str]  # (start, end, kind)
MAX_NAME = 16  # longer names are left out: they cost a lookup at every character


class LexiconMatcher:
    def __init__(self, lexicons: Mapping[str, Iterable[str]]):
        self.kinds: Dict[str, Tuple[str, ...]] = {}
        table: Dict[str, set] = {}
        for kind, names in lexicons.items():
            for name in names:
                if 1 <= len(name) <= MAX_NAME:
                    table.setdefault(name, set()).add(kind)
        self.kinds = {name: tuple(sorted(kinds)) for name, kinds in table.items()}
        self.longest = max((len(n) for n in self.kinds), default=0)
        self.index = PrefixIndex(self.kinds)
        self.prefixes = self.index.prefixes

    def __call__(self, text: str) -> List[Mark]:
        marks: List[Mark] = []
        free_from: Dict[str, int] = {}
        for start in self.index.starts(text):
            hits = []  # (length, kinds), shortest first
            for length in range(1, min(self.longest, len(text) - start) + 1):
                piece = text[start : start + length]
                if piece not in self.prefixes:
                    break
                kinds = self.kinds.get(piece)
                if kinds:
                    hits.append((length, kinds))
            for length, kinds in reversed(hits):  # longest first, as every kind takes its longest name
                for kind in kinds:
                    if free_from.get(kind, 0) <= start:
                        marks.append((start, start + length, kind))
                        free_from[kind] = start + length
        return marks

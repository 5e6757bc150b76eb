"""Longest-match lookup of several lexicons over a text, in one pass.

For every kind separately the scan is greedy left to right with the longest
name first, so two kinds may overlap (朝阳 as DIV inside 朝阳银行 as NT) while
one kind never does. A set of every name's prefixes stops the scan at a
position as soon as no name can continue, so most characters cost one lookup
instead of one per possible length; and only positions whose first two
characters begin a name (or whose character is a one-character name) are
scanned at all, picked in one comprehension: about one position in seven in
report text.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, Tuple

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
        self.prefixes = {name[:n] for name in self.kinds for n in range(1, len(name) + 1)}
        self.two = {prefix for prefix in self.prefixes if len(prefix) == 2}
        self.singles = {name for name in self.kinds if len(name) == 1}

    def __call__(self, text: str) -> List[Mark]:
        marks: List[Mark] = []
        free_from: Dict[str, int] = {}
        two, singles = self.two, self.singles
        for start in [i for i, ch in enumerate(text) if ch in singles or text[i : i + 2] in two]:
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

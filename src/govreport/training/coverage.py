"""How many gold spans a spancat n-gram suggester of a given size can reach.

spaCy's ``debug data`` does not compare span lengths with the suggester; a
span longer than the largest n-gram is silently impossible, so we measure.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable


def coverage(lengths: Counter, max_size: int, min_size: int = 1) -> float:
    total = sum(lengths.values())
    return sum(n for length, n in lengths.items() if min_size <= length <= max_size) / total if total else 1.0


def smallest_max_size(lengths: Counter, target: float = 0.99) -> int:
    for size in range(1, max(lengths, default=1) + 1):
        if coverage(lengths, size) >= target:
            return size
    return max(lengths, default=1)


def coverage_table(lengths: Counter, sizes: Iterable[int]) -> Dict[int, float]:
    return {size: round(coverage(lengths, size), 4) for size in sizes}

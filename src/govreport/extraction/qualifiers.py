"""Qualifiers around a number: 约/近/超过/不低于 … before it, 以上/以内/左右 … after it.

The annotation spec keeps qualifiers outside VALUE and PERCENT spans, so the
span text alone cannot say that 增长5.5%左右 is approximate or that 88%以上
is a lower bound. We read the few characters next to the span instead. A
bound is "min" (the figure is a floor: 以上, 超过, 不低于) or "max" (a ceiling:
以内, 以下, 不超过, 控制在…以内); ``approx`` marks 约, 近, 左右.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, Optional, Tuple

# (text, bound, approx); longest first so 不超过 wins over 超过.
BEFORE: Tuple[Tuple[str, Optional[str], bool], ...] = (
    ("不低于", "min", False), ("不少于", "min", False), ("不超过", "max", False), ("不高于", "max", False),
    ("不到", "max", False), ("将近", "max", True), ("接近", "max", True), ("大约", None, True),
    ("超过", "min", False), ("突破", "min", False), ("高于", "min", False), ("低于", "max", False),
    ("约", None, True), ("近", "max", True), ("超", "min", False), ("逾", "min", False),
)
AFTER: Tuple[Tuple[str, Optional[str], bool], ...] = (
    ("以上", "min", False), ("以内", "max", False), ("以下", "max", False), ("之内", "max", False),
    ("左右", None, True), ("上下", None, True), ("多", None, True),
)


@dataclass
class Qualifier:
    text: str
    bound: Optional[str]
    approx: bool
    applies_to: str = ""  # "value" or "change", filled in by the record builder

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def read_qualifiers(text: str, start: int, end: int, limit: int = 0) -> list:
    """Qualifiers immediately before ``text[start:end]`` and immediately after it.

    ``limit`` stops the look-back at an earlier span (a qualifier never belongs
    to the number before it). 约 must touch the number, except for the clause
    verbs the spec excludes from spans (约达, 超过了 are rare; we do not chase them).
    """
    found = []
    before = text[max(limit, start - 4) : start]
    for word, bound, approx in BEFORE:
        if before.endswith(word):
            found.append(Qualifier(word, bound, approx))
            break
    after = text[end : end + 3]
    for word, bound, approx in AFTER:
        if after.startswith(word):
            found.append(Qualifier(word, bound, approx))
            break
    return found

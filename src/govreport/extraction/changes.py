"""Normalise a PERCENT span and the words before it into a change.

下降8.4% and 增长8.4% have the same span text; only the verb in front says
which way the quantity moved. We read the text between the indicator (or the
clause start) and the span: growth and decline verbs give ``direction`` +1 or
-1 and ``kind`` "growth"; 个百分点 gives "points"; 倍 gives "multiple" (and
``percent`` holds the multiple, 2倍 → 2); a rate stated with no verb
(优良天数比例88%, 占比80%) is a "share" with direction 0.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Optional

from .values import _plain, cn_number

UP = ("增长", "增加", "提高", "提升", "上升", "上涨", "增速", "增幅", "涨幅", "扩大", "拉动", "增")
DOWN = ("下降", "降低", "减少", "下滑", "回落", "压减", "缩减", "降幅", "减", "降")
NUMBER = re.compile(r"[-−–]?\d+(?:\.\d+)?")
RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*%?\s*(?:-|—|–|~|～|至|到)\s*(\d+(?:\.\d+)?)")


@dataclass
class Change:
    text: str
    percent: Optional[float]
    direction: int
    kind: str  # growth | share | points | multiple
    approx: bool = False
    bound: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def _percent_number(text: str) -> Optional[Decimal]:
    """12.7% → 12.7; 5%-6% → 5 (the lower end); 百分之五 → 5; 3‰ → 0.3."""
    t = text.replace(" ", "")
    if t.startswith("百分之"):
        return cn_number(t[3:])
    m = RANGE.search(t) or NUMBER.search(t)
    if not m:
        return cn_number(re.sub(r"(个)?百分点|倍|%|％|‰", "", t))
    try:
        value = Decimal(m.group(1) if m.re is RANGE else m.group(0).replace("−", "-").replace("–", "-"))
    except InvalidOperation:
        return None
    if "‰" in t:
        value = value / 10
    return value


def _direction(prefix: str) -> int:
    """The last growth or decline word before the number wins (同比下降, 由增长转为下降)."""
    best, direction = -1, 0
    for words, sign in ((UP, 1), (DOWN, -1)):
        for w in words:
            pos = prefix.rfind(w)
            if pos > best or (pos == best and pos >= 0 and len(w) > 1):
                best, direction = pos, sign
    return direction


def parse_change(text: str, prefix: str = "", indicator: str = "") -> Change:
    """``prefix``: the text between the governing indicator (or clause start) and the span."""
    value = _percent_number(text)
    direction = _direction(prefix)
    if "百分点" in text:
        kind = "points"
    elif "倍" in text:
        kind = "multiple"
    elif direction != 0:
        kind = "growth"
    else:
        kind = "share"
    if value is not None and value < 0 and kind in ("growth", "points"):
        direction = -1  # 增长-3% is a decline; ``percent`` keeps the sign as written
    return Change(text, _plain(value), direction, kind)

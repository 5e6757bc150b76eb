"""Attach VALUE and PERCENT spans to the INDICATOR they measure, clause by clause.

Work reports pack many indicators into one sentence, separated by commas and
semicolons, so the clause (not the sentence) is the unit of attachment. Inside
a clause a number measures the nearest indicator before it, except where the
genre puts the count first (``44个项目``, ``89%的政务服务事项``). The rules are
the annotation spec's relation rules (/work/shared/annotation-spec.md):

- clause-level attachment to the nearest governing indicator;
- ``分别`` lists are distributed in order over the indicators they follow;
- an indicator followed by both a value and a rate gets both;
- a PERCENT that is the value of a ratio indicator (优良天数比例88%) is change_of;
- a clause with no indicator: a rate continues the previous clause's indicator
  (``地区生产总值113.6亿元,增长5%``), and so does a change in absolute terms
  (``农民人均纯收入7765元,比2006年增长3230元``); a bare count stays unlinked
  (``其余8个全部完工``);
- an indicator takes a second value only when it is the same quantity again:
  a change (``较年初增加10.5亿元``), a new level (``由4.9平方公里调整为12平方公里``)
  or another unit (``新改建道路12条、17.2公里``); coordinated indicators sharing a rate with no number
  produce nothing because there is no span to link.

Input and output are plain tuples so the linker can be scored against gold
relations without spaCy: spans are ``(start, end, label)`` and relations are
``(from_span, to_span, type)`` exactly like ``govreport.annotation.gold``.

This is the project's one linker, below the rules and the extraction layer:
the rule pre-annotator links its spans with it and the indicator extractor
links the model's spans with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Dict, List, Optional, Sequence, Tuple

from .annotation.schema import Relation, Span

RELATION_OF = {"VALUE": "value_of", "PERCENT": "change_of"}
# Clause boundaries. 、 is not one: it joins a value and its rate
# (完成XX亿元、同比增长3%) as often as it joins two indicators.
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
# What may stand between a count and the noun it counts (44个项目, 89%的政务服务事项,
# 10个“5G工厂”, 90%以上的高频便民服务事项).
FORWARD_GAP = re.compile(r"^(?:以上)?的?[“\"‘「『]?$")
RESPECTIVELY = "分别"
# Coordinated indicators sharing one figure: 办复率、满意率均达100%, 以百分之百办结率和满意率.
COORDINATOR = re.compile(r"^(?:、|和|与|及|以及|、以及)$")
SHARED = re.compile(r"均|都|全部")
# A value after a change verb measures the same indicator as the one before it.
# 达到 is not one: 新增市场主体7113户、达到47050户 is a total, not the new ones.
CHANGE = r"(?:增长|增加|减少|提高|下降|降低|扩大|调整|拓展)"
# What may stand between two values of one indicator (比2006年增长6116元, 12条、17.2公里).
SAME_QUANTITY = re.compile(rf"^(?:|、|[^，,；;]*?{CHANGE}(?:到|至|为)?)$")
# A clause that opens with a change: its value continues the previous clause's indicator.
CHANGE_AMOUNT = re.compile(rf"{CHANGE}$")


def clauses(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each clause of a sentence."""
    out, start = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def clause_index(pos: int, bounds: Sequence[Tuple[int, int]]) -> int:
    """Index of the clause of ``bounds`` that holds character ``pos``."""
    return _clause_of(pos, bounds)


def _clause_of(pos: int, bounds: Sequence[Tuple[int, int]]) -> int:
    """Index of the clause holding ``pos`` (binary search: a megabyte line has many clauses)."""
    lo, hi = 0, len(bounds)
    while lo < hi:
        mid = (lo + hi) // 2
        if bounds[mid][0] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


def link(text: str, spans: Sequence[Span]) -> List[Relation]:
    """Relations for one sentence, in the gold format."""
    spans = sorted(set(s for s in spans if s[2] in ("INDICATOR", "VALUE", "PERCENT")))
    if not spans:
        return []
    bounds = clauses(text)
    clause_of: Dict[Span, int] = {s: _clause_of(s[0], bounds) for s in spans}
    indicators = [s for s in spans if s[2] == "INDICATOR"]
    numbers = [s for s in spans if s[2] in RELATION_OF]
    links: Dict[Span, Span] = {}

    _respective_lists(text, bounds, spans, clause_of, links)

    # Counts standing before the noun they count.
    for num in numbers:
        if num in links:
            continue
        nxt = _next_span(spans, num)
        if nxt and nxt[2] == "INDICATOR" and clause_of[nxt] == clause_of[num]:
            if FORWARD_GAP.match(text[num[1] : nxt[0]]):
                links[num] = nxt

    last_value = {links[n]: n for n in links if n[2] == "VALUE"}  # indicator → its latest value
    forward_targets = {links[n] for n in links if links[n][0] > n[0]}
    last_indicator_of_clause: Dict[int, Span] = {}
    indicators_of_clause: Dict[int, List[Span]] = {}
    for ind in indicators:
        last_indicator_of_clause[clause_of[ind]] = ind
        indicators_of_clause.setdefault(clause_of[ind], []).append(ind)

    for num in numbers:
        if num in links:
            continue
        c = clause_of[num]
        before = [i for i in indicators_of_clause.get(c, ()) if i[1] <= num[0]]
        target: Optional[Span] = before[-1] if before else None
        if target is not None and target in forward_targets and num[2] == "VALUE":
            target = None  # 36个优质项目签约落地: the count before it already took the noun
        if target is None and c not in indicators_of_clause and (
                num[2] == "PERCENT" or CHANGE_AMOUNT.search(text[bounds[c][0] : num[0]])):
            target = _previous_clause_indicator(c, last_indicator_of_clause)
        if target is None:
            continue
        if num[2] == "VALUE" and target in last_value:
            if not SAME_QUANTITY.match(text[max(last_value[target][1], bounds[c][0]) : num[0]]):
                continue  # 签约项目75个、落地38个: a second bare count is not the same quantity
        links[num] = target
        if num[2] == "VALUE":
            last_value[target] = num
    relations = {(num, ind, RELATION_OF[num[2]]) for num, ind in links.items()}
    relations |= _shared_figures(text, spans, links)
    return sorted(relations)


def _coordinated(text: str, spans: Sequence[Span], ind: Span, step: int) -> List[Span]:
    """Indicators joined to ``ind`` by 、/和/与/及, walking back (step -1) or forward (+1)."""
    out, i = [], bisect_right(spans, ind) - 1  # spans are sorted and unique
    while 0 <= i + step < len(spans):
        other = spans[i + step]
        gap = text[other[1] : spans[i][0]] if step < 0 else text[spans[i][1] : other[0]]
        if other[2] != "INDICATOR" or not COORDINATOR.match(gap):
            break
        out.append(other)
        i += step
    return out


def _shared_figures(text: str, spans: Sequence[Span], links: Dict[Span, Span]) -> set:
    """A figure after 均/都 (A、B均达100%) or before coordinated nouns (百分之百办结率和满意率) is each one's."""
    extra = set()
    for num, ind in links.items():
        if ind[1] <= num[0] and SHARED.search(text[ind[1] : num[0]]):
            others = _coordinated(text, spans, ind, -1)
        elif num[1] <= ind[0] and num[2] == "PERCENT":
            others = _coordinated(text, spans, ind, +1)
        else:
            continue
        extra |= {(num, other, RELATION_OF[num[2]]) for other in others}
    return extra


def _next_span(spans: Sequence[Span], span: Span) -> Optional[Span]:
    i = bisect_right(spans, span)  # spans are sorted and unique
    return spans[i] if i < len(spans) else None


def _previous_clause_indicator(clause: int, last_of: Dict[int, Span]) -> Optional[Span]:
    """The last indicator of the nearest earlier clause of the same sentence that has one."""
    for c in range(clause - 1, -1, -1):
        if c in last_of:
            return last_of[c]
    return None


def _respective_lists(text: str, bounds, spans: Sequence[Span], clause_of: Dict[Span, int], links: Dict[Span, Span]) -> None:
    """分别: numbers after it go, in order, to the coordinated indicators before it.

    The indicators are those of the same clause before 分别 or, when the clause
    has none (…2.2亿吨、集装箱运量533万标准箱,分别增长6.3%、6.7%), those of the
    previous clause. One indicator with several numbers (城乡居民收入分别增长5%、8.5%)
    takes them all.
    """
    by_clause: Dict[int, List[Span]] = {}
    for s in spans:
        by_clause.setdefault(clause_of[s], []).append(s)
    for m in re.finditer(RESPECTIVELY, text):
        c = _clause_of(m.start(), bounds)
        here = by_clause.get(c, [])
        inds = [s for s in here if s[2] == "INDICATOR" and s[1] <= m.start()]
        if not inds and c > 0:
            inds = [s for s in by_clause.get(c - 1, []) if s[2] == "INDICATOR"]
        if not inds:
            continue
        for label in RELATION_OF:
            nums = [s for s in here if s[2] == label and s[0] >= m.end()]
            if not nums:
                continue
            if len(inds) == 1:
                pairs = [(n, inds[0]) for n in nums]
            elif len(nums) == len(inds):
                pairs = list(zip(nums, inds))
            else:
                continue
            for num, ind in pairs:
                links.setdefault(num, ind)

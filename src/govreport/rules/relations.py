"""Relations of the rule baseline: each VALUE/PERCENT → the INDICATOR governing it in its clause.

Clauses split at ，,；;。！？: always and at 、 only where a new INDICATOR
starts after it (so 地区生产总值完成XX亿元、同比增长3% stays one clause and
新增高标准农田3.5万亩、设施农业4396亩 becomes two). Inside a clause a number
measures the nearest indicator before it, or the noun right after it when the
count comes first (44个项目). A PERCENT in a clause with no indicator that
opens with a change word (增长, 同比, 下降 …) continues the previous
clause's indicator (地区生产总值113.6亿元,增长5%). 分别 lists are distributed
in order when the counts agree. Everything else stays unlinked.
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

Span = Tuple[int, int, str]
Relation = Tuple[Span, Span, str]

RELATION_OF = {"VALUE": "value_of", "PERCENT": "change_of"}
HARD_BREAK = re.compile(r"[，,；;。！？!?：:]")
CHANGE_OPENER = re.compile(r"^\s*(?:同比|比上年|较上年|年均)?(?:增长|下降|提高|降低|增加|减少|上涨|回落|增速|增幅|拉动)")
FORWARD_GAP = re.compile(r"^(?:以上)?的?[“\"‘]?$")


def clause_ids(text: str, spans: Sequence[Span]) -> List[int]:
    """Clause number of every character."""
    indicator_starts = {s for s, _, label in spans if label == "INDICATOR"}
    ids, current = [], 0
    for i, ch in enumerate(text):
        ids.append(current)
        if HARD_BREAK.match(ch) or (ch == "、" and i + 1 in indicator_starts):
            current += 1
    return ids


def link(text: str, spans: Sequence[Span]) -> List[Relation]:
    spans = sorted(spans)
    indicators = [s for s in spans if s[2] == "INDICATOR"]
    numbers = [s for s in spans if s[2] in RELATION_OF]
    if not indicators or not numbers:
        return []
    cid = clause_ids(text, spans)
    hard = [0]
    for i, ch in enumerate(text):
        hard.append(hard[-1] + (1 if HARD_BREAK.match(ch) else 0))
    linked: Dict[Span, Span] = {}

    # 分别 lists: 接待游客人数、旅游总收入分别增长196%、117%.
    for m in re.finditer("分别", text):
        h = hard[m.start()]
        inds = [s for s in indicators if s[1] <= m.start() and hard[s[0]] == h]
        nums = [s for s in numbers if s[0] >= m.end() and hard[s[0]] == h]
        if len(inds) > 1 and len(inds) == len(nums):
            linked.update(zip(nums, inds))

    previous_target = None
    for num in numbers:
        if num in linked:
            previous_target = linked[num]
            continue
        c = cid[num[0]]
        before = [s for s in indicators if s[1] <= num[0] and cid[s[0]] == c]
        after = [s for s in indicators if s[0] >= num[1] and cid[s[0]] == c and FORWARD_GAP.match(text[num[1] : s[0]])]
        target = None
        if before and not (after and text[before[-1][1] : num[0]].endswith("等")):
            target = before[-1]
        elif after:
            target = after[0]
        elif num[2] == "PERCENT" and previous_target is not None:
            clause_start = max((i + 1 for i in range(num[0]) if HARD_BREAK.match(text[i])), default=0)
            if CHANGE_OPENER.match(text[clause_start : num[0]]):
                target = previous_target
        if target is not None:
            linked[num] = target
            previous_target = target
    return sorted((num, ind, RELATION_OF[num[2]]) for num, ind in linked.items())

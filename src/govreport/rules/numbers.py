"""VALUE and PERCENT spans found by regular expressions (annotation spec, VALUE/PERCENT).

A VALUE is number + magnitude + 余/多 + unit (113.6亿元, 5万余人次, 2000余万元,
XX亿元), a ratio (12.6:41.2:46.2) or a range (1—2家, 2到3个: one span, as the
gold has it); a PERCENT is a number with %/％/‰,
(个)百分点, a written percentage (百分之五) or 倍, a range being one span
(5%-6%, 5%至6%). Qualifiers (约, 超过, 以上, 左右 …) are never matched, so they
stay outside the span by construction.

What looks like a number but is not a value is filtered here: years and
dates (no 年/月/日 unit exists), ordinals (第三), numbers glued to Latin
letters (PM2.5, 5G), numbers inside quotes or book titles (“1+8+49”,
“232”现代制造业体系, 《…》), sums like 1+8+49, grades (百亿级),
numbered policy titles (稳经济28条: N条 next to 出台/政策/措施), and sums of money that
name a size class (10亿元以上项目, 过亿元企业).
Chinese numerals are only read with a measuring unit (三千万元, 五公里):
with a classifier (三项制度, 两个统筹, 一批) they are almost always slogans.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from ..annotation.schema import Span
from .lexicon import read_lexicon

CN = "零〇一二两三四五六七八九十百千万亿"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC}|[XxＸｘ]{{2,4}})"
MAG = r"(?:万亿|亿|万|千)"
APPROX = r"[余多]"
# Units a Chinese-numeral quantity may take: measures, not classifiers.
MEASURES = ("元", "美元", "公里", "千米", "米", "平方米", "平方公里", "亩", "公顷", "吨", "千瓦", "兆瓦", "千瓦时", "立方米", "斤", "公斤", "标准箱")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


UNIT = _alternation(read_lexicon("units.txt"))
PERCENT_SIGN = r"(?:%|％|‰|个百分点|百分点)"
PCT_NUMBER = rf"-?{ARABIC}"
PERCENT_RE = re.compile(
    rf"{PCT_NUMBER}\s*(?:{PERCENT_SIGN}\s*)?(?:-|—|–|~|～|至|到)\s*{PCT_NUMBER}\s*{PERCENT_SIGN}"
    rf"|{PCT_NUMBER}\s?{PERCENT_SIGN}"
    rf"|{ARABIC}倍"
    rf"|百分之[{CN}点]+"
)
RANGE_DASH = r"(?:—{1,2}|-{1,2}|–|~|～|至|到)"
VALUE_RE = re.compile(
    rf"{ARABIC}(?:[:：]{ARABIC})+"  # ratio
    rf"|{NUMBER}(?:{APPROX}?{MAG})?\s*{RANGE_DASH}\s*{NUMBER}(?:{APPROX}?{MAG})?{APPROX}?(?:{UNIT})"  # range: 1—2家, 2到3个
    rf"|{NUMBER}(?:{APPROX}?{MAG})?{APPROX}?(?:{UNIT})"
    rf"|[{CN}]+{APPROX}?(?:{_alternation(MEASURES)})"
)
QUOTED = re.compile(r"“[^”]{0,30}”|\"[^\"]{0,30}\"|《[^》]*》|「[^」]{0,30}」|‘[^’]{0,30}’")
# Policy titles numbered by articles: 稳经济28条, “国家24条”, 巩固增势20条.
POLICY_CONTEXT = re.compile(r"出台|印发|制定|政策|措施|举措|意见")
CLAUSE = re.compile(r"[，,；;。！？!?：:]")
CLAUSE_OR_LIST = re.compile(r"[，,；;。！？!?：:、）)\s]")
# A unit glued to the next character may be the start of another word.
BAD_CONTINUATION = {"人": "民才员口工", "条": "例件", "家": "庭乡园", "户": "籍口", "方": "面式案向法", "名": "单录称", "个": "人体性", "场": "所景地", "张": "家"}


def _clause_bounds(text: str, pos: int) -> Tuple[int, int]:
    start = max((m.end() for m in CLAUSE.finditer(text, 0, pos)), default=0)
    m = CLAUSE.search(text, pos)
    return start, (m.start() if m else len(text))


def _names_a_size_class(text: str, start: int, end: int) -> bool:
    """A sum of money that qualifies the noun after it (10亿元以上项目, 过亿元企业, 纳税超千万元企业) is a threshold
    that defines a set, part of the set's name and not a VALUE (docs/annotation-guidelines.md, D3). Sums
    only: a count with 以上 before its noun (力争10家以上企业入驻) is a VALUE. In the 38 reports' gold, 89 of
    the 90 sums this matches are not VALUEs (docs/experiments.md, round 18)."""
    if not text.endswith("元", start, end):
        return False
    after = text[end:]
    qualifier = re.match(r"以上|以下", after)
    if qualifier:
        following = after[qualifier.end() : qualifier.end() + 1]
        return bool(following) and not CLAUSE_OR_LIST.match(following)
    before = text[start - 1] if start > 0 else ""
    following = after[:1]
    return before in ("超", "过") and bool(following) and following != "以" and not CLAUSE_OR_LIST.match(following)


def _is_excluded(text: str, start: int, end: int, quoted: List[Tuple[int, int]]) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if any(qs <= start and end <= qe for qs, qe in quoted):
        return True
    if before == "第" or (before and (before.isascii() and before.isalnum() or before in ".+")):
        return True
    if after and (after.isascii() and after.isalnum() or after in "+级"):
        return True
    span = text[start:end]
    last = span[-1]
    if after and after in BAD_CONTINUATION.get(last, ""):
        return True
    if _names_a_size_class(text, start, end):
        return True
    if last == "条":
        cs, ce = _clause_bounds(text, start)
        if POLICY_CONTEXT.search(text[cs:ce]):
            return True
    return False


def find_numbers(text: str) -> List[Span]:
    """Non-overlapping VALUE and PERCENT spans of ``text``, in order."""
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    taken = [False] * len(text)
    spans: List[Span] = []
    for regex, label in ((PERCENT_RE, "PERCENT"), (VALUE_RE, "VALUE")):
        for m in regex.finditer(text):
            start, end = m.span()
            if any(taken[start:end]) or _is_excluded(text, start, end, quoted):
                continue
            # 2000余万元 is fine, but a leading digit glued to the previous number is not.
            if start > 0 and (text[start - 1].isdigit() or text[start - 1] in CN and label == "VALUE" and text[start] in CN):
                continue
            spans.append((start, end, label))
            for i in range(start, end):
                taken[i] = True
    return sorted(spans)

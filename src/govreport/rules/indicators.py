"""INDICATOR spans: an indicator lexicon, and a fallback for the noun phrase governing a number.

1. Lexicon (``data/indicators.txt``): longest match anywhere, extended to the
   left over the modifiers that pick the quantity (``data/indicator_modifiers.txt``:
   规上, 人均, 城镇居民, 新增 …). Statistics named without a number count too
   (spec: 规模以上工业增加值、固定资产投资…增速均高于全国).
2. Fallback, for a VALUE/PERCENT whose clause has no lexicon indicator before
   it: the Han run between the clause start and the number, cut after the last
   verb/time/scope/determiner word (``data/indicator_cut_words.txt``) and
   stripped of trailing reporting verbs and qualifiers
   (``data/indicator_trailing.txt``). 改造城市道路12条 → 城市道路.
3. Count before noun (44个项目, 15家规上企业): a VALUE preceded by 等 or
   standing at the start of its clause measures the noun after it, up to a
   head noun (项目, 企业 …).
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from ..annotation.schema import Span
from .lexicon import read_lexicon

HAN_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.]+")
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:、“”\"《》()（）\s]")
MIN_LEN, MAX_LEN = 2, 16
# Heads a counted noun after a number ends with (44个项目主体完工 → 项目).
HEADS = ("项目", "企业", "公司", "基地", "平台", "园区", "学校", "村", "社区", "产业链", "工程", "家庭", "户", "人")


def _alternation(words: Sequence[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class IndicatorFinder:
    def __init__(self) -> None:
        self.lexicon = _alternation(read_lexicon("indicators.txt"))
        self.modifiers = read_lexicon("indicator_modifiers.txt")
        self.cut = _alternation(read_lexicon("indicator_cut_words.txt"))
        self.trailing = read_lexicon("indicator_trailing.txt")

    def lexicon_spans(self, text: str, taken: List[bool]) -> List[Span]:
        spans: List[Span] = []
        for m in self.lexicon.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            # extend over modifiers (规上工业增加值, 城镇居民人均可支配收入)
            extended = True
            while extended:
                extended = False
                for mod in self.modifiers:
                    if text.startswith(mod, start - len(mod)) and start - len(mod) >= 0 and not any(taken[start - len(mod) : start]):
                        start -= len(mod)
                        extended = True
                        break
            if spans and spans[-1][1] > start:
                continue
            spans.append((start, end, "INDICATOR"))
        return spans

    def _strip_trailing(self, s: int, e: int, text: str) -> Tuple[int, int]:
        changed = True
        while changed and e > s:
            changed = False
            for w in self.trailing:
                if text.endswith(w, s, e) and e - len(w) >= s:
                    e -= len(w)
                    changed = True
                    break
        return s, e

    def before_number(self, text: str, number_start: int, clause_start: int, taken: List[bool]) -> Span | None:
        """The noun phrase between ``clause_start`` and a number, or None."""
        s = clause_start
        for i in range(number_start - 1, clause_start - 1, -1):
            if taken[i] or CLAUSE_BREAK.match(text[i]):
                s = i + 1
                break
        s, e = self._strip_trailing(s, number_start, text)
        last_cut = None
        for m in self.cut.finditer(text, s, e):
            last_cut = m
        if last_cut is not None:
            s = last_cut.end()
        s, e = self._strip_trailing(s, e, text)
        if e - s < MIN_LEN or e - s > MAX_LEN or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9.]+", text[s:e]):
            return None
        return (s, e, "INDICATOR")

    def after_number(self, text: str, number_end: int, taken: List[bool]) -> Span | None:
        """The counted noun after a number (44个项目 → 项目), up to a head noun."""
        s = number_end
        if text.startswith("的", s):
            s += 1
        m = HAN_RUN.match(text, s)
        if not m:
            return None
        run = text[s : min(m.end(), s + 12)]
        best = None
        for head in HEADS:
            k = run.find(head)
            if k >= 0 and (best is None or k + len(head) < best):
                best = k + len(head)
        if best is None or best < MIN_LEN or any(taken[s : s + best]):
            return None
        return (s, s + best, "INDICATOR")

"""PLACE spans: longest gazetteer or region-lexicon match, minus the spec's "not PLACE" cases.

Names come from the jionlp division list (``gazetteer.load_places``) and the
curated ``data/regions.txt``. A match is dropped when it is scope rather than
a place (全市, 国家: never in the lists, and one-character names are never
loaded), when it sits inside a book title 《…》, or when it begins the name of
an organisation, enterprise, school, project, facility, park, event or brand:
the Han run after it reaches an ``data/org_suffixes.txt`` word (营口银行,
东北大学, 辽河康养服务中心, 中国式现代化, 东北全面振兴座谈会) before any function
word that would end a name, or when it stands in brackets inside such a name
(中化现代农业(辽宁)有限公司). A province, prefecture or county name followed by an
administered zone's suffix (开发区, 高新区, 片区) takes the suffix into its
span: the spec counts the zone as the place (营口经济技术开发区), where the
bare name would be a wrong PLACE inside it.
"""

from __future__ import annotations

import re
from typing import Collection, Dict, Iterable, List

from ..annotation.schema import Span
from .gazetteer import SHORT
from .lexicon import read_lexicon
from .prefixes import PrefixIndex

HAN = re.compile(r"[\u4e00-\u9fff]")
BOOK_TITLE = re.compile(r"《[^》]*》")
# Characters that end a name: after one of them the following suffix belongs to another phrase.
NAME_BREAK = set("的和与及在为是将把被等获入成对向从了并已都也")
NAME_WINDOW = 10
# A place in brackets right after a Han character is part of the name around it when a name's suffix follows.
OPEN_BRACKETS = "(（"
CLOSE_BRACKETS = ")）"
# Function words after which a name can begin (在梁平, 与大洼, 到朝阳).
LEFT_OPENERS = set("在到和与及同是的了将把为对向从至于赴落助让使推进融入服务")
# Administered zones are places with their suffix (spec: 营口经济技术开发区): a place name followed by one of
# these takes it into its span. Longest first: 经济技术开发区 before 开发区.
ZONE_SUFFIXES = ("高新技术产业开发区", "经济技术开发区", "自由贸易试验区", "综合保税区", "经济开发区", "开发区", "高新区",
                 "经开区", "保税区", "片区", "新区")
# Only a province, prefecture or county opens a zone's name: after a village, 片区 is a neighbourhood to rebuild
# (高庄村片区改造), not an administered zone.
ZONE_LEVELS = ("province", "prefecture", "county")


def han_run(text: str, start: int, breaks: Collection[str] = ()) -> str:
    """The Han characters from ``start`` up to the first other character or one of ``breaks`` (at most NAME_WINDOW):
    the rest of a name that a place may begin."""
    out = []
    for ch in text[start : start + NAME_WINDOW]:
        if not HAN.match(ch) or ch in breaks:
            break
        out.append(ch)
    return "".join(out)


def names_a_word(run: str, words: Iterable[str]) -> bool:
    """True when ``run`` begins with one of ``words`` or holds one of two characters or more anywhere."""
    return any(run.startswith(w) or (len(w) > 1 and w in run) for w in words)


def zone_suffix_length(text: str, end: int) -> int:
    """Length of the administered zone's suffix that follows a place name ending at ``end`` (0 when none)."""
    for suffix in ZONE_SUFFIXES:
        if text.startswith(suffix, end):
            return len(suffix)
    return 0


class PlaceMatcher:
    """Longest-match place finder over a name → level dictionary."""

    def __init__(self, names: Dict[str, str]):
        self.names = dict(names)
        for region in read_lexicon("regions.txt"):
            self.names[region] = "region"
        for word in read_lexicon("place_stopwords.txt"):
            self.names.pop(word, None)
        self.max_len = max(map(len, self.names), default=0)
        # names have two characters or more (a one-character entry is never a hit): index those
        self.index = PrefixIndex(name for name in self.names if len(name) > 1)
        self.prefixes = self.index.prefixes
        self.suffixes = read_lexicon("org_suffixes.txt")

    def _in_name(self, text: str, start: int, end: int) -> bool:
        """True when the place text[start:end] starts an organisation/project/facility/event name, or stands in
        brackets inside one (中化现代农业(辽宁)有限公司, 中节能(涞水)生活垃圾焚烧发电项目)."""
        if names_a_word(han_run(text, end, NAME_BREAK), self.suffixes):
            return True
        bracketed = (start >= 2 and text[start - 1] in OPEN_BRACKETS and HAN.match(text[start - 2]) is not None
                     and end < len(text) and text[end] in CLOSE_BRACKETS)
        return bracketed and names_a_word(han_run(text, end + 1, NAME_BREAK), self.suffixes)

    @staticmethod
    def _needs_boundary(level: str) -> bool:
        return level in ("town", "village")

    @staticmethod
    def _left_boundary(text: str, start: int, spans: List[Span]) -> bool:
        if start == 0 or not HAN.match(text[start - 1]) or text[start - 1] in LEFT_OPENERS:
            return True
        return bool(spans) and spans[-1][1] == start

    def find(self, text: str) -> List[Span]:
        titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(text)]
        spans: List[Span] = []
        free_from = 0
        for start in self.index.starts(text):
            if start < free_from:
                continue
            hit = 0
            for n in range(2, min(self.max_len, len(text) - start) + 1):
                piece = text[start : start + n]
                if piece not in self.prefixes:
                    break
                if piece in self.names:
                    hit = n
            if not hit:
                continue
            end = start + hit
            level = self.names[text[start:end]]
            if level.split(":")[0] in ZONE_LEVELS:
                end += zone_suffix_length(text, end)
            # Town and village names are only believed where a name can
            # start: at the start, after punctuation, after a function word, or
            # right after another place (胜利镇孙家店村). Otherwise 提高城乡 would
            # hold 高城乡 and 复杂多变 杂多.
            if self._needs_boundary(level) and not self._left_boundary(text, start, spans):
                continue
            if not any(a <= start < b for a, b in titles) and not self._in_name(text, start, end):
                spans.append((start, end, "PLACE"))
            free_from = end
        return spans

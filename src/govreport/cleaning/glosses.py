"""Pinyin glosses that some sites insert after characters of traditional text.

網(wǎng)站 → 網站. A gloss is lower-case pinyin (tone marks allowed) in ASCII
parentheses directly after a Han character; real parentheses such as (一期),
(SAP) or (試行) contain no lower-case pinyin and are never touched. Pages
that were saved through a wrong encoding sometimes lost the character and the
opening parenthesis together (推動?xùn)|北): the damaged gloss is removed and
the stray ``?`` stays, to be reported as unrecoverable.
"""

from __future__ import annotations

import re
from typing import List, Tuple

PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_VOWEL = "aeiouüvāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A gloss follows a character (Han, or the debris of a broken one), holds one
# pinyin syllable with a vowel (so "(km)" is not one), and nothing else.
GLOSS = re.compile(rf"(?<=[^\s0-9(])\((?=[^)]*[{_VOWEL}])([{PINYIN_LETTERS}]{{1,7}})\)")
DAMAGED_GLOSS = re.compile(rf"(?<=\?)(?=[^)]*[{_VOWEL}])([{PINYIN_LETTERS}]{{1,7}})\)")


def remove_glosses(line: str) -> Tuple[str, List[str]]:
    """Return ``line`` without pinyin glosses, and the glosses removed."""
    removed: List[str] = []

    def drop(match: "re.Match[str]") -> str:
        removed.append(match.group(0))
        return ""

    line = GLOSS.sub(drop, line)
    line = DAMAGED_GLOSS.sub(drop, line)
    return line, removed

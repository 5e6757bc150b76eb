"""Full-width digits and letters → half-width; Chinese punctuation is kept."""

from __future__ import annotations

import re
from typing import Tuple

_FULL = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_HALF = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TABLE = str.maketrans(_FULL, _HALF)
_FULL_STOP_IN_NUMBER = re.compile(r"(?<=\d)．(?=\d)")


def normalize_width(text: str) -> Tuple[str, int]:
    """Return the normalised text and how many characters changed (length is kept)."""
    out = _FULL_STOP_IN_NUMBER.sub(".", text.translate(_TABLE))
    changed = sum(1 for a, b in zip(text, out) if a != b)
    return out, changed

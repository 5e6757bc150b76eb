"""Traditional/simplified script detection and conversion with OpenCC."""

from __future__ import annotations

from functools import lru_cache

import opencc

from .glosses import HAN

TRADITIONAL_SHARE = 0.03


@lru_cache(maxsize=None)
def _converter(config: str) -> "opencc.OpenCC":
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def detect_script(text: str) -> str:
    """'traditional' when a noticeable share of Han characters change under t2s."""
    import re
    from itertools import islice

    # the first 20,000 Han characters (finditer: a list of every character of a 3-million-character
    # page held ~75 bytes each)
    sample = "".join(m.group(0) for m in islice(re.finditer(f"[{HAN}]", text), 20000))
    if not sample:
        return "simplified"
    converted = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return "traditional" if changed / len(sample) >= TRADITIONAL_SHARE else "simplified"

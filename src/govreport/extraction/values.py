"""Normalise the text of a VALUE span: number, magnitude, unit, approximation.

Reports write the same quantity as 113.6亿元, 2.85万户, 三千万元, 百场次 or XX亿元
(redacted). Analysts need one comparable figure, so we split the span into
number × multiplier + unit and give ``normalized = number * multiplier``.
Chinese numerals go through cn2an rather than a hand-written converter.
Decimal arithmetic keeps 113.6 × 1e8 exactly 11360000000, not 11360000000.000002.

A range (1到2家, 1.2万—1.5万人) is one VALUE: ``number`` is its lower end, as a
PERCENT range gives its lower end, and ``upper`` its upper end, both in the
unit and multiplier of the upper end.

A VALUE span never contains the qualifiers before or after it (约, 超过,
以上 …, see the annotation spec); those are read from the surrounding text by
``qualifiers.py``. Only 余/多 inside the span (5万余人次) set ``approx`` here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Union

import cn2an

from ..rules.numbers import RANGE_DASH

Number = Union[int, float]

MAGNITUDES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"
REDACTED = re.compile(r"[XxＸｘ×*＊]{1,4}")
ARABIC = r"\d+(?:[.,]\d+)*"
RATIO = re.compile(rf"^\s*(\d+(?:\.\d+)?)(?:\s*[:：]\s*\d+(?:\.\d+)?)+\s*$")
# number, magnitude, 余/多, unit. The number is Arabic (with a Chinese magnitude
# after it), Chinese numerals, or the redaction placeholder XX.
VALUE = re.compile(
    rf"^(?P<num>{ARABIC}|[{CN_DIGITS}]+|[XxＸｘ]{{1,4}})\s*(?P<approx0>余|多)?\s*(?P<mag>万亿|亿|万|千)?\s*(?P<approx>余|多)?\s*(?P<unit>.*?)\s*(?P<approx2>余|多)?$"
)
# the lower end of a range and its dash (the rules' own, so every range they find reads here); the rest is read
# as a VALUE (1到2家 → 1 and 2家)
RANGE = re.compile(rf"^(?P<low>{ARABIC})\s*(?P<mag>万亿|亿|万|千)?\s*{RANGE_DASH}\s*(?P<rest>\d.*)$")


@dataclass
class Quantity:
    text: str
    number: Optional[Number]
    unit: str
    multiplier: Number
    normalized: Optional[Number]
    approx: bool = False
    bound: Optional[str] = None  # "min" / "max", set from the surrounding text
    ratio: Optional[List[Number]] = None  # 12.6:41.2:46.2 → [12.6, 41.2, 46.2]
    upper: Optional[Number] = None  # the upper end of a range: 1到2家 → number 1, upper 2

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def _plain(d: Optional[Decimal]) -> Optional[Number]:
    """Decimal → int when integral, else float (JSON-friendly, no 28500.0)."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def cn_number(text: str) -> Optional[Decimal]:
    """Chinese numerals (三千万, 百, 一万二千, 两) → Decimal, or None if cn2an cannot read them."""
    if not text:
        return None
    if text[0] in "十百千万亿拾佰仟":
        text = "一" + text  # cn2an wants 一百, reports write 百场次 and 百亿
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


def _split_cn_magnitude(num: str, mag: Optional[str]):
    """三千万 → (三千, 万); 一亿二千万 stays whole: the 万 belongs inside the number."""
    if mag:
        return num, mag
    for m in ("万亿", "亿", "万"):
        if num.endswith(m) and len(num) > len(m):
            head = num[: -len(m)]
            if m == "万" and "亿" in head:
                return num, None
            if cn_number(head) is not None:
                return head, m
    return num, None


def parse_value(text: str) -> Quantity:
    """Normalise one VALUE span. Never raises: unreadable text gives number None."""
    raw = text
    text = text.strip()
    m = RATIO.match(text)
    if m:
        parts = [_plain(Decimal(p)) for p in re.split(r"\s*[:：]\s*", text)]
        return Quantity(raw, None, "ratio", 1, None, ratio=parts)
    m = RANGE.match(text)
    if m:
        return _range(raw, m)
    m = VALUE.match(text)
    if not m:
        return Quantity(raw, None, text, 1, None)
    num, mag = m.group("num"), m.group("mag")
    approx = bool(m.group("approx0") or m.group("approx") or m.group("approx2"))  # 1400余万元, 5万余人次, 100多家
    unit = m.group("unit") or ""
    if mag == "千" and unit.startswith("瓦"):
        mag, unit = None, "千" + unit  # 5千瓦 is five kilowatts, not 5000 watts
    if REDACTED.fullmatch(num):
        multiplier = MAGNITUDES.get(mag, Decimal(1)) if mag else Decimal(1)
        return Quantity(raw, None, unit, _plain(multiplier), None, approx)
    if num[0].isdigit():
        try:
            value: Optional[Decimal] = Decimal(num.replace(",", ""))
        except InvalidOperation:
            value = None
    else:
        num, mag = _split_cn_magnitude(num, mag)
        value = cn_number(num)
    multiplier = MAGNITUDES[mag] if mag else Decimal(1)
    normalized = value * multiplier if value is not None else None
    return Quantity(raw, _plain(value), unit, _plain(multiplier), _plain(normalized), approx)


def _range(raw: str, m: "re.Match[str]") -> Quantity:
    """A range VALUE: the upper end read as a VALUE gives unit and multiplier; the lower end is put in their terms."""
    high = parse_value(m.group("rest"))
    if high.number is None:
        return Quantity(raw, None, raw.strip(), 1, None)
    low = Decimal(m.group("low").replace(",", ""))
    # 1—2万人: the lower end shares the magnitude; 5000—1万元: a lower end above the upper one is plain
    own = MAGNITUDES[m.group("mag")] if m.group("mag") else (Decimal(1) if low > Decimal(str(high.number)) else None)
    if own is not None:
        low = low * own / Decimal(str(high.multiplier))
    normalized = low * Decimal(str(high.multiplier))
    return Quantity(raw, _plain(low), high.unit, high.multiplier, _plain(normalized), high.approx, upper=high.number)

"""VALUE normalisation on spans of the seed reports, and on every gold VALUE."""

from decimal import Decimal
from pathlib import Path

import cn2an
import pytest

from govreport.extraction.values import parse_value
from govreport.annotation.gold import load_gold

GOLD = Path(__file__).resolve().parents[2] / "corpus" / "annotations"


@pytest.mark.parametrize(
    "text,number,unit,multiplier,normalized,approx",
    [
        ("113.6亿元", 113.6, "元", 10**8, 11360000000, False),  # 002-0009
        ("2.85万户", 2.85, "户", 10**4, 28500, False),  # 000-0011
        ("XX亿元", None, "元", 10**8, None, False),  # 000-0002, redacted
        ("XX元", None, "元", 1, None, False),
        ("5万余人次", 5, "人次", 10**4, 50000, True),  # 000-0094
        ("100余场", 100, "场", 1, 100, True),
        ("1.6万余户", 1.6, "户", 10**4, 16000, True),
        ("百场次", 100, "场次", 1, 100, False),  # 004-0207
        ("百亿", 100, "", 10**8, 10**10, False),  # 004-0200
        ("三千万元", 3000, "元", 10**4, 30000000, False),
        ("一亿二千万元", 120000000, "元", 1, 120000000, False),
        ("3.9万亿", 3.9, "", 10**12, 3900000000000, False),  # 001-0164
        ("13.6万千瓦", 13.6, "千瓦", 10**4, 136000, False),  # 001-0087
        ("25微克/立方米", 25, "微克/立方米", 1, 25, False),  # 000-0062
        ("10.63亿斤", 10.63, "斤", 10**8, 1063000000, False),
        ("零", 0, "", 1, 0, False),
        ("1,200人", 1200, "人", 1, 1200, False),
    ],
)
def test_parse_value(text, number, unit, multiplier, normalized, approx):
    q = parse_value(text)
    assert (q.number, q.unit, q.multiplier, q.normalized, q.approx) == (number, unit, multiplier, normalized, approx)
    assert q.bound is None and q.ratio is None


def test_a_ratio_written_with_full_width_colons_is_read_the_same():
    q = parse_value("17.7：33.4：48.9")  # gold 115: the three industries' shares
    assert (q.ratio, q.unit, q.normalized) == ([17.7, 33.4, 48.9], "ratio", None)


def test_ratio_is_one_value():
    q = parse_value("12.6:41.2:46.2")  # 003-0007 三次产业结构优化为12.6:41.2:46.2
    assert q.ratio == [12.6, 41.2, 46.2]
    assert (q.number, q.unit, q.normalized) == (None, "ratio", None)


@pytest.mark.parametrize(
    "text,number,upper,unit,multiplier,normalized",
    [
        ("1到2家", 1, 2, "家", 1, 1),  # 113-0110 (gold)
        ("1—2个", 1, 2, "个", 1, 1),  # 118-0100
        ("1--2家", 1, 2, "家", 1, 1),
        ("1.2万—1.5万人", 1.2, 1.5, "人", 10**4, 12000),
        ("5000—1万元", 0.5, 1, "元", 10**4, 5000),  # the lower end in the upper end's multiplier
    ],
)
def test_a_range_gives_its_lower_end_and_its_upper_end(text, number, upper, unit, multiplier, normalized):
    q = parse_value(text)
    assert (q.number, q.upper, q.unit, q.multiplier, q.normalized) == (number, upper, unit, multiplier, normalized)


@pytest.mark.parametrize("text", ["", "   ", "abc", "😀", "x" * 10000, "第三位"])
def test_unreadable_text_never_raises(text):
    q = parse_value(text)
    assert q.number is None or isinstance(q.number, (int, float))


def _cn2an_oracle(text: str):
    """An independent reading: the longest prefix (余/多 removed) that cn2an accepts."""
    text = text.replace("余", "").replace("多", "")
    best = None
    for i in range(1, len(text) + 1):
        prefix = text[:i]
        if prefix[0] in "十百千万亿":
            prefix = "一" + prefix
        try:
            best = Decimal(str(cn2an.cn2an(prefix, "smart")))
        except Exception:
            pass
    return best


def test_every_gold_value_with_a_number_is_normalised_exactly():
    values = sorted({s.text[a:b] for s in load_gold(GOLD, reviewed_only=False) for a, b, l in s.spans if l == "VALUE"})
    assert len(values) > 300, "the gold corpus should hold hundreds of distinct VALUE spans"
    checked, failures = 0, []
    for text in values:
        if "XX" in text or ":" in text or "：" in text:
            continue  # redacted or a ratio (half- or full-width colon): tested above
        q = parse_value(text)
        # cn2an cannot read 万亿; the parametrised test above pins 3.9万亿
        expected = Decimal(text.split("万亿")[0]) * 10**12 if "万亿" in text else _cn2an_oracle(text)
        checked += 1
        if q.normalized is None or Decimal(str(q.normalized)) != expected:
            failures.append((text, q.normalized, expected))
        elif Decimal(str(q.number)) * Decimal(q.multiplier) != Decimal(str(q.normalized)):
            failures.append((text, q.number, q.multiplier))
    assert checked > 300
    assert failures == []

"""PERCENT normalisation and qualifiers, on real sentences of the seeds."""

import pytest

from govreport.extraction.changes import parse_change
from govreport.extraction.qualifiers import read_qualifiers


@pytest.mark.parametrize(
    "text,prefix,percent,direction,kind",
    [
        ("8.4%", "同比下降", 8.4, -1, "growth"),  # 001-0090 规上工业单位增加值能耗同比下降8.4%
        ("8个百分点", "提高近", 8, 1, "points"),  # 001-0087 非化石能源发电装机占比提高近8个百分点
        ("50个百分点", "大幅下降", 50, -1, "points"),  # 004-0139 债务率大幅下降50个百分点
        ("88%", "", 88, 0, "share"),  # 000-0062 优良天数比例88%
        ("100%", "均达", 100, 0, "share"),  # 002-0090 …可办率均达100%
        ("3%", "增速", 3, 1, "growth"),  # 002-0013 规上工业增加值增速3%
        ("3%", "涨幅", 3, 1, "growth"),  # 001-0158 居民消费价格涨幅3%左右
        ("12 %", "增长", 12, 1, "growth"),  # 002-0162, the stray space stays in the span
        ("2倍", "达到全市平均水平", 2, 0, "multiple"),  # 001-0233
        ("196%", "、旅游总收入分别增长", 196, 1, "growth"),  # 001-0020
        ("百分之百", "以", 100, 0, "share"),  # 004-0148
        ("5%-6%", "增长", 5, 1, "growth"),
        ("-3%", "增长", -3, -1, "growth"),
    ],
)
def test_parse_change(text, prefix, percent, direction, kind):
    c = parse_change(text, prefix)
    assert (c.percent, c.direction, c.kind) == (percent, direction, kind)


@pytest.mark.parametrize(
    "sentence,span_text,expected",
    [
        ("预计全年地区生产总值增长5.5%左右,", "5.5%", [("左右", None, True)]),  # 001-0007
        ("城镇调查失业率控制在5.5%以内,", "5.5%", [("以内", "max", False)]),  # 000-0076
        ("持续改善大气环境质量,空气优良天数88%以上。", "88%", [("以上", "min", False)]),  # 002-0082
        ("非化石能源发电装机占比提高近8个百分点。", "8个百分点", [("近", "max", True)]),  # 001-0087
        ("全年汽车销售额超11亿元,同比增长26%以上。", "11亿元", [("超", "min", False)]),  # 004-0049
        ("市场主体蓬勃发展,总量突破30万户,", "30万户", [("突破", "min", False)]),  # 001-0046
        ("力争全年实际到位内资不低于35亿元,", "35亿元", [("不低于", "min", False)]),  # 004-0185
        ("合作金额超50亿元。", "50亿元", [("超", "min", False)]),  # 001-0049
        ("接待游客人数、旅游总收入分别增长196%、117%。", "196%", []),
    ],
)
def test_qualifiers(sentence, span_text, expected):
    start = sentence.index(span_text)
    found = read_qualifiers(sentence, start, start + len(span_text))
    assert [(q.text, q.bound, q.approx) for q in found] == expected

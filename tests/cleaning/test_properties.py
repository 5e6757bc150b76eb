"""Property test: cleaning never raises and never loses a Han character unreported."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport.cleaning import clean_report
from govreport.cleaning.glosses import HAN

HAN_RE = re.compile(f"[{HAN}]")

pieces = st.sampled_from(
    ["網(wǎng)站", "經(jīng)濟", "增长3.5%", "113.6亿元", "(一期)", "(SAP)", "。", ";", "\n", "1、", "2、", "下一篇:",
     "来源:", "https://a.cn/x", "首页 > 新闻 >", "?", "\ufffd", "０１", "地区生产总值", "- 配套讲稿:", " ", "\u3000"]
)
text_strategy = st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=40).map("".join)


def _han(text: str) -> int:
    return len(HAN_RE.findall(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_cleaning_never_raises_and_accounts_for_every_han_character(raw):
    cleaned = clean_report(raw, "prop")
    removed = cleaned.report.removed_texts()
    assert _han(cleaned.text_original) + sum(_han(r) for r in removed) == _han(raw.replace("\r", ""))
    for s in cleaned.sentences:
        assert cleaned.text[s.start : s.end] == s.text

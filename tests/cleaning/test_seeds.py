"""Cleaning on real excerpts of each seed report (the raw files in corpus/raw)."""

import re

import pytest

from govreport.cleaning import clean_report


def _excerpt(text: str, start: str, length: int = 600) -> str:
    i = text.index(start)
    return text[i : i + length]


def test_000_furniture_and_real_parentheses(seed_texts):
    cleaned = clean_report(seed_texts["000"], "000")
    assert "(第5/21页)" not in cleaned.text and "下一篇" not in cleaned.text
    assert "三力中科MMA新材料(一期)" in cleaned.text
    assert "鲁华泓锦环烯烃共聚物(二期)" in cleaned.text
    assert {r.rule for r in cleaned.report.removed_lines} == {"listing_title", "footer_next_previous"}


def test_001_glosses_gone_and_script_converted(seed_texts):
    raw = _excerpt(seed_texts["001"], "政策效能持續(xù)釋放")
    cleaned = clean_report(raw, "001")
    assert "(xù)" not in cleaned.text_original
    assert cleaned.text_original.startswith("政策效能持續釋放")
    assert cleaned.text.startswith("政策效能持续释放")
    assert "新增減稅降費16.2億元" in cleaned.text_original
    assert "新增减税降费16.2亿元" in cleaned.text
    assert cleaned.report.converted_to_simplified and cleaned.report.script == "traditional"


def test_001_header_furniture_removed(seed_texts):
    cleaned = clean_report(seed_texts["001"], "001")
    for gone in ("在线观看", "首页", "来源:", "发布时间", "【字号", "分享:", "扫一扫"):
        assert gone not in cleaned.text, gone
    assert cleaned.text.startswith("政府工作报告\n市长 姚华明")


def test_002_stray_question_marks_reported_not_guessed(seed_texts):
    cleaned = clean_report(seed_texts["002"], "002")
    assert "如若转载" not in cleaned.text and "http" not in cleaned.text
    stray = [u for u in cleaned.report.unrecoverable if u.char == "?"]
    assert len(stray) == 3
    for u in stray:
        assert cleaned.text_original[u.offset] == "?"
    assert "预计全年完成地区生产总值113.6亿元,增长5%;" in cleaned.text


def test_003_page_markers_rejoined(seed_texts):
    cleaned = clean_report(seed_texts["003"], "003")
    assert "交出了一份难中求成、殊为不易的答卷。" in cleaned.text
    assert len(cleaned.report.page_markers_rejoined) == 24
    assert not re.search(r"(^|\n)\d+、", cleaned.text)
    assert "配套讲稿" not in cleaned.text and "desk33" not in cleaned.text
    assert "三次产业结构优化为12.6:41.2:46.2" in cleaned.text


def test_004_glosses_footer_and_title(seed_texts):
    cleaned = clean_report(seed_texts["004"], "004")
    assert cleaned.text.startswith("★2025年大洼区政府工作报告")
    assert "(qū)" not in cleaned.text_original and "版权所有" not in cleaned.text and "ICP" not in cleaned.text
    assert "全年完成地区生产总值188亿元,同比增长1.0%;" in cleaned.text


@pytest.mark.parametrize("doc", ["000", "001", "002", "003", "004"])
def test_numbers_never_split(cleaned_seeds, doc):
    sentences = cleaned_seeds[doc].sentences
    for a, b in zip(sentences, sentences[1:]):
        assert not (re.search(r"[\d.]$", a.text) and re.match(r"[\d.%％]", b.text)), (a.text, b.text)
    texts = [s.text for s in sentences]
    if doc == "000":
        assert any("研发经费投入占地区生产总值比重突破3.5%" in t for t in texts)
    if doc == "002":
        assert any("113.6亿元" in t for t in texts)

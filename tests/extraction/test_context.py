"""Place, period and status on the seeds' own titles, headings and sentences."""

import pytest

from govreport.extraction.context import (
    ReportContext, clean_place, default_section, place_for, read_heading, read_title, report_context, status_and_period,
)

from .helpers import marked


@pytest.mark.parametrize(
    "line,place,year",
    [
        ("朝阳县2023年政府工作报告", "朝阳县", 2023),  # 002-0000
        ("2024年梁平区政府工作报告各位代表:现在,我代表区人民政府向大会报告工作,请予审议。", "梁平区", 2024),  # 003-0000
        ("★2025年大洼区政府工作报告", "大洼区", 2025),  # 004-0000
        ("政府工作报告", None, None),  # 001-0000
        ("一年来,我们千方百计聚动能、稳增长,经济运行回升向好。", None, None),  # 000-0000
    ],
)
def test_title(line, place, year):
    assert read_title(line) == (place, year)


@pytest.mark.parametrize(
    "line,status,year",
    [
        ("一、2023年工作回顾", "actual", 2023),  # 001-0004
        ("二、2024年工作安排", "target", 2024),  # 001-0150
        ("2022年工作回顾", "actual", 2022),  # 002-0003 (a 2023 report reviewing 2022)
        ("二、2024年主要任务今年是新中国成立75周年,是“十四五”规划目标任务完成的关键一年", "target", 2024),  # 003-0134
        ("一、2023年工作回顾过去一年,是全面贯彻党的二十大精神的开局之年", "actual", 2023),  # 003-0002
    ],
)
def test_heading(line, status, year):
    section = read_heading(line, report_year=2024)
    assert (section.status, section.year) == (status, year)


@pytest.mark.parametrize("line", ["(一)狠抓经济运行,综合实力稳步提升。", "2022年是本届政府开局之年,也是充满挑战、砥砺奋进的一年。"])
def test_not_a_heading(line):
    assert read_heading(line, 2023) is None


def test_headless_excerpt_reviews_the_previous_year():
    # 000 starts mid-review, with no heading, in a 2024 report
    assert (default_section(2024).status, default_section(2024).year) == ("actual", 2023)


def test_status_from_the_sentence():
    section = read_heading("一、2023年工作回顾", 2024)
    expected = status_and_period("预计全年⟦地区生产总值", 4, section)
    assert (expected["status"], expected["year"]) == ("expected", 2023)
    target_sentence = "2024年经济社会发展主要预期目标是:地区生产总值同比增长6%"  # 000-0139
    target = status_and_period(target_sentence, target_sentence.index("地区"), default_section(2024))
    assert (target["status"], target["year"], target["year_source"]) == ("target", 2024, "sentence")


def test_place_from_the_clause_else_the_report():
    text, spans, _ = marked("⟦盖州市|L⟧⟦2个|V⟧⟦村|I⟧获评第三批全国乡村治理示范村。")  # 001-0122
    report = ReportContext(place="营口市", place_source="manifest")
    assert place_for(text, spans, spans[2], report) == {"name": "盖州市", "source": "sentence"}
    text, spans, _ = marked("⟦规上工业单位增加值能耗|I⟧同比下降⟦8.4%|P⟧,实现历史性改善。")  # 001-0090
    assert place_for(text, spans, spans[0], report) == {"name": "营口市", "source": "manifest"}
    # a PLACE before the colon heads the whole list (004-0172)
    text, spans, _ = marked("2025年⟦大洼区|L⟧经济社会发展主要预期目标是:⟦地区生产总值|I⟧必保增长⟦5.5%|P⟧以上")
    assert place_for(text, spans, spans[1], ReportContext()) == {"name": "大洼区", "source": "sentence"}


def test_report_context_from_title_and_manifest():
    assert clean_place("盘锦市(区名未给出)") == "盘锦市"
    ctx = report_context(["朝阳县2023年政府工作报告", "各位代表:"])
    assert (ctx.place, ctx.place_source, ctx.year, ctx.year_source) == ("朝阳县", "title", 2023, "title")
    ctx = report_context(["朝阳县2023年政府工作报告"], place="朝阳县", place_source="manifest", year=2023, year_source="manifest")
    assert (ctx.place_source, ctx.year_source) == ("manifest", "manifest")

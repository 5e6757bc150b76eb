import pytest

from govreport.cleaning.furniture import classify_lines, line_rule, strip_inline_urls
from govreport.cleaning.script import to_simplified


@pytest.mark.parametrize(
    "line,rule",
    [
        ("国产高清在线精品一区,亚洲免费在线观看,免费观看亚洲视频,手机看片日韩日韩韩", "spam"),
        ("網站首頁 > 2024兩會專題 >  重要發布 > 正文", "breadcrumb"),
        ("來源:營口日報", "page_meta"),
        ("【字號:", "share_widget"),
        ("2024年区政府工作报告-10篇(第5/21页)", "listing_title"),
        ("2024年梁平区政府工作报告.docx", "file_name"),
        ("《2024年梁平区政府工作报告.docx》由会员分享,可在线阅读,更多相关《2024年梁平区政府工作报告.docx(29页珍藏版)》请在课桌文档上搜索。", "document_share_notice"),
    ],
)
def test_furniture_lines(line, rule):
    assert line_rule(to_simplified(line)) == rule


@pytest.mark.parametrize(
    "line",
    ["各位代表:", "市長 姚華明", "(一)狠抓经济运行,综合实力稳步提升。", "朝阳县2023年政府工作报告", "2022年工作回顾"],
)
def test_report_lines_kept(line):
    assert line_rule(to_simplified(line)) is None


def test_footer_takes_everything_after_it():
    lines = ["正文。", "- 配套讲稿:", "如PPT文件的首页显示word图标", "- 2024 梁平 区政府 工作报告"]
    assert classify_lines(lines, to_simplified) == [None, "footer_document_notes", "footer_document_notes", "footer_document_notes"]


def test_inline_url_removed_and_reported():
    line, removed = strip_inline_urls("详见https://www.example.com/a.html 。")
    assert line == "详见 。" and removed == ["https://www.example.com/a.html"]


def test_a_site_disclaimer_opens_the_footer_with_its_tag_list():
    # the end of report 110 as the mirror serves it: disclaimer, reposting terms, then the page's tags
    lines = ["“两个维护”：指坚决维护党中央权威。", "免责声明：本文仅代表作者观点，不代表本站立场。",
             "凡注明为中国县域原创作品的，未经许可，不得转载！", "标签：", "2024年政府工作报告", "保定市", "徐水区"]
    assert classify_lines(lines, to_simplified) == [None] + ["footer_disclaimer"] * 6

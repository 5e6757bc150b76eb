"""Site furniture: lines and fragments that belong to the web page, not the report.

Rules are written against simplified text; lines of traditional documents are
matched through OpenCC so one rule set serves both scripts. Each rule has a
name that appears in the cleaning report next to what it removed.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Pattern, Tuple

# Whole-line rules: (name, pattern). A match removes the line.
LINE_RULES: List[Tuple[str, Pattern[str]]] = [
    ("url", re.compile(r"^(链接地址|原文链接|原文地址|本文链接)?[:：]?\s*(https?://|www\.)\S+$")),
    ("next_previous", re.compile(r"^(下一篇|上一篇|下一条|上一条)[:：]")),
    ("breadcrumb", re.compile(r"(首页|当前位置).*>|>.*>")),
    ("page_meta", re.compile(r"^(来源|作者|时间|发布时间|发布日期|更新时间|浏览次数|点击数|阅读次数|阅读|评论|责任编辑|编辑|字号|内容摘要)[:：]")),
    ("site_section", re.compile(r"^(工作报告|政府信息公开|正文)$")),
    ("bare_number", re.compile(r"^\d{1,6}$")),
    ("share_widget", re.compile(r"^(【字号|分享[:：]?$|打印本页|关闭窗口|扫一扫在手机打开当前页|【打印】|【关闭】)")),
    ("attachment_widget", re.compile(r"^[•·\-]?\s*(附件|视频|相关链接)[:：]\s*$")),
    ("listing_title", re.compile(r"[(（]第\d+/\d+页[)）]\s*$")),
    ("file_name", re.compile(r"^\S+\.(docx?|pdf|pptx?|wps)$", re.I)),
    ("document_share_notice", re.compile(r"由会员分享|可在线阅读|请在\S*上搜索")),
]

# Lines that open the page footer: they and every line after them are furniture.
FOOTER_RULES: List[Tuple[str, Pattern[str]]] = [
    ("footer_repost_notice", re.compile(r"^(如若转载|转载请注明|转载请保留)")),
    # 免责声明：本文仅代表作者观点，不代表本站立场。 then the reposting terms and the page's tag list (report 110)
    ("footer_disclaimer", re.compile(r"^免责声明[:：]")),
    ("footer_next_previous", re.compile(r"^(下一篇|上一篇)[:：]")),
    ("footer_attachments", re.compile(r"^[•·]\s*附件[:：]")),
    ("footer_document_notes", re.compile(r"^-\s*(配套讲稿|特殊限制|关\s*键\s*词)[:：]")),
    ("footer_copyright", re.compile(r"^(主办单位|承办单位|版权所有|网站标识码|网站地图)[:：\s]")),
    ("footer_related", re.compile(r"^(相关文章|本栏最新|本栏推荐|阅读排行|标签云)$")),
    ("footer_share", re.compile(r"^分享到[:：]?$")),
]

SPAM_WORDS = ("在线观看", "免费观看", "手机看片", "精品一区", "高清在线", "无码", "日韩")

# Watermarks that mirror sites paste into the text itself (马 克 数 据 网 with spaces).
INLINE_WATERMARK = re.compile(r"(微信公众号|百度搜索|来源[:：]\s*百度|搜索)?\s*马\s*克\s*数\s*据\s*网")

INLINE_URL = re.compile(r"(https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def is_spam(line: str) -> bool:
    """Keyword-stuffing lines that some mirror sites put above the report."""
    return sum(word in line for word in SPAM_WORDS) >= 2


def line_rule(line: str) -> Optional[str]:
    """Name of the whole-line rule that marks ``line`` as furniture, if any."""
    if is_spam(line):
        return "spam"
    for name, pattern in LINE_RULES:
        if pattern.search(line):
            return name
    return None


def footer_rule(line: str) -> Optional[str]:
    for name, pattern in FOOTER_RULES:
        if pattern.search(line):
            return name
    return None


def strip_inline_urls(line: str) -> Tuple[str, List[str]]:
    """Remove URLs and site watermarks inside a kept line; returns the line and what was removed."""
    removed: List[str] = []
    for pattern in (INLINE_URL, INLINE_WATERMARK):
        found = [m.group(0) for m in pattern.finditer(line)]
        if found:
            removed.extend(found)
            line = pattern.sub("", line)
    return line, removed


def classify_lines(
    lines: Iterable[str], to_simplified: Callable[[str], str]
) -> List[Optional[str]]:
    """For each stripped line, the furniture rule that removes it (None = keep)."""
    verdicts: List[Optional[str]] = []
    in_footer: Optional[str] = None
    for line in lines:
        if not line:
            verdicts.append(None)
            continue
        simple = to_simplified(line)
        if in_footer is None:
            in_footer = footer_rule(simple)
        if in_footer is not None:
            verdicts.append(in_footer)
            continue
        verdicts.append(line_rule(simple))
    return verdicts

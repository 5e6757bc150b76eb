"""Where and when a figure holds: place, period (year) and status.

A figure's place is usually not in its sentence: 地区生产总值113.6亿元 means the
reporting county's GDP. So the place comes from a PLACE span of the clause
when there is one, else from the report itself (``Doc._.report_place``, set
from the manifest or the command line, else the title line
朝阳县2023年政府工作报告). Each answer says where it came from.

The year and status come from the section a sentence sits under: reports
have a review part (一、2023年工作回顾 → actual 2023) and a plan part
(二、2024年工作安排 → target 2024). Inside the review, 预计 marks figures
that were estimated before the year closed (expected); 预期目标, 力争, 必保
mark targets wherever they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..annotation.schema import Span
from ..linking import clause_index, clauses

CN_ORDINAL = "一二三四五六七八九十"
HEADING = re.compile(
    rf"^[\W★☆]*(?:[{CN_ORDINAL}]+[、.．]|[（(][{CN_ORDINAL}]+[)）]|第[{CN_ORDINAL}]+部分)?\s*"
    r"(?:(?P<year>\d{4})\s*年)?(?P<span>过去[一二三四五]年|今后[一二三四五]年|本届政府)?[^，,。；;:：]{0,10}?"
    r"(?P<kind>工作回顾|回顾|工作安排|主要任务|工作任务|预期目标|主要目标|总体要求|工作建议)"
)
TITLE = re.compile(
    r"^[\W★☆]*(?:(?P<y1>\d{4})\s*年)?\s*(?P<place>[\u4e00-\u9fff]{2,14}?[省市县区旗盟州])?\s*"
    r"(?:(?P<y2>\d{4})\s*年)?(?:度)?(?:人民)?政府工作报告"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d|月|底|末|初|度)")
TARGET_CUES = ("预期目标", "目标是", "目标为", "力争", "必保")  # not 计划: 雨露计划 is a programme
EXPECTED_CUES = ("预计",)
HEAD_WINDOW = 400  # cues further back than this belong to another statement (and keep long lines linear)
NOTE = re.compile(r"[（(][^)）]*[)）]")


@dataclass
class ReportContext:
    """What is known about the whole report before reading its sentences."""

    place: Optional[str] = None
    place_source: Optional[str] = None  # "manifest", "user", "title"
    year: Optional[int] = None  # the year the report is delivered in
    year_source: Optional[str] = None


@dataclass
class Section:
    """The heading a sentence sits under: its status and year."""

    status: str  # actual | target
    year: Optional[int]
    heading: Optional[str]


def clean_place(name: Optional[str]) -> Optional[str]:
    """盘锦市(区名未给出) → 盘锦市: the manifest's notes are not part of the name."""
    if not name:
        return None
    name = NOTE.sub("", name).strip()
    return name or None


def read_title(text: str) -> Tuple[Optional[str], Optional[int]]:
    """(place, year) from a title line like 朝阳县2023年政府工作报告 or 2024年梁平区政府工作报告."""
    m = TITLE.match(text)
    if not m:
        return None, None
    year = m.group("y1") or m.group("y2")
    return m.group("place"), int(year) if year else None


def read_heading(text: str, report_year: Optional[int]) -> Optional[Section]:
    """A section heading at the start of a sentence (it may run on into the text)."""
    m = HEADING.match(text)
    if not m or m.start("kind") > 24:
        return None
    year = int(m.group("year")) if m.group("year") else None
    status = "actual" if "回顾" in m.group("kind") else "target"
    if year is None and report_year is not None:
        year = report_year - 1 if status == "actual" else report_year
    return Section(status, year, text[: m.end()])


def default_section(report_year: Optional[int]) -> Section:
    """Before any heading (excerpts, 000 starts mid-review): the review of the previous year."""
    return Section("actual", report_year - 1 if report_year else None, None)


def status_and_period(sentence: str, before: int, section: Section, carried: Optional[str] = None) -> Dict[str, Any]:
    """Status and year of a figure whose indicator starts at ``before`` in ``sentence``.

    ``carried``: a status cue of the previous sentence when it ended with ；
    (预计全年完成地区生产总值113.6亿元,增长5%; 固定资产投资54亿元… is one statement).
    """
    head = sentence[max(0, before - HEAD_WINDOW) : before]
    status, status_source = section.status, "heading" if section.heading else "default"
    if carried:
        status, status_source = carried, "sentence"
    if any(c in head for c in TARGET_CUES):
        status, status_source = "target", "sentence"
    elif any(c in head for c in EXPECTED_CUES):
        status, status_source = "expected", "sentence"
    years = [int(y) for y in YEAR.findall(head)]
    if years:
        year, source = years[-1], "sentence"
    else:
        year, source = section.year, "heading" if section.heading else "default"
    return {"status": status, "status_source": status_source, "year": year, "year_source": source}


def sentence_cue(sentence: str) -> Optional[str]:
    """The status a whole sentence announces (预计…, 预期目标是…), if any."""
    if any(c in sentence for c in TARGET_CUES):
        return "target"
    if any(c in sentence for c in EXPECTED_CUES):
        return "expected"
    return None


def place_for(sentence: str, spans: Sequence[Span], indicator: Span, report: ReportContext,
              bounds: Optional[Sequence[Tuple[int, int]]] = None) -> Dict[str, Optional[str]]:
    """The PLACE of the indicator's clause (before it), a PLACE heading the sentence, else the report's."""
    bounds = bounds if bounds is not None else clauses(sentence)
    clause = bounds[clause_index(indicator[0], bounds)]
    places = [s for s in spans if s[2] == "PLACE" and clause[0] <= s[0] and s[1] <= indicator[0]]
    if places:
        p = places[-1]
        return {"name": sentence[p[0] : p[1]], "source": "sentence"}
    first = bounds[0]
    if first[1] < len(sentence) and sentence[first[1]] in ":：" and first[1] <= indicator[0]:
        lead = [s for s in spans if s[2] == "PLACE" and s[1] <= first[1]]
        if lead:
            p = lead[-1]
            return {"name": sentence[p[0] : p[1]], "source": "sentence"}
    return {"name": report.place, "source": report.place_source if report.place else None}


def report_context(sentences: List[str], place: Optional[str] = None, place_source: Optional[str] = None,
                   year: Optional[int] = None, year_source: Optional[str] = None, title_lines: int = 5) -> ReportContext:
    """Fill what the caller did not know from the first lines of the report (the title)."""
    ctx = ReportContext(clean_place(place), place_source if place else None, year, year_source if year else None)
    for text in sentences[:title_lines]:
        t_place, t_year = read_title(text)
        if t_place is None and t_year is None:
            continue
        if ctx.place is None and t_place:
            ctx.place, ctx.place_source = t_place, "title"
        if ctx.year is None and t_year:
            ctx.year, ctx.year_source = t_year, "title"
        break
    return ctx

"""clean_report: raw scraped text → cleaned text, sentences and a cleaning report.

Order matters: furniture is recognised on whole raw lines; glosses and inline
URLs are removed inside kept lines; page markers are then rejoined across
lines; widths are normalised; finally OpenCC gives the simplified text that
annotation and models use, while the original-script text is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import furniture, glosses, notes, pages
from .report import CleaningReport, Removal, SentenceCut, Unrecoverable
from .script import detect_script, to_simplified
from .sentences import cut_sentences, split_sentences
from .markup import decode_page_markup
from .width import normalize_width

UNRECOVERABLE = {"\ufffd", "?"}


def _is_unrecoverable(char: str) -> bool:
    return char in UNRECOVERABLE or "\ue000" <= char <= "\uf8ff"


@dataclass
class Sentence:
    doc: str
    index: int
    start: int
    end: int
    text: str
    text_original: Optional[str]
    script: str

    @property
    def id(self) -> str:
        return f"{self.doc}-{self.index:04d}"

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "script": self.script,
            "text_original": self.text_original,
        }


@dataclass
class CleanedReport:
    doc_id: str
    text: str  # simplified: what is annotated and what models read
    text_original: str  # the cleaned text in the report's own script
    report: CleaningReport
    sentences: List[Sentence] = field(default_factory=list)


def clean_report(raw: str, doc_id: str, source: str = "<text>", max_sentence_chars: Optional[int] = None) -> CleanedReport:
    """Clean one report. Never raises on odd text: the worst case is an empty result.

    ``max_sentence_chars`` (extraction sets it; the corpus is split without it)
    cuts a longer sentence into pieces (``cleaning.sentences.cut_sentences``),
    each listed in ``report.sentences_cut``.
    """
    report = CleaningReport(doc_id=doc_id, source=source, chars_raw=len(raw))
    report.script = detect_script(raw)
    raw, report.markup_decoded = decode_page_markup(raw)
    raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.strip() for line in raw_lines]

    verdicts = furniture.classify_lines(stripped, lambda line: to_simplified(glosses.remove_glosses(line)[0]))
    kept: List[Optional[str]] = []
    for lineno, (line, rule) in enumerate(zip(stripped, verdicts), 1):
        if not line:
            if raw_lines[lineno - 1]:
                report.blank_lines += 1
            kept.append(None)
            continue
        if rule is not None:
            report.removed_lines.append(Removal(lineno, line, rule))
            kept.append(None)
            continue
        line, urls = furniture.strip_inline_urls(line)
        report.removed_inline.extend(Removal(lineno, u, "inline_url") for u in urls)
        line, removed = glosses.remove_glosses(line)
        report.glosses_removed.extend(Removal(lineno, g, "pinyin_gloss") for g in removed)
        line, markers = notes.remove_note_markers(line)
        report.note_markers_removed.extend(Removal(lineno, m, "note_marker") for m in markers)
        kept.append(line.strip() or None)

    # Rejoin pages: strip the marker and glue the page to the previous kept line.
    segments: List[Tuple[int, str]] = []  # (raw line number, text) per output line
    markers = set(pages.find_page_markers(kept))
    for i, line in enumerate(kept):
        if line is None:
            continue
        if i in markers:
            marker = pages.PAGE_MARKER.match(line).group(0)
            report.page_markers_rejoined.append(Removal(i + 1, marker, "page_marker"))
            line = line[len(marker):]
            if segments and not segments[-1][1].endswith(pages.SENTENCE_END):
                lineno, previous = segments[-1]
                segments[-1] = (lineno, previous + line)
                continue
        segments.append((i + 1, line))

    text_original = "\n".join(text for _, text in segments)
    text_original, report.width_normalized = normalize_width(text_original)
    _report_unrecoverable(report, text_original, segments)

    if report.script == "traditional":
        text = to_simplified(text_original)
        report.converted_to_simplified = True
        report.offsets_preserved = len(text) == len(text_original)
    else:
        text = text_original
    report.chars_clean = len(text)

    sentences = []
    bounds = cut_sentences(text, max_sentence_chars) if max_sentence_chars else [(s, e, None) for s, e in split_sentences(text)]
    for index, (start, end, cut) in enumerate(bounds):
        if cut is not None:
            report.sentences_cut.append(SentenceCut(index, start, end, cut))
        original = None
        if report.script == "traditional" and report.offsets_preserved:
            original = text_original[start:end]
        sentences.append(Sentence(doc_id, index, start, end, text[start:end], original, report.script))
    report.sentences = len(sentences)
    return CleanedReport(doc_id, text, text_original, report, sentences)


def _report_unrecoverable(report: CleaningReport, text: str, segments: List[Tuple[int, str]]) -> None:
    offset = 0
    for lineno, segment in segments:
        for i, char in enumerate(segment):
            if _is_unrecoverable(char):
                pos = offset + i
                context = text[max(0, pos - 10) : pos + 10]
                report.unrecoverable.append(Unrecoverable(char, lineno, pos, context))
        offset += len(segment) + 1

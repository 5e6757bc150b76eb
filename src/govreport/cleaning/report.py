"""The per-document cleaning report: everything cleaning took out or could not read.

The report is the audit trail that makes "nothing silently dropped" checkable:
every removed line, inline removal, gloss, rejoined page marker and
unrecoverable character is listed with where it was.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class Removal:
    """A piece of raw text removed by a named rule, at a raw (1-based) line."""

    line: int
    text: str
    rule: str


@dataclass
class Unrecoverable:
    """A character we cannot restore (�, stray ?, private-use glyph of a broken page)."""

    char: str
    line: int
    offset: int  # offset in the cleaned original-script text
    context: str


@dataclass
class SentenceCut:
    """A piece of an overlong sentence (clean_report with max_sentence_chars): cut after a clause mark or at a fixed length."""

    index: int  # the piece's sentence index
    start: int
    end: int
    cut: str  # "clause" | "length"


@dataclass
class CleaningReport:
    doc_id: str
    source: str
    script: str = "simplified"
    converted_to_simplified: bool = False
    offsets_preserved: bool = True
    blank_lines: int = 0
    removed_lines: List[Removal] = field(default_factory=list)
    removed_inline: List[Removal] = field(default_factory=list)
    glosses_removed: List[Removal] = field(default_factory=list)
    note_markers_removed: List[Removal] = field(default_factory=list)
    page_markers_rejoined: List[Removal] = field(default_factory=list)
    width_normalized: int = 0
    markup_decoded: Dict[str, int] = field(default_factory=dict)
    unrecoverable: List[Unrecoverable] = field(default_factory=list)
    sentences_cut: List[SentenceCut] = field(default_factory=list)  # only with max_sentence_chars
    sentences: int = 0
    chars_raw: int = 0
    chars_clean: int = 0
    error: Optional[str] = None

    def removed_texts(self) -> List[str]:
        """All removed text, for checks that no content went missing unreported."""
        groups = (self.removed_lines, self.removed_inline, self.glosses_removed, self.note_markers_removed, self.page_markers_rejoined)
        return [r.text for group in groups for r in group]

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        if not self.sentences_cut:  # cutting is extraction's option: corpus reports stay as they were
            del data["sentences_cut"]
        data["summary"] = {
            "removed_lines": len(self.removed_lines),
            "removed_inline": len(self.removed_inline),
            "glosses_removed": len(self.glosses_removed),
            "note_markers_removed": len(self.note_markers_removed),
            "page_markers_rejoined": len(self.page_markers_rejoined),
            "unrecoverable": len(self.unrecoverable),
            **({"sentences_cut": len(self.sentences_cut)} if self.sentences_cut else {}),
        }
        return data

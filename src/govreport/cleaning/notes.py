"""Footnote and endnote markers: ``[4]``, ``［3］``, ``〔65〕``, removed with the spaces around them.

Reports from Hebei and elsewhere number their notes inside the text
(“双碳”[3]取得新成果). The spec says a marker is never part of a span, and a
model that sees ``65〕`` reads a number. Cleaning removes every marker in
square or tortoise-shell brackets, the same way in every report, and lists
each in the cleaning report. Parenthesised numbers (（1）, (7)) are left
alone: in these reports they number list items far more often than notes.
"""

from __future__ import annotations

import re
from typing import List, Tuple

NOTE_MARKER = re.compile(r"[ \u3000]*(?:\[\d{1,3}\]|［[0-9０-９]{1,3}］|〔[0-9０-９]{1,3}〕)[ \u3000]*")


def remove_note_markers(line: str) -> Tuple[str, List[str]]:
    """Return ``line`` without note markers, and the markers removed (as written, spaces stripped)."""
    removed: List[str] = []

    def drop(match: "re.Match[str]") -> str:
        removed.append(match.group(0).strip(" \u3000"))
        return ""

    return NOTE_MARKER.sub(drop, line), removed

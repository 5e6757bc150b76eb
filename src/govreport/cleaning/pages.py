"""Page markers of documents converted from Word/PDF by sharing sites.

Such sites print every page as one line that starts with its page number and
``、``, cutting sentences at page boundaries (…殊为\\n2、不易的答卷). A line
counts as a page marker only when the numbers form the sequence 1, 2, 3 …
(at least three pages) in line order, which list items like 1、2、 inside a
section rarely do across a whole document without sentence ends.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

PAGE_MARKER = re.compile(r"^(\d{1,3})、")
SENTENCE_END = tuple("。！？!?；;：:”")
MIN_PAGES = 3


def find_page_markers(lines: Sequence[Optional[str]]) -> List[int]:
    """Indexes of lines that start with a page marker (None entries are ignored)."""
    candidates = []
    expected = 1
    for i, line in enumerate(lines):
        if not line:
            continue
        m = PAGE_MARKER.match(line)
        if m and int(m.group(1)) == expected:
            candidates.append(i)
            expected += 1
    if len(candidates) < MIN_PAGES:
        return []
    # A real page sequence cuts sentences: most previous pages end mid-sentence.
    cut = sum(
        1 for i in candidates[1:] if _previous(lines, i) and not _previous(lines, i).endswith(SENTENCE_END)
    )
    return candidates if cut >= (len(candidates) - 1) / 2 else []


def _previous(lines: Sequence[Optional[str]], i: int) -> Optional[str]:
    for j in range(i - 1, -1, -1):
        if lines[j]:
            return lines[j]
    return None

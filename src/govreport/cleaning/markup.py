"""Web-page markup left in scraped text: escaped line breaks, HTML entities, tags.

Some mirror sites store the report with literal ``\\r\\n`` sequences and
``&nbsp;`` entities instead of characters. We decode them before anything
else (so that line-based rules see real lines) and count what was decoded.

One mirror (report 127, 顺平县 2008) writes every percent sign as ``_M_M_``
(增长13.3_M_M_): 22 times after a number and never a real ``%``, so it is the
site's escape of ``%``, restored here like an entity, not a guess.
"""

from __future__ import annotations

import html
import re
from typing import Dict, Tuple

ESCAPED_NEWLINE = re.compile(r"\\r\\n|\\n|\\r")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
MANGLED_PERCENT = re.compile(r"(?<=\d)_M_M_")
TAG = re.compile(r"</?(p|br|div|span|strong|b|i|font|a|td|tr|table|img)\b[^>]*>", re.I)


def decode_page_markup(text: str) -> Tuple[str, Dict[str, int]]:
    counts: Dict[str, int] = {}
    text, counts["escaped_newlines"] = ESCAPED_NEWLINE.subn("\n", text)
    text, counts["html_tags"] = TAG.subn("\n", text)
    text, counts["mangled_percent_signs"] = MANGLED_PERCENT.subn("%", text)
    entities = len(ENTITY.findall(text))
    if entities:
        text = ENTITY.sub(lambda m: html.unescape(m.group(0)).replace("\xa0", " "), text)
    counts["html_entities"] = entities
    return text, {k: v for k, v in counts.items() if v}

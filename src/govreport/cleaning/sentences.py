"""Sentence splitting for reports: on 。！？；(and ! ;) and line breaks, never inside numbers.

Closing quotes and brackets after a terminator stay with their sentence. The
half-width ``?`` is not a terminator: in this corpus it is a stray character
of a broken encoding, reported by cleaning, not a question mark.
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

_TERMINATORS = "。！？；!;"
_CLOSERS = "”’」』)）》】\"'"
_SPLIT = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*|\n")


def split_sentences(text: str) -> Iterator[Tuple[int, int]]:
    """Yield (start, end) character offsets of sentences, trimmed of white space."""
    start = 0
    for m in _SPLIT.finditer(text):
        end = m.end() if m.group(0) != "\n" else m.start()
        # never split between two digits (a stray ; in 3;5 is not a sentence end)
        if m.group(0) != "\n" and m.start() > 0 and m.end() < len(text):
            if text[m.start() - 1].isdigit() and text[m.end()].isdigit():
                continue
        yield from _trimmed(text, start, end)
        start = m.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[Tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end

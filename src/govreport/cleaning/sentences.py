"""Sentence splitting for reports: on 。！？；(and ! ;) and line breaks, never inside numbers.

Closing quotes and brackets after a terminator stay with their sentence. The
half-width ``?`` is not a terminator: in this corpus it is a stray character
of a broken encoding, reported by cleaning, not a question mark.

A scraped page can be one line of hundreds of thousands of characters with no
terminator at all. ``split_sentences(text, max_chars=N)`` / ``cut_sentences``
cut such an overlong sentence into pieces of at most N characters: after the
last clause mark (，,、：:) that fits, or, when there is none, at N characters
(moved back so that a number or a Latin word is not split). Without
``max_chars`` nothing is cut (the corpus and training data are split that way).
"""

from __future__ import annotations

import re
from typing import Iterator, List, Optional, Tuple

_TERMINATORS = "。！？；!;"
_CLOSERS = "”’」』)）》】\"'"
_SPLIT = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*|\n")
# where an overlong sentence may be cut: after a clause mark (not 1,200 or 12:41)
CLAUSE_MARKS = "，,、：:"
CUT_AT_CLAUSE = "clause"
CUT_AT_LENGTH = "length"
_BACKOFF = 32  # a fixed-length cut moves back at most this far to keep a number or word whole

Cut = Tuple[int, int, Optional[str]]  # (start, end, how the sentence was cut: None, "clause" or "length")


def split_sentences(text: str, max_chars: Optional[int] = None) -> Iterator[Tuple[int, int]]:
    """Yield (start, end) character offsets of sentences, trimmed of white space.

    With ``max_chars``, a sentence longer than that is cut into pieces (see ``cut_sentences``).
    """
    if max_chars:
        for start, end, _ in cut_sentences(text, max_chars):
            yield start, end
        return
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


def cut_sentences(text: str, max_chars: int) -> List[Cut]:
    """Sentences as ``split_sentences`` finds them, each longer than ``max_chars`` cut into pieces.

    Every piece says how it was cut: None (a whole sentence), "clause" (cut
    after a clause mark) or "length" (a fixed-length cut at one of its ends:
    no clause mark within ``max_chars``).
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    out: List[Cut] = []
    for start, end in split_sentences(text):
        if end - start <= max_chars:
            out.append((start, end, None))
            continue
        points = [(start, None)] + cut_points(text, start, end, max_chars) + [(end, None)]
        for (a, how_a), (b, how_b) in zip(points, points[1:]):
            how = CUT_AT_LENGTH if CUT_AT_LENGTH in (how_a, how_b) else CUT_AT_CLAUSE
            out.extend((s, e, how) for s, e in _trimmed(text, a, b))
    return out


def cut_points(text: str, start: int, end: int, max_chars: int) -> List[Tuple[int, str]]:
    """Where to cut ``text[start:end]`` so that no piece is longer than ``max_chars``: (offset, "clause"|"length")."""
    points: List[Tuple[int, str]] = []
    pos = start
    while end - pos > max_chars:
        limit = pos + max_chars
        cut = _last_clause_mark(text, pos, limit)
        if cut is not None:
            points.append((cut, CUT_AT_CLAUSE))
        else:
            cut = limit
            floor = max(pos + 1, limit - _BACKOFF)
            while cut > floor and _word_char(text[cut - 1]) and _word_char(text[cut]):
                cut -= 1
            if cut == floor and _word_char(text[cut - 1]) and _word_char(text[cut]):
                cut = limit  # a 32-character number: cut it anyway
            points.append((cut, CUT_AT_LENGTH))
        pos = cut
    return points


def _last_clause_mark(text: str, start: int, limit: int) -> Optional[int]:
    """Offset just after the last clause mark in ``text[start:limit]`` that is not inside a number."""
    hi = limit
    while hi > start:
        i = max(text.rfind(ch, start, hi) for ch in CLAUSE_MARKS)
        if i < 0:
            return None
        if not (text[i] in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            return i + 1 if i + 1 > start else None
        hi = i
    return None


def _word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,:%")


def _trimmed(text: str, start: int, end: int) -> Iterator[Tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end

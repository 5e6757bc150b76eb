"""The canonical form of a text: simplified script, half-width punctuation, digits and letters.

The models must not see a different word because a report writes 發展 or ，
where another writes 发展 or ,. The tokenizer segments the simplified form and
gives every token this canonical form as its ``NORM``, which the tok2vec
reads; the token's text stays the original characters. Every mapping here is
one character to one character, so offsets into the canonical text are offsets
into the original.
"""

from __future__ import annotations

from functools import lru_cache

from .script import to_simplified

# Full-width ASCII (U+FF01–U+FF5E) maps to ASCII by a fixed offset; the rest by hand.
_EXTRA = {
    "\u3000": " ",
    "“": '"', "”": '"', "‘": "'", "’": "'",
    "〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]",
    "「": '"', "」": '"', "『": '"', "』": '"', "〈": "<", "〉": ">",
    "—": "-", "－": "-", "～": "~", "．": ".", "。": "。",
}
_TABLE = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}, **{ord(k): v for k, v in _EXTRA.items()}}


def half_width(text: str) -> str:
    """Full-width punctuation, digits and letters as their ASCII forms (same length)."""
    return text.translate(_TABLE)


@lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    out = to_simplified(ch)
    return out if len(out) == 1 else ch


def simplified_same_length(text: str) -> str:
    """OpenCC t2s, character by character where a phrase conversion would change the length."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    return "".join(_simplified_char(ch) for ch in text)


def canonical(text: str) -> str:
    """Simplified, half-width, lower-case: what a token's NORM holds."""
    return half_width(simplified_same_length(text)).lower()

"""BERT's word-piece tokenizer for the context encoder, with character offsets.

Why not the ``tokenizers`` package: since 0.14 it depends on ``huggingface_hub`` (a hub
client with its own HTTP stack), and the project downloads nothing from a hub. The
algorithm is BERT's: clean the text, make every CJK character a word, split at
whitespace and punctuation, then cut each word greedily into the longest pieces of the
vocabulary (``##`` marks a piece inside a word; a word that cannot be cut is ``[UNK]``).
It reads the ``tokenizer.json`` the encoder ships (a ``BertNormalizer`` without
lower-casing, a ``BertPreTokenizer``, a ``WordPiece`` model); docs/experiments.md
(round 22) compares it with ``tokenizers`` on every corpus sentence.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Dict, List, Tuple

from ..errors import GovreportError

_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
        (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK)


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(ch).startswith("P")


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")  # as tokenizers: private use too


class WordPiece:
    """Text → piece ids and (start, end) character offsets, ``[CLS]`` first and ``[SEP]`` last (offsets 0, 0)."""

    def __init__(self, vocab: Dict[str, int], unk: str = "[UNK]", prefix: str = "##", max_chars: int = 100,
                 cls: str = "[CLS]", sep: str = "[SEP]"):
        for token in (unk, cls, sep):
            if token not in vocab:
                raise GovreportError(f"word-piece vocabulary has no {token}")
        self.vocab, self.prefix, self.max_chars = vocab, prefix, max_chars
        self.unk, self.cls, self.sep = vocab[unk], vocab[cls], vocab[sep]

    @classmethod
    def from_json(cls, tokenizer_json: str) -> "WordPiece":
        spec = json.loads(tokenizer_json)
        model, normalizer = spec.get("model") or {}, spec.get("normalizer") or {}
        if model.get("type") != "WordPiece" or (spec.get("pre_tokenizer") or {}).get("type") != "BertPreTokenizer":
            raise GovreportError("tokenizer.json: not a BERT word-piece tokenizer (WordPiece model, BertPreTokenizer)")
        if normalizer.get("type") != "BertNormalizer" or normalizer.get("lowercase") or normalizer.get("strip_accents"):
            raise GovreportError("tokenizer.json: only a BertNormalizer without lower-casing or accent stripping is supported")
        return cls(model["vocab"], model.get("unk_token", "[UNK]"), model.get("continuing_subword_prefix", "##"),
                   int(model.get("max_input_chars_per_word", 100)))

    def words(self, text: str) -> List[Tuple[int, int]]:
        """The (start, end) of each word: CJK characters and punctuation alone, the rest split at whitespace."""
        spans: List[Tuple[int, int]] = []
        start = None
        for i, ch in enumerate(text):
            alone = _is_cjk(ch) or _is_punctuation(ch)
            if alone or ch == "\ufffd" or _is_control(ch) or _is_whitespace(ch):  # \x00 is a control character
                if start is not None:
                    spans.append((start, i))
                    start = None
                if alone:
                    spans.append((i, i + 1))
            elif start is None:
                start = i
        if start is not None:
            spans.append((start, len(text)))
        return spans

    def pieces(self, word: str, start: int) -> List[Tuple[int, int, int]]:
        """(id, start, end) of the word's pieces, longest first; the whole word as ``[UNK]`` if it cannot be cut."""
        if len(word) > self.max_chars:
            return [(self.unk, start, start + len(word))]
        out, i = [], 0
        while i < len(word):
            for j in range(len(word), i, -1):
                piece = word[i:j] if i == 0 else self.prefix + word[i:j]
                if piece in self.vocab:
                    out.append((self.vocab[piece], start + i, start + j))
                    i = j
                    break
            else:
                return [(self.unk, start, start + len(word))]
        return out

    def encode(self, text: str) -> Tuple[List[int], List[Tuple[int, int]]]:
        ids, offsets = [self.cls], [(0, 0)]
        for start, end in self.words(text):
            for piece, a, b in self.pieces(text[start:end], start):
                ids.append(piece)
                offsets.append((a, b))
        ids.append(self.sep)
        offsets.append((0, 0))
        return ids, offsets

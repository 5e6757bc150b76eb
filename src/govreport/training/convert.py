"""Gold JSONL → .spacy DocBins, reporting every span the tokenizer cannot reach.

A span whose edges fall inside a token is lost to NER and spancat alike. We
report each one (sentence id, text, span) and stop when more than
``max_lost`` of the spans are lost, so misalignment is fixed at its cause
(tokenizer rules, user dictionary), not hidden by dropping data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..annotation.gold import GoldSentence
from ..annotation.schema import Span
from ..cleaning.script import to_traditional


@dataclass
class Misaligned:
    sentence_id: str
    text: str
    span: Span
    tokens: List[str]

    def __str__(self) -> str:
        s, e, label = self.span
        return f"{self.sentence_id}: {label} {self.text[s:e]!r} [{s}:{e}] cuts tokens {self.tokens}"


@dataclass
class ConversionReport:
    docs: int = 0
    spans: int = 0
    lost: List[Misaligned] = field(default_factory=list)
    augmented: int = 0
    not_augmented: int = 0
    # tokens per aligned gold span (copies not counted): the spancat suggester's coverage (training.coverage)
    span_lengths: Counter = field(default_factory=Counter)

    @property
    def lost_share(self) -> float:
        return len(self.lost) / self.spans if self.spans else 0.0


def make_doc(nlp: Language, sentence: GoldSentence, text: Optional[str] = None, spans_key: str = "sc",
             report: Optional[ConversionReport] = None) -> Doc:
    """A Doc with gold entities (doc.ents) and the same spans in doc.spans[spans_key]."""
    text = sentence.text if text is None else text
    doc = nlp.make_doc(text)
    spans = []
    for start, end, label in sentence.spans:
        span = doc.char_span(start, end, label=label)
        if span is None:
            if report is not None:
                tokens = [t.text for t in doc if t.idx < end and t.idx + len(t) > start]
                report.lost.append(Misaligned(sentence.sentence_id, text, (start, end, label), tokens))
            continue
        spans.append(span)
    doc.ents = spans
    doc.spans[spans_key] = list(spans)
    doc.user_data["sentence_id"] = sentence.sentence_id
    if report is not None:
        report.docs += 1
        report.spans += len(sentence.spans)
        report.span_lengths.update(len(span) for span in spans)
    return doc


def traditional_copy(sentence: GoldSentence, convert: Callable[[str], str] = to_traditional) -> Optional[GoldSentence]:
    """The sentence in traditional script when OpenCC keeps every offset, else None."""
    text = convert(sentence.text)
    if len(text) != len(sentence.text):
        return None
    return GoldSentence(sentence.sentence_id + "#t", sentence.doc, text, sentence.spans, sentence.relations, sentence.review_state)


def to_docbin(nlp: Language, sentences: Iterable[GoldSentence], spans_key: str = "sc", augment_traditional: bool = False,
              report: Optional[ConversionReport] = None, extra: Callable[[GoldSentence], Iterable[GoldSentence]] = lambda s: ()) -> DocBin:
    """Gold sentences as Docs; ``extra`` yields augmented copies (not counted as gold)."""
    db = DocBin(store_user_data=True)
    for sentence in sentences:
        db.add(make_doc(nlp, sentence, spans_key=spans_key, report=report))
        for copy in extra(sentence):
            db.add(make_doc(nlp, copy, spans_key=spans_key))
        if augment_traditional:
            copy = traditional_copy(sentence)
            if copy is None:
                if report is not None:
                    report.not_augmented += 1
                continue
            db.add(make_doc(nlp, copy, spans_key=spans_key))
            if report is not None:
                report.augmented += 1
    return db

"""NER only where a record can come from: ``govreport_figure_gate``.

A record links an indicator to a VALUE or PERCENT, so a sentence without a
figure never yields one; yet such sentences are more than half of a report's
text (56 % of the characters of the seed reports' gold sentences), and NER is
most of the pipeline's time after the tokenizer (issue 13). This component
takes NER's place in the pipeline: the trained ``ner`` stays in the pipeline,
disabled (``[nlp] disabled``), and the gate runs it on the sentences that hold
a figure (an Arabic digit, the redaction mark XX, or a VALUE/PERCENT of the
rule baseline that ``govreport_token_marks`` kept, which reads Chinese
numerals with a unit), each sentence on its own, as NER was trained.

It also lets through the sentences that name a statistic without a figure (a
word of the indicator lexicon, or a word ending in 率, 量 or 数): the spec
annotates such INDICATORs (碳排放, 群众满意度), and without them the gate cost
1.4 points of INDICATOR F over held-out reports (docs/experiments.md, rounds
12 and 13). What it still costs: the INDICATORs named alone that neither
test catches, which the entities lack and the records never held. Enable
``ner`` and disable this component for every entity of every sentence:
``nlp.enable_pipe("ner"); nlp.disable_pipe("figure_gate")``.
"""

# no `from __future__ import annotations`: spaCy validates factory arguments from real types

import re
from bisect import bisect_left
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from .cleaning.sentences import split_sentences
from .decoding import rule_spans
from .errors import GovreportError
from .rules.numbers import NUMBER
from .tokenizer import doc_text

FIGURE = re.compile(NUMBER)  # the rules' number: any Unicode digit (full-width too) or the redaction mark XX
RULE_FIGURES = ("VALUE", "PERCENT")
# A sentence without a figure still holds an INDICATOR when it names a statistic (the spec annotates
# 碳排放, 群众满意度 without a number): a token that begins an entry of the indicator lexicon
# (govreport_token_marks' IND mark), or a word whose last character is the head of a statistic's
# name (响应率, 吞吐量, 死亡人数). Chosen by cross-validation (docs/experiments.md, round 13).
STATISTIC_MARKS = ("INDB",)
STATISTIC_HEADS = "率量数"


def _names_a_statistic(token: Token, marks: Tuple[str, ...], heads: str) -> bool:
    text = token.norm_  # the canonical form (simplified, half-width): 人數 ends in 数 as 人数 does
    if heads and len(text) > 1 and text[-1] in heads:
        return True
    if not marks:
        return False
    tags = token.tag_.split("|")  # one split per token, not one per mark
    return any(mark in tags for mark in marks)


def figure_sentences(doc: Doc, statistic_marks: Sequence[str] = (), statistic_heads: str = "") -> List[Tuple[int, int]]:
    """Token bounds ``(start, end)`` of the sentences of ``doc`` that hold a figure, or that name a
    statistic when ``statistic_marks`` (token-mark codes in ``Token.tag_``) or ``statistic_heads``
    (last characters of a word) are given."""
    text = doc_text(doc)
    # character offsets that make a sentence pass: the rule figures, and the words that name a statistic
    anchors = [a for a, _, label in (rule_spans(doc) or ()) if label in RULE_FIGURES]
    marks = tuple(statistic_marks)
    if marks or statistic_heads:
        anchors += [t.idx for t in doc if _names_a_statistic(t, marks, statistic_heads)]
    anchors.sort()
    out = []
    for start, end in split_sentences(text):
        first = bisect_left(anchors, start)  # the first anchor at or after the sentence's start
        if FIGURE.search(text, start, end) or (first < len(anchors) and anchors[first] < end):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                out.append((span.start, span.end))
    return out


class FigureGate:
    """Runs the pipeline's (disabled) NER component on each Doc's figure sentences and sets ``doc.ents``."""

    def __init__(self, nlp: Language, name: str = "figure_gate", ner: str = "ner",
                 statistic_marks: Sequence[str] = STATISTIC_MARKS, statistic_heads: str = STATISTIC_HEADS):
        self.name = name
        self.ner_name = ner
        self.statistic_marks = tuple(statistic_marks)
        self.statistic_heads = statistic_heads
        self._nlp = nlp  # the NER component is looked up at the first call: it may be added after the gate

    @property
    def ner(self):
        try:
            return self._nlp.get_pipe(self.ner_name)
        except KeyError:
            raise GovreportError(f"{self.name}: the pipeline has no component {self.ner_name!r} to run "
                                 f"(it has {self._nlp.component_names})") from None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        ner = self.ner
        for batch in minibatch(docs, batch_size):
            parts: List[Doc] = []
            where: List[Tuple[int, int]] = []  # (doc in batch, first token) of each part
            for i, doc in enumerate(batch):
                for start, end in figure_sentences(doc, self.statistic_marks, self.statistic_heads):
                    parts.append(doc[start:end].as_doc())
                    where.append((i, start))
            found: List[List[Tuple[int, int, str]]] = [[] for _ in batch]
            for (i, offset), part in zip(where, ner.pipe(parts, batch_size=batch_size)):
                found[i].extend((offset + e.start, offset + e.end, e.label_) for e in part.ents)
            for doc, ents in zip(batch, found):
                doc.set_ents([Span(doc, a, b, label=label) for a, b, label in ents], default="outside")
                yield doc


@Language.factory("govreport_figure_gate", default_config={"ner": "ner", "statistic_marks": list(STATISTIC_MARKS),
                                                           "statistic_heads": STATISTIC_HEADS})
def make_figure_gate(nlp: Language, name: str, ner: str, statistic_marks: List[str], statistic_heads: str) -> FigureGate:
    return FigureGate(nlp, name, ner, statistic_marks, statistic_heads)


def gate_pipeline(nlp: Language, ner: str = "ner", name: str = "figure_gate") -> Optional[str]:
    """Put a figure gate right after ``ner`` and disable ``ner`` (as configs/pipeline.cfg does); None without NER."""
    if ner not in nlp.pipe_names:
        return None
    nlp.add_pipe("govreport_figure_gate", name=name, after=ner, config={"ner": ner})
    nlp.disable_pipe(ner)
    return name


def ungate_pipeline(nlp: Language) -> List[str]:
    """Undo the gate: enable the NER each enabled figure gate runs and disable the gate, so NER reads every
    sentence (annotation suggestions must show the indicators of sentences without a figure too).
    Returns the names of the gates disabled (empty for a pipeline without one)."""
    gates = [name for name, pipe in nlp.pipeline if isinstance(pipe, FigureGate)]
    for name in gates:
        ner = nlp.get_pipe(name).ner_name
        if ner in nlp.disabled:
            nlp.enable_pipe(ner)
        nlp.disable_pipe(name)
    return gates

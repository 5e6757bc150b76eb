"""Training on the sentences the figure gate lets through: the text the shipped NER is run on.

The shipped pipeline runs NER only on the sentences that hold a figure or name
a statistic (``govreport_figure_gate``); the others never reach it. Yet they
are about two thirds of the training sentences, nearly all without an entity.
The idea measured here: a model that trains only on what it will be asked
about should find more, since over held-out reports the shipped INDICATOR's
precision is well above its recall. ``gated_sentence_ids`` keeps, by the
gate's own test on the tokenizer and token marks the model reads, the
sentences the gate would pass, so a fold can train (and choose its
checkpoint) on those alone (``crossval --train-sentences gated``).

Measured in round 29 (docs/experiments.md) and not adopted: on the first
held-out report, relations fell 2.4 and 6.6 points at two seeds, and
INDICATOR recall fell with its precision. The sentences the gate drops hold
the same names without a figure, which the spec leaves bare, and the model
learns from them where an INDICATOR is not. The option stays for the record,
off by default."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Set

from spacy.language import Language
from tqdm import tqdm

from ..annotation.gold import GoldSentence
from ..figure_gate import STATISTIC_HEADS, STATISTIC_MARKS, figure_sentences
from .nlp import blank_zh

TRAIN_SENTENCES = ("all", "gated")
DEFAULT_TRAIN_SENTENCES = "all"


def marks_pipeline(segmenter: str, pkuseg_model: Optional[Path], domain_terms: Optional[Path], gazetteer: Path,
                   jieba_dict: Optional[Path]) -> Language:
    """The training tokenizer and ``govreport_token_marks`` with its lexicons: what the gate reads in a pipeline."""
    nlp = blank_zh(segmenter, pkuseg_model, domain_terms)
    marks = nlp.add_pipe("govreport_token_marks", name="token_marks")
    marks.initialize(gazetteer=gazetteer, jieba_dict=jieba_dict)
    return nlp


def gated_sentence_ids(sentences: Sequence[GoldSentence], nlp: Language, batch_size: int = 256) -> Set[str]:
    """The ids of the gold sentences in which the figure gate finds a sentence to run NER on."""
    texts = (s.text for s in sentences)
    docs = tqdm(nlp.pipe(texts, batch_size=batch_size), total=len(sentences), desc="figure gate", unit="sentence")
    return {s.sentence_id for s, doc in zip(sentences, docs) if figure_sentences(doc, STATISTIC_MARKS, STATISTIC_HEADS)}

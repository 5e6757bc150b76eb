"""Fit the place filter (``govreport.place_filter``) on the documents a model was trained on.

The documents are those of the training DocBins (``train.spacy``, ``dev.spacy``
of the project or of a cross-validation fold), so the filter never sees a
test report. Gold PLACEs are read at their exact characters from the gold
JSONL (a DocBin keeps only the spans that line up with tokens), and each
sentence is read by the trained pipeline's own tokenizer and token marks, as
at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from tqdm import tqdm

from ..annotation.gold import GoldSentence
from ..decoding import rule_spans
from ..errors import GovreportError
from ..place_filter import (DEFAULT_C, DEFAULT_THRESHOLD, SEED_REPORT_WEIGHT, SHIPPED_LAC, PlaceFilter, candidates,
                            fit_place_filter, lac_tagger)
from ..tokenizer import GovreportTokenizer
from .reader import StoredTokens
from .splits import is_seed

Row = Tuple[Dict[str, float], bool]


def training_docs(docbins: Iterable[Path]) -> Dict[str, Doc]:
    """The docs the DocBins hold, by sentence id (a traditional copy is ``<id>#t``)."""
    docs: Dict[str, Doc] = {}
    vocab = spacy.blank("zh").vocab
    for path in docbins:
        try:
            docbin = DocBin().from_disk(path)
        except (ValueError, OSError) as err:
            raise GovreportError(f"{path}: not a DocBin (.spacy) file ({str(err).splitlines()[0]})") from None
        for doc in docbin.get_docs(vocab):
            sentence_id = str(doc.user_data.get("sentence_id", ""))
            if sentence_id:
                docs[sentence_id] = doc
    return docs


def sentence_ids_of(docs: Mapping[str, Doc]) -> List[str]:
    """The gold sentences of ``training_docs`` (a traditional copy counts as its sentence)."""
    return sorted({sentence_id.split("#")[0] for sentence_id in docs})


def marking_pipeline(model: Path) -> Language:
    """The trained pipeline's tokenizer and token marks (the rule spans are kept by govreport_token_marks)."""
    nlp = spacy.load(model)
    if "token_marks" not in nlp.pipe_names:
        raise GovreportError(f"{model}: no token_marks component; the place filter reads its rule spans and marks")
    nlp.select_pipes(disable=[name for name in nlp.pipe_names if name != "token_marks"])
    return nlp


def place_rows(nlp: Language, sentences: Sequence[GoldSentence], progress: bool = False, lac: bool = False,
               stored: Optional[Mapping[str, Doc]] = None) -> List[Row]:
    """(features, is gold) for every PLACE the rules find in ``sentences``; ``lac``: with LAC's view of each.

    ``stored``: the training docs by sentence id (``training_docs``); a sentence
    stored with its text is taken at its stored tokens instead of being
    segmented again (the model's tokenizer cut them: ``training.reader``)."""
    return [row for rows in sentence_rows(nlp, sentences, progress, lac, stored) for row in rows]


def sentence_rows(nlp: Language, sentences: Sequence[GoldSentence], progress: bool = False, lac: bool = False,
                  stored: Optional[Mapping[str, Doc]] = None) -> List[List[Row]]:
    """``place_rows`` of each sentence, in the order of ``sentences`` (so that rows can be weighed by their report)."""
    tagger = lac_tagger() if lac else None
    out: List[List[Row]] = []
    stored_tokens = StoredTokens("the training DocBins")
    docs = nlp.pipe(_unread_doc(nlp, s, stored or {}, stored_tokens) for s in sentences)
    for sentence, doc in tqdm(zip(sentences, docs), total=len(sentences), desc="place candidates", unit="sentence",
                              disable=not progress):
        gold = [(a, b) for a, b, label in sentence.spans if label == "PLACE"]
        out.append(candidates(doc, rule_spans(doc) or [], gold, tagger))
    return out


def _unread_doc(nlp: Language, sentence: GoldSentence, stored: Mapping[str, Doc], stored_tokens: StoredTokens) -> Union[str, Doc]:
    """The sentence's tokens as the pipeline's tokenizer would cut them, from the stored doc when it has them."""
    doc = stored.get(sentence.sentence_id)
    if doc is not None and doc.text == sentence.text and isinstance(nlp.tokenizer, GovreportTokenizer):
        return stored_tokens(nlp.tokenizer, doc)
    return sentence.text


def fit_for_model(model: Path, gold: Sequence[GoldSentence], sentence_ids: Iterable[str], c: float = DEFAULT_C,
                  threshold: float = DEFAULT_THRESHOLD, progress: bool = False,
                  meta: Optional[Mapping[str, object]] = None, lac: bool = SHIPPED_LAC,
                  stored: Optional[Mapping[str, Doc]] = None,
                  seed_report_weight: float = SEED_REPORT_WEIGHT) -> PlaceFilter:
    """The place filter of the trained pipeline ``model``, fitted on the gold sentences ``sentence_ids``
    (``lac``: it also reads Baidu LAC's words around each candidate, here and at run time; ``stored``:
    see ``place_rows``). Each gazetteer match in a seed report counts ``seed_report_weight`` times, one in an
    extra report once (``SEED_REPORT_WEIGHT``)."""
    if seed_report_weight <= 0:
        raise GovreportError(f"the seed reports' weight in the place filter must be positive, not {seed_report_weight}")
    wanted = set(sentence_ids)
    sentences = [s for s in gold if s.sentence_id in wanted]
    if not sentences:
        raise GovreportError("no gold sentence to fit the place filter on (are the DocBins from this gold?)")
    rows: List[Row] = []
    weights: List[float] = []
    for sentence, found in zip(sentences, sentence_rows(marking_pipeline(model), sentences, progress, lac, stored)):
        rows.extend(found)
        weights.extend([seed_report_weight if is_seed(sentence.doc) else 1.0] * len(found))
    info = {"sentences": len(sentences), "seed_report_weight": seed_report_weight, **dict(meta or {})}
    return fit_place_filter(rows, c, threshold, info, lac, weights)

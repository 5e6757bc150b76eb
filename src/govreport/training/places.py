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
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from tqdm import tqdm

from ..annotation.gold import GoldSentence
from ..decoding import rule_spans
from ..errors import GovreportError
from ..place_filter import DEFAULT_C, DEFAULT_THRESHOLD, SHIPPED_LAC, PlaceFilter, candidates, fit_place_filter, lac_tagger

Row = Tuple[Dict[str, float], bool]


def sentence_ids_of(docbins: Iterable[Path]) -> List[str]:
    """The gold sentences the DocBins hold (a traditional copy ``<id>#t`` counts as its sentence)."""
    ids = set()
    vocab = spacy.blank("zh").vocab
    for path in docbins:
        try:
            docbin = DocBin().from_disk(path)
        except (ValueError, OSError) as err:
            raise GovreportError(f"{path}: not a DocBin (.spacy) file ({str(err).splitlines()[0]})") from None
        for doc in docbin.get_docs(vocab):
            sentence_id = str(doc.user_data.get("sentence_id", "")).split("#")[0]
            if sentence_id:
                ids.add(sentence_id)
    return sorted(ids)


def marking_pipeline(model: Path) -> Language:
    """The trained pipeline's tokenizer and token marks (the rule spans are kept by govreport_token_marks)."""
    nlp = spacy.load(model)
    if "token_marks" not in nlp.pipe_names:
        raise GovreportError(f"{model}: no token_marks component; the place filter reads its rule spans and marks")
    nlp.select_pipes(disable=[name for name in nlp.pipe_names if name != "token_marks"])
    return nlp


def place_rows(nlp: Language, sentences: Sequence[GoldSentence], progress: bool = False, lac: bool = False) -> List[Row]:
    """(features, is gold) for every PLACE the rules find in ``sentences``; ``lac``: with LAC's view of each."""
    tagger = lac_tagger() if lac else None
    rows: List[Row] = []
    docs = nlp.pipe(s.text for s in sentences)
    for sentence, doc in tqdm(zip(sentences, docs), total=len(sentences), desc="place candidates", unit="sentence",
                              disable=not progress):
        gold = [(a, b) for a, b, label in sentence.spans if label == "PLACE"]
        rows.extend(candidates(doc, rule_spans(doc) or [], gold, tagger))
    return rows


def fit_for_model(model: Path, gold: Sequence[GoldSentence], sentence_ids: Iterable[str], c: float = DEFAULT_C,
                  threshold: float = DEFAULT_THRESHOLD, progress: bool = False,
                  meta: Optional[Mapping[str, object]] = None, lac: bool = SHIPPED_LAC) -> PlaceFilter:
    """The place filter of the trained pipeline ``model``, fitted on the gold sentences ``sentence_ids``
    (``lac``: it also reads Baidu LAC's words around each candidate, here and at run time)."""
    wanted = set(sentence_ids)
    sentences = [s for s in gold if s.sentence_id in wanted]
    if not sentences:
        raise GovreportError("no gold sentence to fit the place filter on (are the DocBins from this gold?)")
    rows = place_rows(marking_pipeline(model), sentences, progress, lac)
    return fit_place_filter(rows, c, threshold, {"sentences": len(sentences), **dict(meta or {})}, lac)

"""``govreport.Corpus.v1``: spaCy's corpus reader, without segmenting every training sentence again.

``spacy.Corpus.v1`` makes each example's predicted doc with
``nlp.make_doc(reference.text)``, so pkuseg segments every training sentence
once an epoch (and once more to initialise): about a minute each time over the
21,240 training sentences; 300 steps of train-ner took 395 s with it and 185 s
with this reader, to the same weights byte for byte. The corpus ``convert`` writes was cut
by this same tokenizer, so this reader builds the predicted doc from the
reference's own tokens (``GovreportTokenizer.tokens_of``: the same tokens,
NORM, PREFIX and SUFFIX). It trusts that only after checking it: the first
sentences of every corpus are segmented again and compared, and a corpus cut
another way (another segmenter, other domain terms) stops training with an
error that names the file, instead of training on tokens the pipeline never
makes. Any other tokenizer gets spaCy's own behaviour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Corpus, Example
from spacy.util import registry

from ..errors import GovreportError
from ..tokenizer import GovreportTokenizer

CHECKED_SENTENCES = 25


@registry.readers("govreport.Corpus.v1")
def create_corpus_reader(path: Optional[Path], gold_preproc: bool = False, max_length: int = 0, limit: int = 0,
                         augmenter: Optional[Callable] = None) -> Callable[[Language], Iterator[Example]]:
    """The arguments of ``spacy.Corpus.v1``."""
    if path is None:
        raise GovreportError("govreport.Corpus.v1 needs a path: set [paths] train / dev or pass --paths.train")
    return ConvertedCorpus(path, gold_preproc=gold_preproc, max_length=max_length, limit=limit,
                           augmenter=augmenter)


class ConvertedCorpus(Corpus):
    """A corpus written by ``convert``: predicted docs come from the reference tokens (checked)."""

    def __init__(self, path: Union[str, Path], **kwargs) -> None:
        super().__init__(path, **kwargs)
        self._checked = 0

    def _make_example(self, nlp: Language, reference: Doc, gold_preproc: bool) -> Example:
        tokenizer = nlp.tokenizer
        if gold_preproc or reference.has_unknown_spaces or not isinstance(tokenizer, GovreportTokenizer):
            return super()._make_example(nlp, reference, gold_preproc)
        if self._checked < CHECKED_SENTENCES:
            self._check(tokenizer, reference)
        return Example(tokenizer.tokens_of(reference), reference)

    def _check(self, tokenizer: GovreportTokenizer, reference: Doc) -> None:
        segmented = [token.text for token in tokenizer(reference.text)]
        stored = [token.text for token in reference]
        if segmented != stored:
            raise GovreportError(
                f"{self.path}: the sentence {reference.text[:40]!r} is stored as {stored[:12]} but this pipeline's "
                f"tokenizer cuts it as {segmented[:12]}: the corpus was converted with another segmenter or other "
                "domain terms. Convert it again with the training config's tokenizer (`spacy project run convert`).")
        self._checked += 1

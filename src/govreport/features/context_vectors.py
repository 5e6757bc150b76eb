"""A small pretrained Chinese encoder's contextual vectors as one more embedding column.

Why: the hashed NORM/PREFIX/SUFFIX/SHAPE/TAG embeddings learn only from the
project's own gold, and more than half of the INDICATOR names of a held-out
report are strings no training report uses (docs/experiments.md, round 17:
found 61 % of the time, against 90 % for names seen elsewhere). A character
BERT trained on a large corpus has seen such names in context. Its weights
are fixed (not trained here); each token gets the mean of its word pieces'
hidden states (read from the tokens' canonical NORMs, so both scripts agree),
projected to the embedding width by a learned matrix and mixed with the
hashed columns by the Maxout that mixes them in spaCy's ``MultiHashEmbed``.

The encoder's weights, configuration and tokenizer are read from the asset
folder when the model is initialised for training and are then part of the
model's own weights: a saved pipeline needs no asset at load time. Training
reads every sentence at every epoch, so the states of training texts are kept
for the life of the process (half precision); of the texts read for prediction
only the last ``PREDICTED_KEPT`` are (the dev set, read again at every evaluation
during training), so extracting a large corpus does not grow memory.

The tok2vec of ``configs/ner-context.cfg``, the slow option
(``spacy project run all . --vars.ner_config configs/ner-context.cfg``), not the
default: over held-out reports, three seeds, INDICATOR and relations rise by
about 1.6 points over the NER without pretrained vectors (the NER's own PLACE
by 7), but the NER runs about ten times slower, far under the pipeline's floor
of half its tokenizer's speed (docs/experiments.md, rounds 22 and 23). The
default reads the encoder's words alone instead, from a table
(``govreport.features.word_table``), with the same three-seed figures (round 24).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Callable, Dict, Iterator, List, Sequence, Tuple, Union

import numpy
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, Ragged
from thinc.types import Floats2d

from ..encoder.context import DEFAULT_LAYERS, ContextEncoder
from .model_caches import keep_newest
from .vector_table import VectorTable, check_rows, hashed_with_columns

_ENCODERS: Dict[int, Tuple[int, ContextEncoder]] = {}  # model id → (id of its weights array, encoder over them)
ENCODERS_KEPT = 4  # crossval loads model after model: older ones' encoders (views of 96 MB each) are let go
_TRAINING_STATES: Dict[Tuple[str, str], Tuple[numpy.ndarray, numpy.ndarray]] = {}  # (encoder, text) → states, offsets
_PREDICTED_STATES: Dict[Tuple[str, str], Tuple[numpy.ndarray, numpy.ndarray]] = {}  # the same, first in first out
PREDICTED_KEPT = 2000


@contextmanager
def predictions_kept(texts: int) -> Iterator[None]:
    """Keep the states of at least ``texts`` predicted texts while inside.

    Cross-validation reads each held-out text once per system and script (fourteen
    reads of a NER model): a held-out province of 9,000 sentences, past the usual
    ``PREDICTED_KEPT``, would be encoded again at every read.
    """
    global PREDICTED_KEPT
    before = PREDICTED_KEPT
    PREDICTED_KEPT = max(before, texts)
    try:
        yield
    finally:
        PREDICTED_KEPT = before
        keep_newest(_PREDICTED_STATES, before)


def canonical_text(doc: Doc) -> Tuple[str, List[Tuple[int, int]]]:
    """The doc's text as its tokens' NORMs, and each token's character range in it."""
    parts, spans, start = [], [], 0
    for token in doc:
        norm = token.norm_ or token.text  # a bare Vocab has no NORM getter
        parts.append(norm)
        spans.append((start, start + len(norm)))
        start += len(norm)
    return "".join(parts), spans


def ContextVectors(nO: int, encoder: str, layers: Sequence[int] = DEFAULT_LAYERS) -> Model[List[Doc], Ragged]:
    """List[Doc] → Ragged (tokens × nO): each token's contextual vector times a learned projection."""
    return Model("context_vectors", _forward, init=_init, params={"W": None, "encoder": None},
                 dims={"nO": nO, "nC": None},
                 attrs={"path": encoder, "layers": list(layers), "layout": [], "config": "", "tokenizer": ""})


def _init(model: Model, X=None, Y=None) -> Model:
    encoder = ContextEncoder.from_folder(model.attrs["path"], model.attrs["layers"])
    names = sorted(n for n in encoder.weights if n.startswith(("embeddings.", "encoder.")) and n != "embeddings.position_ids")
    model.attrs["layout"] = [[n, list(encoder.weights[n].shape)] for n in names]
    model.attrs["config"] = json.dumps(encoder.config, sort_keys=True)
    model.attrs["tokenizer"] = encoder.tokenizer_json
    model.set_param("encoder", model.ops.asarray1f(numpy.concatenate([encoder.weights[n].ravel() for n in names])))
    model.set_dim("nC", encoder.width)
    model.set_param("W", model.ops.alloc2f(model.get_dim("nO"), encoder.width))
    return model


def encoder_of(model: Model) -> ContextEncoder:
    """The encoder over the model's own (saved) weights, built once per weights array."""
    flat = model.get_param("encoder")
    cached = _ENCODERS.get(model.id)
    if cached is None or cached[0] != id(flat):
        weights, offset = {}, 0
        for name, shape in model.attrs["layout"]:
            size = int(numpy.prod(shape))
            weights[name] = flat[offset:offset + size].reshape(shape)
            offset += size
        encoder = ContextEncoder(weights, json.loads(model.attrs["config"]), model.attrs["tokenizer"], model.attrs["layers"])
        cached = _ENCODERS[model.id] = (id(flat), encoder)
        keep_newest(_ENCODERS, ENCODERS_KEPT)
    return cached[1]


def token_matrix(encoder: ContextEncoder, docs: Sequence[Doc], keep: bool) -> numpy.ndarray:
    """Tokens × encoder width for the docs in order; ``keep``: remember the texts' states for good (training)."""
    texts = [canonical_text(doc) for doc in docs]
    states = {text: _TRAINING_STATES.get((encoder.identity, text)) or _PREDICTED_STATES.get((encoder.identity, text))
              for text, _ in texts if text}
    todo = [text for text, known in states.items() if known is None]
    for text, (hidden, offsets) in zip(todo, encoder.hidden_states(todo)):
        states[text] = (hidden.astype("float16"), offsets)  # the same precision whether kept or not
        if keep:
            _TRAINING_STATES[(encoder.identity, text)] = states[text]
        else:
            _PREDICTED_STATES[(encoder.identity, text)] = states[text]
            keep_newest(_PREDICTED_STATES, PREDICTED_KEPT)
    rows = [encoder.pool(*states[text], spans) if text else numpy.zeros((len(spans), encoder.width), dtype="float32")
            for text, spans in texts if spans]
    return numpy.vstack(rows) if rows else numpy.zeros((0, encoder.width), dtype="float32")


def _forward(model: Model, docs: List[Doc], is_train: bool) -> Tuple[Ragged, Callable]:
    W = model.get_param("W")
    lengths = model.ops.asarray1i([len(doc) for doc in docs])
    X = model.ops.asarray2f(token_matrix(encoder_of(model), docs, keep=is_train))
    Y = model.ops.gemm(X, W, trans2=True)

    def backprop(dY: Ragged) -> List[Doc]:
        model.inc_grad("W", model.ops.gemm(dY.dataXd, X, trans1=True))  # the encoder's weights stay fixed
        return []

    return Ragged(Y, lengths), backprop


@registry.architectures("govreport.ContextVectorEmbed.v1")
def context_vector_embed(width: int, attrs: List[Union[str, int]], rows: List[int], encoder: str,
                         layers: List[int] = list(DEFAULT_LAYERS)) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed with a fixed pretrained encoder's contextual vectors as one more column.

    ``encoder`` is the asset folder (read at initialisation only); ``layers`` the encoder layers
    whose states are concatenated (1-based).
    """
    check_rows("govreport.ContextVectorEmbed.v1", attrs, rows)
    return hashed_with_columns(width, attrs, rows, FeatureExtractor(attrs), [ContextVectors(width, encoder, layers)])


@registry.architectures("govreport.TableContextEmbed.v1")
def table_context_embed(width: int, attrs: List[Union[str, int]], rows: List[int], vectors: str, encoder: str,
                        layers: List[int] = list(DEFAULT_LAYERS)) -> Model[List[Doc], List[Floats2d]]:
    """The default's word table and the encoder's contextual vectors, both as columns beside the hashed ones.

    Why: the table carries what the encoder knows of a word alone (round 24); this asks whether
    the word in its sentence adds to that (docs/experiments.md, round 34;
    ``configs/experiments/ner-table-context.cfg``). It did not: at seed 1, relations fell 0.7 points
    against the table alone, so the slow option stays ``govreport.ContextVectorEmbed.v1``.
    """
    check_rows("govreport.TableContextEmbed.v1", attrs, rows)
    return hashed_with_columns(width, attrs, rows, FeatureExtractor(attrs),
                               [VectorTable(width, vectors), ContextVectors(width, encoder, layers)])

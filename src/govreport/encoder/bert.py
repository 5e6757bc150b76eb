"""A BERT encoder's forward pass in numpy, for a frozen feature extractor.

Only what a character-level Chinese BERT needs for inference: embeddings,
post-norm self-attention blocks with GELU, no pooler. The weights use the
Hugging Face ``BertModel`` names (``embeddings.word_embeddings.weight``,
``encoder.layer.N.attention.self.query.weight`` …).
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy
from scipy.special import erf

from ..errors import GovreportError


@dataclass(frozen=True)
class BertShape:
    layers: int
    heads: int
    hidden: int
    eps: float = 1e-12

    @classmethod
    def from_config(cls, config: Dict[str, object]) -> "BertShape":
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise GovreportError(f"not a BERT encoder with GELU: model_type={config.get('model_type')}, hidden_act={config.get('hidden_act')}")
        return cls(int(config["num_hidden_layers"]), int(config["num_attention_heads"]), int(config["hidden_size"]),
                   float(config.get("layer_norm_eps", 1e-12)))


def _layer_norm(x: numpy.ndarray, gamma: numpy.ndarray, beta: numpy.ndarray, eps: float) -> numpy.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / numpy.sqrt(var + numpy.float32(eps)) * gamma + beta


def _gelu_rows(x: numpy.ndarray) -> numpy.ndarray:
    return numpy.float32(0.5) * x * (numpy.float32(1.0) + erf(x * numpy.float32(1 / math.sqrt(2.0))))


GELU_ROWS_PER_THREAD = 4096  # below this a thread costs more than it saves


def _gelu(x: numpy.ndarray, threads: int = 0) -> numpy.ndarray:
    """GELU of a 2-d array, its row blocks on every core.

    Why: numpy's matrix products use all cores, its element-wise ufuncs one;
    scipy's ``erf`` alone took 40 % of a profile of the word table's build on
    a loaded machine, and the whole build went from about 8.9 to 8.0 minutes
    on two idle cores (docs/experiments.md round 30). The ufuncs release the
    GIL, and each element is computed alone, so the result is bit for bit the
    single-threaded one (tests/encoder/test_bert.py), and so is the table.
    """
    threads = threads or _cores()
    if threads < 2 or x.shape[0] < 2 * GELU_ROWS_PER_THREAD:
        return _gelu_rows(x)
    out = numpy.empty_like(x)
    bounds = numpy.linspace(0, x.shape[0], threads + 1).astype(int)

    def block(i: int) -> None:
        out[bounds[i]:bounds[i + 1]] = _gelu_rows(x[bounds[i]:bounds[i + 1]])

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(block, range(threads)))
    return out


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def bert_hidden_states(weights: Dict[str, numpy.ndarray], shape: BertShape, ids: numpy.ndarray, mask: numpy.ndarray,
                       layers: Sequence[int]) -> numpy.ndarray:
    """Batch × pieces × (hidden · len(layers)): the hidden states after the given layers (1-based), concatenated.

    Padding positions come out as zeros. Why: everything but attention works on each position alone,
    so it runs on the real pieces only, packed together; a batch of short words is over a third
    padding, and the word table's build was spending that share on rows nobody reads. Attention
    sees the padding as zero keys under the mask, whose weights underflow to exactly 0, so the
    real pieces' states are the ones the unpacked pass gives (tests/encoder/test_bert.py).
    """
    w = weights
    batch, length = ids.shape
    real = numpy.flatnonzero(mask.reshape(-1) > 0)
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None]).reshape(batch * length, shape.hidden)[real]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], shape.eps)
    head = shape.hidden // shape.heads
    bias = numpy.where(mask[:, None, None, :] > 0, 0.0, -1e4).astype("float32")
    scale = numpy.float32(1 / math.sqrt(head))
    kept: List[numpy.ndarray] = []
    for n in range(1, max(layers) + 1):
        p = f"encoder.layer.{n - 1}."

        def dense(h, name):  # 2-d matmuls: numpy runs a 3-d one slice by slice
            return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(h):  # packed rows → batch × heads × length × head, zeros at the padding
            grid = numpy.zeros((batch * length, shape.hidden), dtype=h.dtype)
            grid[real] = h
            return grid.reshape(batch, length, shape.heads, head).transpose(0, 2, 1, 3)

        q, k, v = (split(dense(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) * scale + bias
        scores = numpy.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(batch * length, shape.hidden)[real]
        x = _layer_norm(x + dense(context, "attention.output.dense"),
                        w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], shape.eps)
        x = _layer_norm(x + dense(_gelu(dense(x, "intermediate.dense")), "output.dense"),
                        w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], shape.eps)
        if n in layers:
            kept.append(x)
    out = numpy.zeros((batch * length, shape.hidden * len(kept)), dtype="float32")
    out[real] = numpy.concatenate(kept, axis=-1)
    return out.reshape(batch, length, -1)

"""A static word table distilled from the context encoder: the encoder's knowledge at the speed of a lookup.

Why: the encoder's contextual vectors raise INDICATOR and relations by about 1.6 points
over held-out reports but run the pipeline at a tenth of its tokenizer's speed
(docs/experiments.md, rounds 22–23). Much of what the encoder knows about a word
(that 洞庭湖 is a lake, that 桥梁 is a counted structure) is in the word alone. This
reads each word of jieba's dictionary (and each character the encoder knows) once,
on its own, keeps the mean of its pieces' states at the layers the contextual
column reads, and reduces the table by PCA. The NER reads it as a lookup
(``govreport.features.vector_table``: the word whole, else its characters' mean).

The table is built from the dictionary, not from any report, so no held-out text
shapes it; its vectors are fixed, and they are stored inside the trained model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Sequence, Union

import numpy
from tqdm import tqdm

from ..encoder.context import ContextEncoder
from ..table_files import write_vector_table
from .lexicons import jieba_entries


WORDS_PER_ENCODER_BATCH = 512  # words are short: wide batches, little padding (the encoder's own 16 is sized for sentences)


def dictionary_words(jieba_dict: Union[str, Path], min_count: int) -> List[str]:
    """The words of jieba's dict.txt counted at least ``min_count`` times, in the file's order."""
    return [word for word, _ in jieba_entries(jieba_dict, min_count)]


def encoder_characters(encoder: ContextEncoder) -> List[str]:
    """The single CJK characters of the encoder's vocabulary: what a word outside the table falls back on."""
    return [piece for piece in encoder.tokenizer.vocab if len(piece) == 1 and "\u4e00" <= piece <= "\u9fff"]


def word_states(encoder: ContextEncoder, words: Sequence[str], batch: int = 2048,
                encoder_batch: int = WORDS_PER_ENCODER_BATCH) -> numpy.ndarray:
    """Words × encoder width: each word read alone, the mean of its pieces' states (``batch`` words per
    progress step, ``encoder_batch`` per forward pass)."""
    rows = numpy.zeros((len(words), encoder.width), dtype="float32")
    for start in tqdm(range(0, len(words), batch), desc="words read by the encoder", unit="batch", leave=False):
        chunk = words[start:start + batch]
        for i, (word, (states, offsets)) in enumerate(zip(chunk, encoder.hidden_states(chunk, encoder_batch))):
            rows[start + i] = encoder.pool(states, offsets, [(0, len(word))])[0]
    return rows


def reduce(rows: numpy.ndarray, dims: int, seed: int = 0) -> numpy.ndarray:
    """The rows centred and projected on their first ``dims`` principal components (scikit-learn's PCA)."""
    from sklearn.decomposition import PCA

    if dims >= rows.shape[1]:
        return rows - rows.mean(axis=0)
    return PCA(n_components=dims, svd_solver="randomized", random_state=seed).fit_transform(rows).astype("float32")


def build_word_table(encoder: ContextEncoder, words: Iterable[str], dest: Union[str, Path], dims: int) -> Path:
    """Write the table of ``words`` plus the encoder's characters into ``dest``; return ``dest``.

    A word that cannot be a key (empty, or with a line break) is an error of ``write_vector_table``, not dropped.
    """
    keys = list(dict.fromkeys([*words, *encoder_characters(encoder)]))
    return write_vector_table(dest, keys, reduce(word_states(encoder, keys), dims))

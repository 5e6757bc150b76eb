"""A static word-vector table distilled from the context encoder, for a fast knowledge column.

Why: the encoder's contextual vectors raise INDICATOR and relations by about 1.6 points
over held-out reports but run the pipeline at a tenth of its tokenizer's speed
(docs/experiments.md, rounds 22–23). Much of what the encoder knows about a word
(that 洞庭湖 is a lake, that 换热站 is a counted facility) may be in the word alone.
This reads each word of jieba's dictionary (and each character the encoder knows)
once, on its own, keeps the mean of its pieces' states (the same layers the
contextual column reads), and reduces the table by PCA. The NER then reads the table
as a lookup (``govreport.features.char_vectors``: whole word first, its characters'
mean otherwise), at the speed of a static vector.

The table is built from the dictionary, not from the corpus, so no held-out report
shapes it. Folder format: ``chars.txt`` (one key per line: a word or a character)
and ``vectors.npy`` (one row each), the same as LAC's character table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, List, Sequence, Union

import numpy
from tqdm import tqdm

from ..errors import GovreportError, MissingAssetError
from .context import ContextEncoder

KEYS_FILE = "chars.txt"
VECTORS_FILE = "vectors.npy"


def dictionary_words(jieba_dict: Union[str, Path], min_count: int) -> List[str]:
    """The words of jieba's dict.txt counted at least ``min_count`` times, in the file's order."""
    path = Path(jieba_dict)
    if path.is_dir():
        path = path / "dict.txt"
    if not path.exists():
        raise MissingAssetError(path, "jieba's dictionary: run `spacy project run fetch-assets`")
    words = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        parts = line.split(" ")
        if not line:
            continue
        if len(parts) < 2 or not parts[1].isdigit():
            raise GovreportError(f"{path}:{number}: expected 'word count [tag]', got {line[:40]!r}")
        if int(parts[1]) >= min_count:
            words.append(parts[0])
    return words


def encoder_characters(encoder: ContextEncoder) -> List[str]:
    """The single CJK characters of the encoder's vocabulary (the fallback for words not in the table)."""
    return [p for p in encoder.tokenizer.vocab if len(p) == 1 and "\u4e00" <= p <= "\u9fff"]


def word_states(encoder: ContextEncoder, words: Sequence[str], batch: int = 2048) -> numpy.ndarray:
    """Words × encoder width: each word read alone, the mean of its pieces' states."""
    rows = numpy.zeros((len(words), encoder.width), dtype="float32")
    for start in tqdm(range(0, len(words), batch), desc="words", unit="batch", leave=False):
        chunk = words[start:start + batch]
        for i, (word, (states, offsets)) in enumerate(zip(chunk, encoder.hidden_states(chunk))):
            rows[start + i] = encoder.pool(states, offsets, [(0, len(word))])[0]
    return rows


def reduce(rows: numpy.ndarray, dims: int, seed: int = 0) -> numpy.ndarray:
    """The rows centred and projected on their first ``dims`` principal components (scikit-learn's PCA)."""
    from sklearn.decomposition import PCA

    if dims >= rows.shape[1]:
        return rows - rows.mean(axis=0)
    return PCA(n_components=dims, svd_solver="randomized", random_state=seed).fit_transform(rows).astype("float32")


def build_word_table(encoder: ContextEncoder, words: Iterable[str], dest: Union[str, Path], dims: int = 128) -> Path:
    """Write the table of ``words`` plus the encoder's characters into ``dest`` (atomically per file); return ``dest``."""
    keys = list(dict.fromkeys([w for w in words if w and "\n" not in w] + encoder_characters(encoder)))
    table = reduce(word_states(encoder, keys), dims)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    tmp_keys, tmp_vectors = dest / (KEYS_FILE + ".tmp"), dest / ("vectors.tmp.npy")
    tmp_keys.write_text("\n".join(keys) + "\n", encoding="utf-8")
    numpy.save(tmp_vectors, table)
    os.replace(tmp_keys, dest / KEYS_FILE)
    os.replace(tmp_vectors, dest / VECTORS_FILE)
    return dest

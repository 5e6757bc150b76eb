"""The folder format of a vector table: ``keys.txt`` (one word or character per line) and ``vectors.npy`` (one row each).

Why a module of its own: two writers make tables (``fetch-assets
--lac-char-vectors`` in ``govreport.assets``; ``build-word-table`` in
``govreport.features.word_table``) and the NER's table column reads them
(``govreport.features.vector_table``). ``assets`` sits below ``features``, so
the format lives below both and each side imports it from here. numpy is
imported where a table is read or written, so that ``assets`` (every command
line start) can name the files without loading it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, List, Sequence, Tuple, Union

from .errors import GovreportError, MissingAssetError
from .io import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    import numpy

KEYS_FILE = "keys.txt"
VECTORS_FILE = "vectors.npy"


def write_vector_table(dest: Union[str, Path], keys: Sequence[str], vectors: numpy.ndarray) -> Path:
    """Write a table folder (each file atomically); return it. A key that cannot be a line is an error, not dropped."""
    if len(keys) != vectors.shape[0] or any(not k or "\n" in k for k in keys):
        raise GovreportError(f"{dest}: {len(keys)} keys (none empty, none with a line break) for {vectors.shape[0]} rows")
    import numpy

    folder = Path(dest)
    npy = io.BytesIO()
    numpy.save(npy, vectors)
    atomic_write_bytes(folder / VECTORS_FILE, npy.getvalue())
    atomic_write_text(folder / KEYS_FILE, "\n".join(keys) + "\n")
    return folder


def read_vector_table(path: Union[str, Path]) -> Tuple[List[str], numpy.ndarray]:
    """The keys and their vectors (one row per line of keys.txt); a clear error when the folder is incomplete."""
    folder = Path(path)
    keys_file, vectors_file = folder / KEYS_FILE, folder / VECTORS_FILE
    for f in (keys_file, vectors_file):
        if not f.exists():
            raise MissingAssetError(f, f"extract LAC's character vectors with `python -m govreport fetch-assets --lac-char-vectors {folder}`, "
                                       f"or distil the encoder's word table with `python -m govreport build-word-table {folder}`")
    import numpy

    keys = [k for k in keys_file.read_text(encoding="utf-8").split("\n") if k]
    vectors = numpy.load(vectors_file).astype("float32")
    if vectors.ndim != 2 or vectors.shape[0] != len(keys):
        raise GovreportError(f"{vectors_file}: shape {vectors.shape} does not match the {len(keys)} keys of {keys_file}")
    return keys, vectors

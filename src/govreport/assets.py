"""Fetching the pkuseg "default" segmentation model from PyPI, verified.

The usual pkuseg model download site is unreachable here, but the
``pkuseg==0.0.25`` source distribution on PyPI ships the "default" model.
We fetch it with pip by name and pinned version, check the SHA-256 of the
archive and of both model files, and unpack only those files. Idempotent:
a verified model in place is left alone.

Licence: the pkuseg "default" model is released for research use only.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Dict, Sequence

from .errors import GovreportError

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


def fetch_pkuseg_model(model_dir: Path) -> Path:
    """Make sure ``model_dir`` holds the verified pkuseg default model; return it."""
    model_dir = Path(model_dir)
    if model_is_valid(model_dir):
        return model_dir
    with tempfile.TemporaryDirectory() as tmp:
        # --no-build-isolation: pip builds the sdist's metadata with this
        # environment's setuptools/numpy/cython instead of fetching its own.
        sdist = pip_download(PACKAGE, SDIST_NAME, SDIST_SHA256, Path(tmp), ["--no-binary", ":all:", "--no-build-isolation"])
        staging = Path(tmp) / "model"
        staging.mkdir()
        with tarfile.open(sdist) as tar:
            for name in MODEL_FILES:
                with tar.extractfile(tar.getmember(MEMBER_DIR + name)) as src, (staging / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
        return install_verified(staging, model_dir, MODEL_FILES, SDIST_NAME)

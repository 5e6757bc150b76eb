"""The corpus manifest: one row per raw report (id, place, year, level, script)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict

from ..errors import ReportInputError

COLUMNS = ("doc_id", "file", "place", "parent", "year", "level", "script", "sha256", "source_notes")
LEVELS = {"county", "district", "city"}
SCRIPTS = {"simplified", "traditional"}


@dataclass(frozen=True)
class ReportInfo:
    doc_id: str
    file: str
    place: str
    parent: str
    year: int
    level: str
    script: str
    sha256: str
    source_notes: str


def load_manifest(path: Path) -> Dict[str, ReportInfo]:
    """Read and check the manifest; errors name the file and line."""
    path = Path(path)
    if not path.exists():
        raise ReportInputError(path, "manifest not found")
    reports: Dict[str, ReportInfo] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        missing = set(COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ReportInputError(path, f"missing columns: {', '.join(sorted(missing))}", line=1)
        for lineno, row in enumerate(reader, 2):
            try:
                info = ReportInfo(**{k: row[k] for k in COLUMNS if k != "year"}, year=int(row["year"]))
            except (TypeError, ValueError):
                raise ReportInputError(path, f"bad year {row.get('year')!r}", line=lineno) from None
            if info.level not in LEVELS:
                raise ReportInputError(path, f"level {info.level!r} not in {sorted(LEVELS)}", line=lineno)
            if info.script not in SCRIPTS:
                raise ReportInputError(path, f"script {info.script!r} not in {sorted(SCRIPTS)}", line=lineno)
            if info.doc_id in reports:
                raise ReportInputError(path, f"duplicate doc_id {info.doc_id!r}", line=lineno)
            reports[info.doc_id] = info
    return reports


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

"""Clean every raw report of the manifest into corpus/clean, sentences.jsonl and reports.

Raw files are read only, and checked against the manifest's SHA-256 so that a
raw file edited by hand is noticed rather than silently annotated.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

from tqdm import tqdm

from ..cleaning import clean_report
from ..errors import GovreportError, ReportInputError
from ..io import atomic_write_json, atomic_write_jsonl, atomic_write_text, read_report_text
from .manifest import load_manifest, sha256_of


def clean_corpus(raw_dir: Path, manifest_path: Path, out_dir: Path, sentences_path: Path, reports_dir: Path) -> int:
    """Clean all reports; returns the number of sentences written."""
    manifest = load_manifest(manifest_path)
    sentences: List[dict] = []
    problems: List[str] = []
    for info in tqdm(manifest.values(), desc="cleaning", unit="report"):
        path = Path(raw_dir) / info.file
        try:
            if sha256_of(path) != info.sha256:
                raise ReportInputError(path, "differs from the SHA-256 in the manifest: raw files must not be edited")
            raw = read_report_text(path)
        except (ReportInputError, FileNotFoundError) as err:
            problems.append(str(err))
            atomic_write_json(Path(reports_dir) / f"{info.doc_id}.json", {"doc_id": info.doc_id, "source": str(path), "error": str(err)})
            continue
        cleaned = clean_report(raw, info.doc_id, source=str(path))
        if cleaned.report.script != info.script:
            problems.append(f"{path}: detected {cleaned.report.script} script, manifest says {info.script}")
        atomic_write_text(Path(out_dir) / f"{info.doc_id}.txt", cleaned.text)
        if cleaned.report.script == "traditional":
            atomic_write_text(Path(out_dir) / f"{info.doc_id}.original.txt", cleaned.text_original)
        atomic_write_json(Path(reports_dir) / f"{info.doc_id}.json", cleaned.report.to_dict())
        sentences.extend(s.to_dict() for s in cleaned.sentences)
    atomic_write_jsonl(sentences_path, sentences)
    if problems:
        raise GovreportError("; ".join(problems))
    return len(sentences)

"""Validation of gold JSONL against the spec: every problem names file, line and span.

Run by `python -m govreport validate`, by the tests, before a doccano upload
and after a doccano download: invalid spans are accepted silently by doccano,
so we check on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from ..errors import GovreportError
from ..io import read_jsonl
from .schema import LABELS, PUNCTUATION, RELATION_TYPES, REVIEW_STATES, sentence_number


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _span(text: str, e: dict) -> str:
    return f"[{e.get('start_offset')}:{e.get('end_offset')} {e.get('label')} {text[e['start_offset']:e['end_offset']]!r}]" if _offsets_ok(text, e) else f"[{e.get('start_offset')}:{e.get('end_offset')} {e.get('label')}]"


def _offsets_ok(text: str, e: dict) -> bool:
    s, t = e.get("start_offset"), e.get("end_offset")
    return isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)


def validate_row(row: dict, sentences: Optional[Dict[str, dict]] = None) -> List[str]:
    """Problems of one gold line (empty list = valid)."""
    out: List[str] = []
    text = row.get("text")
    if not isinstance(text, str):
        return ["no text"]
    meta = row.get("meta") or {}
    sid = meta.get("sentence_id")
    if not sid:
        out.append("meta.sentence_id missing")
    else:
        try:
            if row.get("id") != sentence_number(sid):
                out.append(f"id {row.get('id')} does not match sentence id {sid}")
        except ValueError:
            out.append(f"malformed sentence id {sid!r}")
        if row.get("doc") != sid.split("-")[0]:
            out.append(f"doc {row.get('doc')!r} does not match sentence id {sid}")
        if sentences is not None:
            if sid not in sentences:
                out.append(f"sentence {sid} is not in the sentence file")
            elif sentences[sid]["text"] != text:
                out.append(f"text of {sid} differs from the sentence file (cleaning changed?)")
    if meta.get("review_state") not in REVIEW_STATES:
        out.append(f"review_state {meta.get('review_state')!r} not in {REVIEW_STATES}")
    entities = row.get("entities") or []
    by_id: Dict[int, dict] = {}
    for e in entities:
        where = _span(text, e)
        if e.get("id") in by_id:
            out.append(f"duplicate entity id {e.get('id')} {where}")
        by_id[e.get("id")] = e
        if e.get("label") not in LABELS:
            out.append(f"label {e.get('label')!r} not in {LABELS} {where}")
        if not _offsets_ok(text, e):
            out.append(f"offsets outside the text (length {len(text)}) {where}")
            continue
        if text[e["start_offset"]] in PUNCTUATION or text[e["end_offset"] - 1] in PUNCTUATION:
            out.append(f"span starts or ends with space or punctuation {where}")
    ordered = sorted((e for e in entities if _offsets_ok(text, e)), key=lambda e: e["start_offset"])
    for a, b in zip(ordered, ordered[1:]):
        if b["start_offset"] < a["end_offset"]:
            out.append(f"overlapping spans {_span(text, a)} {_span(text, b)}")
    seen_rel = set()
    for r in row.get("relations") or []:
        kind = r.get("type")
        if kind not in RELATION_TYPES:
            out.append(f"relation type {kind!r} not in {sorted(RELATION_TYPES)}")
            continue
        src, dst = by_id.get(r.get("from_id")), by_id.get(r.get("to_id"))
        if src is None or dst is None:
            out.append(f"relation {r.get('id')} points to a missing entity")
            continue
        want = RELATION_TYPES[kind]
        if (src.get("label"), dst.get("label")) != want:
            out.append(f"relation {kind} must be {want[0]} → {want[1]}, got {_span(text, src)} → {_span(text, dst)}")
        key = (r.get("from_id"), r.get("to_id"))
        if key in seen_rel:
            out.append(f"duplicate relation {_span(text, src)} → {_span(text, dst)}")
        seen_rel.add(key)
    return out


def validate_files(paths: Iterable[Path], sentences: Optional[Dict[str, dict]] = None) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    for path in paths:
        for lineno, row in enumerate(read_jsonl(path), 1):
            for message in validate_row(row, sentences):
                problems.append(Problem(str(path), lineno, message))
            sid = (row.get("meta") or {}).get("sentence_id")
            if sid:
                if sid in seen:
                    problems.append(Problem(str(path), lineno, f"sentence {sid} already annotated in {seen[sid]}"))
                seen[sid] = f"{path}:{lineno}"
    return problems


def load_sentences(path: Path) -> Dict[str, dict]:
    return {row["id"]: row for row in read_jsonl(path)}


@dataclass
class FolderCheck:
    """What `validate` reports: every problem, and how much was checked when there is none."""

    files: List[Path]
    lines: int
    problems: List[Problem]


def validate_folder(folder: Path, sentences_path: Path) -> FolderCheck:
    """Validate every <doc>.jsonl of a gold folder against the sentence file.

    A missing folder is an error, not "0 files are valid": a typo in a path
    must not pass as a clean corpus.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GovreportError(f"{folder}: gold folder not found")
    files = sorted(folder.glob("*.jsonl"))
    problems = validate_files(files, load_sentences(sentences_path))
    lines = 0 if problems else sum(len(read_jsonl(f)) for f in files)
    return FolderCheck(files, lines, problems)

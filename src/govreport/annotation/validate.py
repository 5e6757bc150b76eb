"""Validation of gold JSONL against the spec: every problem names file, line and span.

Run by `python -m govreport validate`, by the tests, before a doccano upload
and after a doccano download: invalid spans are accepted silently by doccano,
so we check on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    warnings: List[Inconsistency] = field(default_factory=list)


def validate_folder(folder: Path, sentences_path: Path, consistency: bool = False) -> FolderCheck:
    """Validate every <doc>.jsonl of a gold folder against the sentence file.

    A missing folder is an error, not "0 files are valid": a typo in a path
    must not pass as a clean corpus. With ``consistency``, the check across
    sentences (`consistency_warnings`) adds warnings, which never make the
    folder invalid.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GovreportError(f"{folder}: gold folder not found")
    files = sorted(folder.glob("*.jsonl"))
    problems = validate_files(files, load_sentences(sentences_path))
    lines = 0 if problems else sum(len(read_jsonl(f)) for f in files)
    warnings = consistency_warnings(files) if consistency else []
    return FolderCheck(files, lines, problems, warnings)


# --- Consistency across sentences (issue 11): warnings, never errors ---------

_NUMBER_EDGE = set("0123456789.")


@dataclass
class Inconsistency:
    """One warning of the consistency check: a surface string annotated in one place and not in another.

    ``surface`` groups the warnings of one string in the output.
    """

    file: str
    line: int
    surface: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _book_titles(text: str) -> List[tuple]:
    """(start, end) of every 《…》 title in a text, brackets included (nested titles inside the outer one)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    if depth:  # an unclosed title runs to the end of the sentence
        out.append((start, len(text)))
    return out


def _occurrences(text: str, surface: str) -> List[int]:
    """Start offsets of every occurrence of ``surface`` in ``text`` (overlapping ones too),
    except where a number would be cut in the middle (10个 inside 110个, 5% inside 2.5%)."""
    found, i = [], text.find(surface)
    while i >= 0:
        end = i + len(surface)
        cut_before = surface[0] in _NUMBER_EDGE and i > 0 and text[i - 1] in _NUMBER_EDGE
        cut_after = surface[-1] in _NUMBER_EDGE and end < len(text) and text[end] in _NUMBER_EDGE
        if not (cut_before or cut_after):
            found.append(i)
        i = text.find(surface, i + 1)
    return found


def _label_summary(by_label: Dict[str, List[str]]) -> str:
    parts = sorted(by_label.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return " and ".join(f"{label} in {len(sids)} sentence{'s' if len(sids) != 1 else ''}" for label, sids in parts)


def consistency_warnings(paths: Iterable[Path], min_chars: int = 2) -> List[Inconsistency]:
    """Surface strings annotated in some gold sentences and left unannotated in others.

    For every annotated surface string of at least ``min_chars`` characters,
    every occurrence in every gold sentence's text is looked up. An occurrence
    is a warning when no span touches it and it is not inside a book title
    《…》 (a name); one inside a longer annotated span, or that overlaps a span
    (annotated with other boundaries), is not. An occurrence that lies inside an
    unannotated occurrence of a longer annotated string is reported only once,
    under the longer string. A surface string annotated with two labels is a
    warning too, at the first line of its least frequent label. Warnings come
    grouped by surface string.
    """
    rows = []  # (file, line, sentence id, text, [(start, end, label)])
    for path in paths:
        for lineno, row in enumerate(read_jsonl(path), 1):
            text = row.get("text")
            if not isinstance(text, str):
                continue
            sid = (row.get("meta") or {}).get("sentence_id") or f"line {lineno}"
            spans = [(e["start_offset"], e["end_offset"], e.get("label")) for e in row.get("entities") or [] if _offsets_ok(text, e)]
            rows.append((str(path), lineno, sid, text, spans))

    labels: Dict[str, Dict[str, List[str]]] = {}  # surface → label → sentence ids
    first: Dict[tuple, tuple] = {}  # (surface, label) → (file, line) of the first span
    for file, lineno, sid, text, spans in rows:
        for s, e, label in spans:
            surface = text[s:e]
            if len(surface) < min_chars:
                continue
            sids = labels.setdefault(surface, {}).setdefault(label, [])
            if sid not in sids:
                sids.append(sid)
            first.setdefault((surface, label), (file, lineno))

    found: List[Inconsistency] = []
    for surface in sorted(labels, key=lambda x: (-len(x), x)):
        by_label = labels[surface]
        if len(by_label) > 1:
            rare = min(by_label, key=lambda lab: (len(by_label[lab]), lab))
            file, lineno = first[(surface, rare)]
            example = "; ".join(f"{lab} e.g. {sids[0]}" for lab, sids in sorted(by_label.items()))
            found.append(Inconsistency(file, lineno, surface,
                                       f"{surface!r} takes different labels: {_label_summary(by_label)} ({example})"))

    # Unannotated occurrences, longest strings first so a shorter string inside a
    # reported longer one is not reported again.
    reported: Dict[tuple, List[tuple]] = {}  # (file, line) → [(start, end)] already reported
    per_surface: Dict[str, List[Inconsistency]] = {}
    for surface in sorted(labels, key=lambda x: (-len(x), x)):
        by_label = labels[surface]
        main = max(by_label, key=lambda lab: (len(by_label[lab]), lab))
        what = _label_summary(by_label)
        example = by_label[main][0]
        for file, lineno, sid, text, spans in rows:
            if surface not in text:
                continue
            titles = _book_titles(text)
            for start in _occurrences(text, surface):
                end = start + len(surface)
                if any(s < end and start < e for s, e, _ in spans):
                    continue  # annotated, inside a longer span, or annotated with other boundaries
                if any(s <= start and end <= e for s, e in titles):
                    continue  # inside a name 《…》
                if any(s <= start and end <= e for s, e in reported.get((file, lineno), [])):
                    continue  # inside a longer string already reported here
                reported.setdefault((file, lineno), []).append((start, end))
                per_surface.setdefault(surface, []).append(
                    Inconsistency(file, lineno, surface, f"{surface!r} is {what} (e.g. {example}) but not annotated here ({sid})"))
    conflicts = {w.surface: w for w in found}
    out: List[Inconsistency] = []
    for surface in sorted(set(conflicts) | set(per_surface)):
        if surface in conflicts:
            out.append(conflicts[surface])
        out.extend(per_surface.get(surface, []))
    return out

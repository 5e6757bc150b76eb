"""Upload sentences with suggestions to doccano, idempotently.

A sentence is identified by meta.sentence_id ("000-0002"), so pushing again
uploads only sentences doccano does not have yet. Suggestions are validated
against the spec before upload because doccano silently drops or accepts
invalid spans; a sentence whose suggestion is invalid is not uploaded and is
counted as failed, with the reason.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError
from doccano_client.models.data_upload import Task
from tqdm import tqdm

from ..annotation.validate import load_sentences, validate_row
from ..errors import GovreportError
from ..io import atomic_write_jsonl, read_jsonl
from .client import api_error, iter_examples
from .convert import suggestion_row, upload_line
from .project import check_labels, ensure_project
from .suggest import Suggester

BATCH = 1000  # doccano imports in batches of 1000 too; fewer uploads, fewer status polls


@dataclass
class PushResult:
    project_id: int
    new: int = 0
    skipped: int = 0
    failed: int = 0
    problems: List[str] = field(default_factory=list)
    text_changed: List[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.new} new, {self.skipped} skipped (already in doccano), {self.failed} failed"


def read_ids_file(path: Path) -> List[str]:
    """Sentence ids of a file: one id per line, or JSONL rows with meta.sentence_id / sentence_id / id."""
    if not Path(path).is_file():
        raise GovreportError(f"{path}: sentence id file not found")
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        ids = []
        for row in read_jsonl(path):
            sid = (row.get("meta") or {}).get("sentence_id") or row.get("sentence_id") or row.get("id")
            ids.append(str(sid))
        return ids
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def split_docs(splits_path: Path, name: str) -> List[str]:
    """Documents of one split of corpus/spacy/splits.json ({"train": ["000", ...], "dev": [...], "test": [...]})."""
    if not Path(splits_path).is_file():
        raise GovreportError(f"{splits_path}: split file not found (run `spacy project run convert` first)")
    splits = json.loads(Path(splits_path).read_text(encoding="utf-8"))
    if name not in splits:
        raise GovreportError(f"{splits_path}: no split {name!r} (have {', '.join(sorted(splits))})")
    return [str(d) for d in splits[name]]


def choose_docs(docs: Sequence[str], split: Optional[str], splits_path: Path) -> List[str]:
    """Documents to push: ``--docs`` (repeated or comma-separated), narrowed to ``--split`` when both are given.

    Pushing by split keeps annotators on the documents the models are scored
    on (or trained on), as splits.json fixed them.
    """
    chosen = [d.strip() for item in docs for d in item.split(",") if d.strip()]
    if split:
        in_split = split_docs(splits_path, split)
        chosen = [d for d in chosen if d in in_split] if chosen else in_split
        if not chosen:
            raise GovreportError(f"--docs and --split {split} have no document in common")
    return chosen


def select_sentences(
    sentences: Dict[str, dict], docs: Sequence[str] = (), split_ids: Optional[Sequence[str]] = None, limit: int = 0
) -> List[dict]:
    """Sentences of the chosen documents and/or ids (both: the intersection), in corpus order."""
    chosen = list(sentences.values())
    if docs:
        unknown = sorted(set(docs) - {s["doc"] for s in chosen})
        if unknown:
            raise GovreportError(f"--docs: no sentences for document(s) {', '.join(unknown)}")
        chosen = [s for s in chosen if s["doc"] in set(docs)]
    if split_ids is not None:
        missing = [i for i in split_ids if i not in sentences]
        if missing:
            raise GovreportError(f"{len(missing)} sentence ids not in the sentence file, e.g. {missing[:3]}")
        wanted = set(split_ids)
        chosen = [s for s in chosen if s["id"] in wanted]
    chosen = [s for s in chosen if s["text"].strip()]
    return chosen[:limit] if limit else chosen


def existing_examples(client: DoccanoClient, project_id: int) -> Dict[str, object]:
    """sentence_id → doccano Example for every example of the project that carries one."""
    out: Dict[str, object] = {}
    try:
        for ex in iter_examples(client, project_id):
            sid = (ex.meta or {}).get("sentence_id")
            if sid:
                out[str(sid)] = ex
    except DoccanoAPIError as err:
        raise api_error(err, "list examples") from None
    return out


def _batches(items: List[dict], size: int) -> Iterable[List[dict]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def push(
    client: DoccanoClient,
    sentences_path: Path,
    suggester: Suggester,
    suggested_by: str,
    project_name: str,
    docs: Sequence[str] = (),
    ids: Optional[Sequence[str]] = None,
    limit: int = 0,
    progress: bool = True,
) -> PushResult:
    """Create/reuse the project and upload the chosen sentences it does not have yet."""
    sentences = load_sentences(sentences_path)
    chosen = select_sentences(sentences, docs, ids, limit)
    project, _ = ensure_project(client, project_name)
    assert project.id is not None
    result = PushResult(project.id)
    have = existing_examples(client, project.id)
    todo: List[dict] = []
    for s in chosen:
        if s["id"] in have:
            result.skipped += 1
            if getattr(have[s["id"]], "text", s["text"]) != s["text"]:
                result.text_changed.append(s["id"])
            continue
        todo.append(s)
    lines: List[dict] = []
    for s in tqdm(todo, desc="suggest", unit="sent", disable=not progress or not todo):
        try:
            suggestion = suggester(s["text"])
        except Exception as err:  # a crashing suggester must not stop the whole push
            result.failed += 1
            result.problems.append(f"{s['id']}: suggester failed: {type(err).__name__}: {err}")
            continue
        problems = validate_row(suggestion_row(s, suggestion), sentences)
        if problems:
            result.failed += 1
            result.problems.extend(f"{s['id']}: invalid suggestion: {p}" for p in problems)
            continue
        lines.append(upload_line(s, suggestion, suggested_by))
    with tempfile.TemporaryDirectory(prefix="govreport-push-") as tmp:
        for i, batch in enumerate(tqdm(list(_batches(lines, BATCH)), desc="upload", unit="batch", disable=not progress or not lines)):
            path = Path(tmp) / f"batch-{i:04d}.jsonl"
            atomic_write_jsonl(path, batch)
            try:
                status = client.upload(project.id, [str(path)], Task.RELATION_EXTRACTION, "JSONL")
            except DoccanoAPIError as err:
                raise api_error(err, "import the upload") from None
            if status.error:
                result.problems.append(f"batch {i}: doccano import error: {str(status.error)[:300]}")
            errors = (status.result or {}).get("error") if isinstance(status.result, dict) else None
            if errors:
                result.problems.extend(f"batch {i}: {str(e)[:300]}" for e in errors[:10])
    after = existing_examples(client, project.id)
    uploaded = {line["sentence_id"] for line in lines}
    result.new = len(uploaded & set(after))
    missing = sorted(uploaded - set(after))
    result.failed += len(missing)
    if missing:
        result.problems.append(f"{len(missing)} sentences not found in doccano after import, e.g. {missing[:5]}")
    check_labels(client, project.id)  # doccano would have created unknown labels silently
    return result

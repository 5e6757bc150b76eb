"""Download the examples annotators confirmed, check them, and merge them into the gold files.

Everything is checked before anything is written: doccano's label set against
the spec (it creates unknown labels silently), each example's text against its
sentence id (cleaning may have changed the sentence since the push), and each
converted line with the spec validator (doccano accepts invalid spans). Any
failure stops the pull with one line and writes nothing.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError

from ..annotation.validate import load_sentences, validate_row
from .client import DoccanoError, api_error, iter_examples
from .convert import export_to_gold
from .merge import MergeResult, load_state, merge, write_merge
from .project import check_labels, require_project


@dataclass
class PullResult:
    pulled: int
    merge: MergeResult
    written: List[Path]
    backup: Optional[Path]
    report: Path

    def summary(self) -> str:
        return f"{self.pulled} confirmed examples pulled: {self.merge.summary()}"


def read_export(zip_path: Path) -> List[dict]:
    """Lines of every JSONL file in doccano's export zip (all.jsonl when collaborative, one per user otherwise)."""
    rows: List[dict] = []
    with zipfile.ZipFile(zip_path) as z:
        for name in sorted(z.namelist()):
            if name.endswith(".jsonl"):
                for line in z.read(name).decode("utf-8").splitlines():
                    if line.strip():
                        rows.append(json.loads(line))
    return rows


def download_confirmed(client: DoccanoClient, project_id: int) -> List[dict]:
    """Export only approved (confirmed) examples as relation JSONL."""
    with tempfile.TemporaryDirectory(prefix="govreport-pull-") as tmp:
        try:
            path = client.download(project_id, "JSONL", only_approved=True, dir_name=tmp)
        except DoccanoAPIError as err:
            raise api_error(err, "export the confirmed examples") from None
        return read_export(Path(path))


def approvers(client: DoccanoClient, project_id: int) -> Dict[int, str]:
    """doccano example id → user who confirmed it (goes into meta.annotator).

    doccano-client has no call for an example's confirmation states, so this
    one endpoint (GET …/examples/<id>/states → confirmed_by user id) is read
    through the client's own logged-in session.
    """
    try:
        names = {m.user: m.username for m in client.list_members(project_id)}
        out: Dict[int, str] = {}
        for ex in iter_examples(client, project_id, confirmed=True):
            if ex.id is None:
                continue
            states = client._base_repository.get(f"projects/{project_id}/examples/{ex.id}/states").json()
            results = states.get("results", states) if isinstance(states, dict) else states
            users = sorted({names.get(st.get("confirmed_by"), str(st.get("confirmed_by"))) for st in results or []})
            out[ex.id] = "+".join(users)
        return out
    except DoccanoAPIError as err:
        raise api_error(err, "list confirmed examples") from None


def to_gold(lines: List[dict], sentences: Dict[str, dict], who: Dict[int, str]) -> List[dict]:
    """Convert and check every exported line; the first problem stops the pull (nothing written)."""
    rows: List[dict] = []
    seen: Dict[str, int] = {}
    for line in lines:
        try:
            row = export_to_gold(line, annotator=f"doccano:{who.get(line.get('id'), '') or 'unknown'}")
        except ValueError as err:
            raise DoccanoError(str(err)) from None
        sid = row["meta"]["sentence_id"]
        if sid not in sentences:
            raise DoccanoError(f"doccano example {line.get('id')}: sentence {sid} is not in the sentence file")
        if sentences[sid]["text"] != row["text"]:
            raise DoccanoError(
                f"doccano example {line.get('id')}: text no longer matches sentence {sid} in the sentence file "
                "(cleaning changed it?); fix or delete the example in doccano, nothing was written"
            )
        problems = validate_row(row, sentences)
        if problems:
            raise DoccanoError(
                f"doccano example {line.get('id')} (sentence {sid}) is not valid gold: {problems[0]}"
                + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
                + "; correct it in doccano, nothing was written"
            )
        if sid in seen:
            raise DoccanoError(f"sentence {sid} is in doccano twice (examples {seen[sid]} and {line.get('id')}); delete one")
        seen[sid] = line.get("id")
        rows.append(row)
    return rows


def pull(
    client: DoccanoClient,
    project_name: str,
    sentences_path: Path,
    annotations_dir: Path,
    state_path: Path,
    report_path: Path,
    backup_dir: Path,
) -> PullResult:
    """The whole pull: check, download, convert, validate, merge, write."""
    project = require_project(client, project_name)
    assert project.id is not None
    check_labels(client, project.id)
    sentences = load_sentences(sentences_path)
    lines = download_confirmed(client, project.id)
    rows = to_gold(lines, sentences, approvers(client, project.id))
    state = load_state(state_path)
    result = merge(rows, annotations_dir, state)
    written, backup = write_merge(result, rows, annotations_dir, state_path, state, report_path, backup_dir)
    return PullResult(len(rows), result, written, backup, report_path)

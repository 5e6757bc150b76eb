"""Merging pulled doccano annotations into the gold files without losing reviewed work.

Rule per pulled sentence (content compared by `content_hash`, so id numbering
and meta do not matter):
- doccano unchanged since the last pull → nothing to do (a local edit wins);
- no local line → added;
- local line says the same → unchanged;
- local line not 'reviewed' → replaced;
- local line 'reviewed' but exactly what the last pull wrote → replaced
  (nobody touched it locally since);
- otherwise (reviewed locally after the last pull, or by hand) → conflict:
  reported, local line left as it is, for a person to resolve.

The pull state (JSON) records, per sentence, the hash of what was pulled and
when; it is what tells "written by the last pull" from "edited by a person".
"""

from __future__ import annotations

import datetime as _dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..annotation.markup import to_markup
from ..io import atomic_write_json, atomic_write_jsonl, read_jsonl
from .convert import content_hash

STATE_VERSION = 1


@dataclass
class MergeResult:
    added: List[str] = field(default_factory=list)
    replaced: List[str] = field(default_factory=list)
    unchanged: List[str] = field(default_factory=list)
    kept_local: List[str] = field(default_factory=list)
    conflicts: List[dict] = field(default_factory=list)
    files: Dict[str, List[dict]] = field(default_factory=dict)  # doc → full new content of <doc>.jsonl

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{len(self.kept_local)} kept (local edit, doccano unchanged), {len(self.conflicts)} conflicts"
        )


def load_state(path: Path) -> dict:
    """The pull state, or an empty one before the first pull."""
    if Path(path).is_file():
        import json

        return json.loads(Path(path).read_text(encoding="utf-8"))
    return {"version": STATE_VERSION, "last_pull": None, "sentences": {}}


def _markup(row: dict) -> str:
    try:
        return to_markup(row["text"], row.get("entities") or [], row.get("relations") or [])
    except Exception:  # a malformed local line must not stop the report
        return row.get("text", "")


def merge(pulled: List[dict], annotations_dir: Path, state: dict) -> MergeResult:
    """Decide, sentence by sentence, what the gold files become; writes nothing."""
    result = MergeResult()
    seen: Dict[str, List[dict]] = {}
    by_doc: Dict[str, List[dict]] = {}
    for row in pulled:
        by_doc.setdefault(row["doc"], []).append(row)
    for doc, rows in sorted(by_doc.items()):
        path = Path(annotations_dir) / f"{doc}.jsonl"
        local_rows = read_jsonl(path) if path.is_file() else []
        index = {(r.get("meta") or {}).get("sentence_id"): i for i, r in enumerate(local_rows)}
        changed = False
        for new in rows:
            sid = new["meta"]["sentence_id"]
            new_hash = content_hash(new)
            prev = (state.get("sentences") or {}).get(sid)
            local = local_rows[index[sid]] if sid in index else None
            if prev and prev.get("hash") == new_hash and local is not None:
                (result.unchanged if content_hash(local) == new_hash else result.kept_local).append(sid)
                continue
            if local is None:
                local_rows.append(new)
                index[sid] = len(local_rows) - 1
                result.added.append(sid)
                changed = True
            elif content_hash(local) == new_hash:
                result.unchanged.append(sid)
            elif (local.get("meta") or {}).get("review_state") != "reviewed" or (
                prev and content_hash(local) == prev.get("hash")
            ):
                local_rows[index[sid]] = new
                result.replaced.append(sid)
                changed = True
            else:
                result.conflicts.append(
                    {
                        "sentence_id": sid,
                        "file": str(path),
                        "reason": "reviewed locally after the last pull (or by hand) and changed in doccano",
                        "local": local,
                        "doccano": new,
                        "local_markup": _markup(local),
                        "doccano_markup": _markup(new),
                    }
                )
        if changed:
            local_rows.sort(key=lambda r: r.get("id", 0))
            result.files[doc] = local_rows
    return result


def write_merge(
    result: MergeResult,
    pulled: List[dict],
    annotations_dir: Path,
    state_path: Path,
    state: dict,
    report_path: Path,
    backup_dir: Path,
    now: Optional[_dt.datetime] = None,
) -> Tuple[List[Path], Optional[Path]]:
    """Back up files about to change, write them atomically, then the conflict report and the state.

    The state is written last: if we stop half-way, the next pull sees files
    that already hold the pulled content and counts them as unchanged.
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    written: List[Path] = []
    backup: Optional[Path] = None
    for doc, rows in sorted(result.files.items()):
        path = Path(annotations_dir) / f"{doc}.jsonl"
        if path.is_file():
            backup = Path(backup_dir) / stamp
            backup.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, backup / path.name)
        atomic_write_jsonl(path, rows)
        written.append(path)
    atomic_write_jsonl(report_path, result.conflicts)
    conflicted = {c["sentence_id"] for c in result.conflicts}
    sentences = dict(state.get("sentences") or {})
    for row in pulled:
        sid = row["meta"]["sentence_id"]
        if sid in conflicted:
            continue  # not applied: the next pull must still see doccano's version as new
        sentences[sid] = {
            "hash": content_hash(row),
            "pulled_at": now.isoformat(timespec="seconds"),
            "doccano_example_id": row["meta"].get("doccano_example_id"),
        }
    atomic_write_json(state_path, {"version": STATE_VERSION, "last_pull": now.isoformat(timespec="seconds"), "sentences": sentences})
    return written, backup

"""Extraction at corpus scale: many raw report files → one output, resumable, never stopped by a bad file.

What ``python -m govreport extract`` runs (``extract_batch``; the Dask path in
``distributed.py`` shares everything here but the executor):

1. **Inputs**: files, folders (searched recursively for ``pattern``, default
   ``*.txt``) and globs, in the order given, each file once
   (``expand_inputs``). Each file's id, place and year come from the manifest.
2. **Plan**: every file is read once and hashed (SHA-256 of its bytes). A
   report whose hash already has a part in the staging folder is done and
   skipped; so is a second file with the same bytes in one run.
3. **Run**: each file is read, decoded, cleaned (overlong sentences cut,
   ``max_sentence_chars``) and streamed with the others through the pipeline
   (``component.report_records``: pieces of at most ``piece_chars``
   characters, ``batch_size`` pieces at a time, ``n_process`` processes).
   A file that cannot be read (binary, not UTF-8, empty, nothing left after
   cleaning) or that makes the pipeline fail is written with the reason to
   the errors file (``<out>.errors.jsonl``) and the batch goes on.
4. **Parts**: each finished report's rows are written at once, atomically
   (temporary file + rename), as one Parquet file named by its content hash
   in the staging folder (``<out>.parts/``). A killed run leaves whole parts
   or none, never half a report; the rerun skips them.
5. **Output**: the parts of the given inputs are assembled, in input order,
   into ``<out>`` (JSONL, CSV or Parquet by the suffix; one schema, see
   ``rows.py``), written atomically. An ``--out`` without a suffix is a
   folder: the parts themselves are the output (partitioned Parquet).

The staging folder records which model and settings wrote its parts
(``_settings.json``); a rerun with another model refuses to mix them unless
told to start afresh (``fresh=True``, ``--fresh``).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ..errors import GovreportError, ReportInputError
from ..io import atomic_write_jsonl, decode_report_text
from . import rows as R
from .component import MAX_SENTENCE_CHARS, PIECE_CHARS, find_extractor, report_records

DEFAULT_PATTERN = "*.txt"
# Pieces per nlp.pipe batch: 16 pieces of ≤ 2,000 characters keep a batch under 32,000 characters
# (the NER's memory follows the batch: ~5-10 kB a character); larger batches were not faster.
DEFAULT_BATCH_SIZE = 16
SETTINGS_FILE = "_settings.json"
PART_PREFIX = "part-"


@dataclass
class ReportInput:
    """One input file and what the manifest (or the options) say about it."""

    path: Path
    doc_id: str
    place: Optional[str] = None
    place_source: Optional[str] = None
    year: Optional[int] = None

    @property
    def source(self) -> str:
        return str(self.path)

    @property
    def facts(self) -> Dict[str, Any]:
        return {"place": self.place, "place_source": self.place_source if self.place else None, "year": self.year}


# inputs --------------------------------------------------------------------------------------------

def expand_inputs(args: Sequence[Any], pattern: str = DEFAULT_PATTERN) -> List[Path]:
    """Files of ``args`` (files, folders searched recursively for ``pattern``, globs), each once, in order.

    An argument that names nothing (no such path, a glob or folder without a
    match) is a GovreportError: a typo should not silently shrink a corpus.
    """
    out: List[Path] = []
    seen: Set[Path] = set()
    for arg in args:
        text = str(arg)
        path = Path(text)
        if path.is_dir() or path.is_file():
            matches = [path]
        elif glob.has_magic(text):
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
        else:
            raise GovreportError(f"{text}: no such file or folder")
        files: List[Path] = []
        for match in matches:
            if match.is_dir():
                files.extend(sorted(f for f in match.rglob(pattern) if f.is_file() and not _hidden(f, match)))
            elif match.is_file():
                files.append(match)
        if not files:
            what = f"no {pattern} file in the folder" if path.is_dir() else "matches no file"
            raise GovreportError(f"{text}: {what}")
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def report_inputs(paths: Sequence[Path], manifest: Optional[Path] = None, doc_id: Optional[str] = None,
                  place: Optional[str] = None) -> List[ReportInput]:
    """Each file with its id, place and year: ``doc_id``/``place`` options, else the manifest, else the file name."""
    if doc_id and len(paths) > 1:
        raise GovreportError("--doc-id names one document: give a single REPORT")
    index = manifest_index(manifest)
    inputs = []
    for path in paths:
        info = manifest_lookup(index, path)
        name = doc_id or (info.doc_id if info else path.stem)
        if place:
            inputs.append(ReportInput(path, name, place, "user", info.year if info else None))
        elif info:
            inputs.append(ReportInput(path, name, info.place, "manifest", info.year))
        else:
            inputs.append(ReportInput(path, name))
    return inputs


def manifest_index(manifest: Optional[Path]) -> Dict[str, list]:
    """Manifest rows by file name (the manifest's ``file`` may hold a sub-folder: extra/130636_2024.txt)."""
    from ..corpus.manifest import load_manifest

    if manifest is None or not Path(manifest).exists():
        return {}
    index: Dict[str, list] = {}
    for info in load_manifest(manifest).values():
        index.setdefault(Path(info.file).name, []).append(info)
    return index


def manifest_lookup(index: Dict[str, list], path: Path):
    """The manifest row of ``path``: the row whose ``file`` ends the path, else the only row of that file name."""
    candidates = index.get(path.name, [])
    posix = "/" + Path(path).as_posix().lstrip("/")
    for info in candidates:
        if posix.endswith("/" + info.file):
            return info
    return candidates[0] if len(candidates) == 1 else None


# the staging folder of parts -------------------------------------------------------------------------

class PartStore:
    """One Parquet part per finished report, named by its content hash, written atomically."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()

    def path(self, content_hash: str) -> Path:
        return self.folder / f"{PART_PREFIX}{content_hash}.parquet"

    def done(self) -> Set[str]:
        return {p.name[len(PART_PREFIX):-len(".parquet")] for p in self.folder.glob(f"{PART_PREFIX}*.parquet")}

    def write(self, content_hash: str, rows: Sequence[R.Row]) -> None:
        R.write_parquet_atomic(self.path(content_hash), rows)

    def read(self, content_hash: str):
        import pyarrow.parquet as pq

        return pq.read_table(self.path(content_hash), schema=R.arrow_schema())

    def num_rows(self, content_hash: str) -> int:
        import pyarrow.parquet as pq

        return pq.read_metadata(self.path(content_hash)).num_rows

    def _remove_stale_temporaries(self) -> None:
        """Temporary files of killed runs (``.part-….parquet.<pid>.tmp`` whose process is gone)."""
        for tmp in self.folder.glob(".*.tmp"):
            try:
                pid = int(tmp.name.rsplit(".", 2)[-2])
            except ValueError:
                continue
            if not _alive(pid):
                tmp.unlink(missing_ok=True)

    def check_settings(self, settings: Dict[str, Any], fresh: bool) -> None:
        """Refuse to mix parts of another model or other settings (``fresh`` removes the old parts)."""
        path = self.folder / SETTINGS_FILE
        if fresh:
            for part in self.folder.glob(f"{PART_PREFIX}*.parquet"):
                part.unlink()
            path.unlink(missing_ok=True)
        if path.exists():
            before = json.loads(path.read_text(encoding="utf-8"))
            changed = sorted(k for k in set(before) | set(settings) if before.get(k) != settings.get(k))
            if changed and any(self.folder.glob(f"{PART_PREFIX}*.parquet")):
                raise GovreportError(
                    f"{self.folder}: parts were extracted with other settings ({', '.join(changed)} differ): "
                    "pass --fresh to extract again, or write to another --out")
        from ..io import atomic_write_json

        atomic_write_json(path, settings)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_folder(out: Path) -> Path:
    """Where the parts go: the output folder itself, or ``<out>.parts/`` beside an output file."""
    out = Path(out)
    return out if R.output_format(out) == "dataset" else out.with_name(out.name + ".parts")


def errors_path(out: Path) -> Path:
    out = Path(out)
    return out.with_name(out.name.rstrip("/") + ".errors.jsonl")


def model_fingerprint(model: Any) -> Dict[str, Any]:
    """What identifies a pipeline on disk: its path and a SHA-256 of its files (a retrained model differs)."""
    path = Path(str(model))
    if not path.exists():
        return {"model": str(model)}
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for f in files:
        digest.update(str(f.relative_to(path) if path.is_dir() else f.name).encode())
        with f.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return {"model": str(path.resolve()), "model_sha256": digest.hexdigest()}


# one report: bytes → cleaned text → rows ---------------------------------------------------------------

@dataclass
class Prepared:
    """A cleaned report ready for the pipeline, and what its rows need besides the records."""

    item: ReportInput
    content_hash: str
    chars: int  # characters of the decoded file
    text: str
    text_original: Optional[str]
    sentences: List[Tuple[int, int, Optional[str]]]
    sentences_cut: int


class Skip(Exception):
    """A report that does not go through the pipeline: ``stage`` and ``reason`` go to the errors file."""

    def __init__(self, stage: str, reason: str):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


def prepare(item: ReportInput, data: bytes, content_hash: str, max_sentence_chars: Optional[int]) -> Prepared:
    """Decode and clean one file's bytes; raises Skip for a file with no report text."""
    from ..cleaning import clean_report

    if not data:
        raise Skip("read", "empty file (0 bytes)")
    try:
        raw = decode_report_text(item.path, data)
    except ReportInputError as err:
        raise Skip("read", err.problem) from None
    if not raw.strip():
        raise Skip("read", "no text (white space only)")
    cleaned = clean_report(raw, item.doc_id, source=item.source, max_sentence_chars=max_sentence_chars)
    if not cleaned.text.strip():
        raise Skip("clean", f"no report text left after cleaning ({len(cleaned.report.removed_lines)} lines of page furniture removed)")
    cuts = {c.index: c.cut for c in cleaned.report.sentences_cut}
    sentences = [(s.start, s.end, cuts.get(s.index)) for s in cleaned.sentences]
    original = None
    if cleaned.report.script == "traditional" and cleaned.report.offsets_preserved:
        original = cleaned.text_original
    return Prepared(item, content_hash, len(raw), cleaned.text, original, sentences, len(cuts))


def rows_of(prepared: Prepared, records: Sequence[Dict[str, Any]]) -> List[R.Row]:
    return R.report_rows(records, prepared.item.doc_id, prepared.item.source, prepared.content_hash,
                         prepared.sentences, prepared.text, prepared.text_original)


def read_bytes(item: ReportInput) -> Tuple[bytes, str]:
    """The file's bytes and their SHA-256; raises Skip when the file cannot be read."""
    try:
        data = item.path.read_bytes()
    except FileNotFoundError:
        raise Skip("read", "file not found (removed since the run started)") from None
    except IsADirectoryError:
        raise Skip("read", "is a folder, expected a text file") from None
    except OSError as err:
        raise Skip("read", f"cannot be read ({err.strerror})") from None
    return data, hashlib.sha256(data).hexdigest()


# a run: plan, bookkeeping, progress, assembly ------------------------------------------------------------

@dataclass
class BatchSummary:
    out: str
    inputs: int = 0
    already_done: int = 0
    duplicates: int = 0
    extracted: int = 0
    failed: int = 0
    records: int = 0
    records_this_run: int = 0
    chars_this_run: int = 0
    sentences_cut: int = 0
    seconds: float = 0.0
    errors_file: Optional[str] = None
    first_error: Optional[str] = None
    written: List[str] = field(default_factory=list)  # content hashes whose part this run wrote, in order

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        """The one-line summary the command prints."""
        parts = [f"{self.records:,} records from {self.inputs - self.failed:,} report(s)"]
        detail = [f"{self.extracted:,} extracted now"]
        if self.already_done:
            detail.append(f"{self.already_done:,} already done")
        if self.duplicates:
            detail.append(f"{self.duplicates:,} duplicate file(s) skipped")
        if self.sentences_cut:
            detail.append(f"{self.sentences_cut:,} overlong sentence piece(s) cut")
        if self.failed:
            detail.append(f"{self.failed:,} failed (first: {self.first_error}; all in {self.errors_file})")
        return f"{parts[0]} ({', '.join(detail)}) → {self.out}"


class BatchRun:
    """The bookkeeping both executors share: plan, parts, errors, progress bar, assembly."""

    def __init__(self, inputs: Sequence[ReportInput], out: Path, settings: Dict[str, Any], fresh: bool = False,
                 progress: bool = True):
        self.out = Path(out)
        try:
            self.format = R.output_format(self.out)
        except ValueError:
            raise GovreportError(f"{out}: output must end with .jsonl, .csv or .parquet, or be a folder (partitioned Parquet)") from None
        if self.format == "parquet" or self.format == "dataset":
            _require_pyarrow()
        self.inputs = list(inputs)
        self.store = PartStore(staging_folder(self.out))
        self.store.check_settings(settings, fresh)
        self.done_before = self.store.done()
        self.errors: List[Dict[str, Any]] = []
        self.summary = BatchSummary(out=str(self.out), inputs=len(self.inputs))
        self.hashes: Dict[int, str] = {}  # input index → content hash
        self.claimed: Set[str] = set()  # hashes this run has taken on (in flight or written)
        self.written: Set[str] = set()
        self.progress = progress
        self.bar = None
        self.started = time.perf_counter()

    # the bar counts the reports this run has to extract; chars/s in its postfix
    def open_bar(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc="extract", unit="report", disable=not self.progress, dynamic_ncols=True,
                        smoothing=0.1)

    def tick(self, chars: int) -> None:
        self.summary.chars_this_run += chars
        if self.bar is not None:
            self.bar.update(1)
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            self.bar.set_postfix_str(f"{self.summary.chars_this_run / elapsed:,.0f} chars/s", refresh=False)

    def claim(self, index: int, content_hash: str) -> bool:
        """True when this input is to be extracted now; False when its part exists or another input has its bytes."""
        self.hashes[index] = content_hash
        if content_hash in self.done_before:
            self.summary.already_done += 1
            return False
        if content_hash in self.claimed:
            self.summary.duplicates += 1
            return False
        self.claimed.add(content_hash)
        return True

    def plan(self) -> List[int]:
        """Indexes of the inputs to extract now (reads and hashes every file once).

        The run reads each of them again (``claim``): a file changed in between
        is taken by its new bytes.
        """
        todo: List[int] = []
        planned: Set[str] = set()
        for index, item in enumerate(self.inputs):
            try:
                _, content_hash = read_bytes(item)
            except Skip:
                todo.append(index)  # the run reads it again and says why it failed
                continue
            self.hashes[index] = content_hash
            if content_hash in self.done_before:
                self.summary.already_done += 1
            elif content_hash in planned:
                self.summary.duplicates += 1
            else:
                planned.add(content_hash)
                todo.append(index)
        return todo

    def fail(self, item: ReportInput, stage: str, reason: str, content_hash: Optional[str] = None) -> None:
        self.errors.append({"source": item.source, "doc_id": item.doc_id, "content_hash": content_hash,
                            "stage": stage, "reason": reason})
        self.summary.failed += 1
        if self.summary.first_error is None:
            self.summary.first_error = f"{item.source}: {reason}"
        self.tick(0)

    def finish_report(self, content_hash: str, rows: Sequence[R.Row], chars: int, sentences_cut: int = 0) -> None:
        """Write a finished report's part (once per content hash, whatever happens to the tasks)."""
        if content_hash in self.written:
            return
        self.written.add(content_hash)
        self.store.write(content_hash, rows)
        self.summary.written.append(content_hash)
        self.summary.extracted += 1
        self.summary.records_this_run += len(rows)
        self.summary.sentences_cut += sentences_cut
        self.tick(chars)

    def finish(self) -> BatchSummary:
        """Assemble the output from the parts of the given inputs, write the errors file, close the bar."""
        if self.bar is not None:
            self.bar.close()
        hashes = []
        seen: Set[str] = set()
        done = self.store.done()
        for index in range(len(self.inputs)):
            h = self.hashes.get(index)
            if h is not None and h in done and h not in seen:
                seen.add(h)
                hashes.append(h)
        self.summary.records = self._assemble(hashes)
        path = errors_path(self.out)
        if self.errors:
            atomic_write_jsonl(path, self.errors)
            self.summary.errors_file = str(path)
        elif path.exists():
            path.unlink()  # a previous run's errors, fixed or gone
        self.summary.seconds = round(time.perf_counter() - self.started, 3)
        return self.summary

    def _assemble(self, hashes: Sequence[str]) -> int:
        if self.format == "dataset":
            return sum(self.store.num_rows(h) for h in hashes)
        count = 0

        def tables():
            nonlocal count
            for h in hashes:
                table = self.store.read(h)
                count += table.num_rows
                yield table

        if self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            def write_parquet(tmp: str) -> None:
                with pq.ParquetWriter(tmp, R.arrow_schema(), compression="zstd") as writer:
                    buffered: list = []
                    size = 0
                    for table in tables():
                        buffered.append(table)
                        size += table.num_rows
                        if size >= 65536:
                            writer.write_table(pa.concat_tables(buffered))
                            buffered, size = [], 0
                    if buffered:
                        writer.write_table(pa.concat_tables(buffered))

            R._atomic(self.out, write_parquet)
            return count

        def write_text(tmp: str) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                if self.format == "csv":
                    f.write(R.csv_text([], header=True))
                for table in tables():
                    rows = [R.typed(r) for r in table.to_pylist()]
                    if self.format == "csv":
                        f.write(R.csv_text(rows, header=False))
                    else:
                        f.writelines(R.jsonl_lines(rows))

        R._atomic(self.out, write_text)
        return count


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        raise GovreportError("Parquet output needs pyarrow (pip install -r requirements.txt)") from None


def run_settings(nlp, model_id: Any, piece_chars: int) -> Dict[str, Any]:
    extractor = nlp.get_pipe(find_extractor(nlp))
    settings = {"max_sentence_chars": getattr(extractor, "max_sentence_chars", MAX_SENTENCE_CHARS),
                "piece_chars": piece_chars, "pipeline": list(nlp.pipe_names)}
    if model_id is not None:
        settings.update(model_fingerprint(model_id))
    return settings


# the local executor ----------------------------------------------------------------------------------

def extract_batch(nlp, inputs: Sequence[ReportInput], out: Path, *, n_process: int = 1,
                  batch_size: int = DEFAULT_BATCH_SIZE, piece_chars: int = PIECE_CHARS, fresh: bool = False,
                  progress: bool = True, model_id: Any = None,
                  on_report: Optional[Callable[[BatchSummary], None]] = None) -> BatchSummary:
    """Extract ``inputs`` with ``nlp`` in this machine's processes (``n_process``) into ``out``.

    ``model_id`` (the model's path) is fingerprinted into the staging folder's
    settings, so a rerun with a retrained model does not mix old parts in.
    ``on_report`` is called after each finished or failed report.
    """
    if n_process < 1:
        raise GovreportError(f"--n-process must be at least 1, got {n_process}")
    if batch_size < 1 or piece_chars < 1:
        raise GovreportError("--batch-size and --piece-chars must be at least 1")
    run = BatchRun(inputs, out, run_settings(nlp, model_id, piece_chars), fresh=fresh, progress=progress)
    todo = run.plan()
    extractor = nlp.get_pipe(find_extractor(nlp))
    max_sentence = getattr(extractor, "max_sentence_chars", MAX_SENTENCE_CHARS) or None
    run.open_bar(len(todo))

    def texts() -> Iterator[Tuple[str, Dict[str, Any], Prepared]]:
        for index in todo:
            item = run.inputs[index]
            try:
                data, content_hash = read_bytes(item)
                if not run.claim(index, content_hash):
                    run.tick(0)
                    continue
                prepared = prepare(item, data, content_hash, max_sentence)
            except Skip as skip:
                run.fail(item, skip.stage, skip.reason, run.hashes.get(index))
                if on_report:
                    on_report(run.summary)
                continue
            except Exception as err:  # noqa: BLE001 - cleaning never raises; if it ever does, one file fails
                run.fail(item, "clean", f"{type(err).__name__}: {err}", run.hashes.get(index))
                continue
            del data
            yield prepared.text, item.facts, prepared

    for result in report_records(nlp, texts(), n_process=n_process, batch_size=batch_size, piece_chars=piece_chars):
        prepared: Prepared = result.context
        if result.error is not None:
            run.fail(prepared.item, "pipeline", result.error, prepared.content_hash)
        else:
            run.finish_report(prepared.content_hash, rows_of(prepared, result.records or []), prepared.chars,
                              prepared.sentences_cut)
        if on_report:
            on_report(run.summary)
    return run.finish()

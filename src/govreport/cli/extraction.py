"""extract and render: raw reports → indicator records or an HTML check page (govreport.extraction)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import paths
from ._common import done, fail, user_errors

MODEL = typer.Option(paths.PIPELINE, "--model", help="spaCy pipeline to read entities with (default: the assembled pipeline).")
MANIFEST = typer.Option(paths.MANIFEST, "--manifest", help="Manifest giving id, place and year by file name.")


def extract(
    reports: List[str] = typer.Argument(..., help="Raw report files (UTF-8 text, either script), folders (searched for --pattern) or globs."),
    out: Path = typer.Option(..., "--out", help="records.jsonl, records.csv or records.parquet (one schema, docs/scale.md), or a folder: partitioned Parquet."),
    model: Path = MODEL,
    place: Optional[str] = typer.Option(None, "--place", help="The reports' own place, when the text and manifest do not give it."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (only with a single REPORT); default: manifest id or file name."),
    manifest: Optional[Path] = MANIFEST,
    n_process: int = typer.Option(1, "--n-process", help="Processes on this machine (nlp.pipe n_process); with --scheduler local, Dask workers."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Pieces per nlp.pipe batch; memory follows batch size × piece chars per process [default: 16]."),
    piece_chars: Optional[int] = typer.Option(None, "--piece-chars", help="The models see a report in pieces of at most this many characters [default: 2000]."),
    pattern: str = typer.Option("*.txt", "--pattern", help="Files to take from a folder (recursive)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786), or 'local' for a LocalCluster of --n-process workers."),
    fresh: bool = typer.Option(False, "--fresh", help="Forget the parts of earlier runs (e.g. after retraining) and extract everything again."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar (reports/s, chars/s, ETA) on stderr."),
) -> None:
    """Extract indicator records from raw reports: resumable, one row per record, bad files listed in <out>.errors.jsonl."""
    from ..extraction.batch import DEFAULT_BATCH_SIZE, expand_inputs, extract_batch, report_inputs
    from ..extraction.component import PIECE_CHARS
    from ..extraction.reports import load_pipeline

    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else batch_size
    piece_chars = PIECE_CHARS if piece_chars is None else piece_chars
    with user_errors():
        inputs = report_inputs(expand_inputs(reports, pattern), manifest, doc_id, place)
        _check_out(out)
        if scheduler:
            from ..extraction.distributed import dask_client, extract_distributed

            model_arg = model if Path(model).exists() else str(model)
            with dask_client(scheduler, n_workers=n_process) as client:
                summary = extract_distributed(client, Path(model_arg).resolve() if Path(model_arg).exists() else model_arg,
                                              inputs, out, batch_size=batch_size, piece_chars=piece_chars,
                                              fresh=fresh, progress=progress)
        else:
            summary = extract_batch(load_pipeline(model), inputs, out, n_process=n_process, batch_size=batch_size,
                                    piece_chars=piece_chars, fresh=fresh, progress=progress, model_id=model)
    if summary.failed and summary.failed == summary.inputs:
        fail(f"no report extracted: {summary.line()}")
    done(summary.line())


def _check_out(out: Path) -> None:
    from ..errors import GovreportError
    from ..extraction.rows import output_format

    try:
        output_format(out)
    except ValueError:
        raise GovreportError(f"{out}: output must end with .jsonl, .csv or .parquet, or be a folder (partitioned Parquet)") from None


def render(
    report: Path = typer.Argument(..., help="A raw report file."),
    out: Path = typer.Option(..., "--out", help="HTML page to write."),
    model: Path = MODEL,
    place: Optional[str] = typer.Option(None, "--place"),
    doc_id: Optional[str] = typer.Option(None, "--doc-id"),
    manifest: Optional[Path] = MANIFEST,
) -> None:
    """An HTML page: the cleaned report with its entities highlighted, and the records table beside it."""
    from ..extraction.reports import load_pipeline, render_report
    from ..io import atomic_write_text

    with user_errors():
        page, n = render_report(load_pipeline(model), report, manifest, doc_id, place)
        atomic_write_text(out, page)
    done(f"{n} records → {out}")


def benchmark_extract(
    model: Path = MODEL,
    raw_dir: Path = typer.Option(paths.RAW_DIR, "--raw-dir", help="The raw reports (the 40 inputs: these 38 and copies of the 2 largest)."),
    manifest: Optional[Path] = MANIFEST,
    configs: str = typer.Option("one process,n_process 2,dask 1 worker,dask 2 workers", "--configs", help="Comma-separated configurations to run."),
    big_mb: float = typer.Option(10.0, "--big-mb", help="Size of the single-line memory check in MB (0: skip it)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Pieces per nlp.pipe batch [default: 16]."),
    piece_chars: Optional[int] = typer.Option(None, "--piece-chars", help="Characters per piece [default: 2000]."),
    workdir: Path = typer.Option(Path("training/benchmark_extract"), "--workdir", help="Inputs and outputs of the runs (removed and rebuilt)."),
    out: Path = typer.Option(Path("training/benchmark_extract.json"), "--out", help="The figures as JSON."),
    markdown: Path = typer.Option(Path("training/benchmark_extract.md"), "--markdown", help="The figures as a markdown table."),
) -> None:
    """Extraction speed (reports/s, chars/s), start-up and peak memory: one process, --n-process 2, Dask with 1 and 2 workers."""
    from ..benchmark_extract import benchmark_extract as run, markdown_table
    from ..io import atomic_write_json, atomic_write_text

    with user_errors():
        report = run(model, raw_dir, manifest, workdir, [c.strip() for c in configs.split(",") if c.strip()], big_mb,
                     batch_size, piece_chars)
    atomic_write_json(out, report)
    table = markdown_table(report)
    atomic_write_text(markdown, table)
    typer.echo(table)
    done(f"figures → {out}, {markdown}")

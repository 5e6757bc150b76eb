"""extract and render: raw reports → indicator records or an HTML check page (govreport.extraction)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import paths
from ._common import done, user_errors

MODEL = typer.Option(paths.PIPELINE, "--model", help="spaCy pipeline to read entities with (default: the assembled pipeline).")
MANIFEST = typer.Option(paths.MANIFEST, "--manifest", help="Manifest giving id, place and year by file name.")


def extract(
    reports: List[Path] = typer.Argument(..., help="Raw report files (UTF-8 text, either script)."),
    out: Path = typer.Option(..., "--out", help="records.jsonl or records.csv (one row per record)."),
    model: Path = MODEL,
    place: Optional[str] = typer.Option(None, "--place", help="The reports' own place, when the text and manifest do not give it."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (only with a single REPORT); default: manifest id or file name."),
    manifest: Optional[Path] = MANIFEST,
) -> None:
    """Extract indicator records from raw reports into JSONL or CSV."""
    from ..extraction.reports import check_output, extract_records, load_pipeline, write_rows

    with user_errors():
        check_output(out)
        rows = extract_records(load_pipeline(model), reports, manifest, doc_id, place)
        write_rows(out, rows)
    done(f"{len(rows)} records from {len(reports)} report(s) → {out}")


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

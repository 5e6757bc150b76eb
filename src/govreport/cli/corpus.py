"""clean: raw reports → cleaned texts, the sentence file and cleaning reports (govreport.corpus)."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import paths
from ._common import done, user_errors


def clean(
    raw_dir: Path = typer.Option(paths.RAW_DIR, help="Folder of raw reports (read only)."),
    manifest: Path = typer.Option(paths.MANIFEST, help="Manifest TSV of the raw reports."),
    out_dir: Path = typer.Option(paths.CLEAN_DIR, help="Where cleaned texts go."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file to write."),
    reports_dir: Path = typer.Option(paths.CLEANING_REPORTS, help="Per-document cleaning reports (JSON)."),
) -> None:
    """Clean the raw reports: furniture, glosses, page markers, widths, script, sentences."""
    from ..corpus.clean_corpus import clean_corpus

    with user_errors():
        n = clean_corpus(raw_dir, manifest, out_dir, sentences, reports_dir)
    done(f"{n} sentences → {sentences}; reports in {reports_dir}")

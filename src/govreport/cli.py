"""`python -m govreport …` / `govreport …`: the package's command line.

Each command is a thin typer wrapper; user-facing errors (GovreportError) are
printed as one line with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .errors import GovreportError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.callback()
def _root() -> None:
    """govreport: indicator records from Chinese government work reports."""


def fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command("clean")
def clean_cmd(
    raw_dir: Path = typer.Option(Path("corpus/raw"), help="Folder of raw reports (read only)."),
    manifest: Path = typer.Option(Path("corpus/manifest.tsv"), help="Manifest TSV of the raw reports."),
    out_dir: Path = typer.Option(Path("corpus/clean"), help="Where cleaned texts go."),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl"), help="Sentence file to write."),
    reports_dir: Path = typer.Option(Path("corpus/reports"), help="Per-document cleaning reports (JSON)."),
) -> None:
    """Clean the raw reports: furniture, glosses, page markers, widths, script, sentences."""
    from .corpus.clean_corpus import clean_corpus

    try:
        n = clean_corpus(raw_dir, manifest, out_dir, sentences, reports_dir)
    except GovreportError as err:
        fail(str(err))
    typer.secho(f"✔ {n} sentences → {sentences}; reports in {reports_dir}", fg=typer.colors.GREEN)


def main() -> None:
    try:
        app()
    except GovreportError as err:  # commands raising outside their own handler
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        sys.exit(1)


if __name__ == "__main__":
    main()

from .doccano import cli as _doccano_cli  # noqa: E402,F401  (mounts doccano-server/-push/-pull)
from .extraction.cli import extract_cmd, render_cmd  # noqa: E402

app.command("extract")(extract_cmd)
app.command("render")(render_cmd)

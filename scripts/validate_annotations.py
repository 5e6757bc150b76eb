"""Validate gold JSONL files (doccano format) against the annotation spec.

    python scripts/validate_annotations.py corpus/annotations --sentences corpus/sentences.jsonl

Every problem is printed as file:line: message [span]; exit code 1 if any.
"""

from pathlib import Path

import typer

from govreport.annotation.validate import load_sentences, validate_files


def main(
    folder: Path = typer.Argument(Path("corpus/annotations"), help="Folder of <doc>.jsonl gold files"),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl"), help="Sentence file the gold refers to"),
) -> None:
    files = sorted(folder.glob("*.jsonl"))
    problems = validate_files(files, load_sentences(sentences))
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        typer.secho(f"✘ {len(problems)} problems in {len(files)} files", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    lines = sum(1 for f in files for line in f.open(encoding="utf-8") if line.strip())
    typer.secho(f"✔ {lines} gold lines in {len(files)} files are valid", fg=typer.colors.GREEN)


if __name__ == "__main__":
    typer.run(main)

"""Score the rule baseline (govreport.rules.annotate) against gold JSONL files.

    python scripts/evaluate_rules.py /tmp/gold/002.jsonl /tmp/gold/003.jsonl --out training/rules_metrics.json

Writes the scores as JSON and a Markdown table (exact and overlap span match
per label, value_of/change_of relation P/R/F).
"""

from pathlib import Path
from typing import List

import typer

from govreport.errors import GovreportError
from govreport.io import atomic_write_json, atomic_write_text
from govreport.rules import annotate
from govreport.rules.evaluate import evaluate, load_rows, markdown


def main(
    gold: List[Path] = typer.Argument(..., help="Gold JSONL files (doccano format)"),
    out: Path = typer.Option(Path("training/rules_metrics.json"), help="JSON scores"),
    md: Path = typer.Option(Path("training/rules_metrics.md"), help="Markdown table"),
    title: str = typer.Option("Rule baseline", help="Title of the Markdown table"),
) -> None:
    missing = [str(p) for p in gold if not p.exists()]
    if missing:
        typer.secho(f"error: no such gold file: {', '.join(missing)}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    try:
        rows = load_rows(gold)
        result = evaluate(rows, annotate, progress=True)
    except GovreportError as err:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    result["gold_files"] = [str(p) for p in gold]
    atomic_write_json(out, result)
    table = markdown(result, title)
    atomic_write_text(md, table)
    typer.echo(table)


if __name__ == "__main__":
    typer.run(main)

"""Convert hand-annotation markup files (corpus/annotations/markup/<doc>*.txt) to gold JSONL.

    python scripts/markup_to_gold.py 000 --annotator pass1

Writes corpus/annotations/<doc>.jsonl (atomically), sorted by sentence, and
validates it. See govreport.annotation.markup for the markup format.
"""

from pathlib import Path

import typer

from govreport.annotation.markup import read_markup_file
from govreport.annotation.validate import load_sentences, validate_row
from govreport.io import atomic_write_jsonl, read_jsonl


def main(
    doc: str = typer.Argument(..., help="Document id, e.g. 000"),
    annotator: str = typer.Option("pass1", help="Who annotated (goes into meta.annotator)"),
    markup_dir: Path = typer.Option(Path("corpus/annotations/markup")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    out_dir: Path = typer.Option(Path("corpus/annotations")),
    require_complete: bool = typer.Option(False, help="Fail unless every sentence of the document is annotated"),
    force: bool = typer.Option(False, help="Overwrite gold lines that did not come from markup (e.g. pulled from doccano)"),
) -> None:
    sents = load_sentences(sentences)
    rows = []
    for path in sorted(markup_dir.glob(f"{doc}*.txt")):
        rows.extend(read_markup_file(path, sents, annotator))
    rows.sort(key=lambda r: r["id"])
    ids = [r["meta"]["sentence_id"] for r in rows]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise typer.BadParameter(f"sentences annotated twice: {sorted(dupes)[:10]}")
    problems = [f"{r['meta']['sentence_id']}: {p}" for r in rows for p in validate_row(r, sents)]
    if problems:
        typer.echo("\n".join(problems), err=True)
        raise typer.Exit(1)
    missing = [s for s, row in sents.items() if row["doc"] == doc and s not in set(ids)]
    if missing and require_complete:
        typer.echo(f"{len(missing)} sentences of {doc} not annotated, e.g. {missing[:5]}", err=True)
        raise typer.Exit(1)
    target = out_dir / f"{doc}.jsonl"
    if target.exists() and not force:
        # The gold file is the source of truth once doccano pulls merge into it:
        # never drop a line that the markup does not have, or one pulled from doccano.
        new_ids = set(ids)
        at_risk = [r["meta"]["sentence_id"] for r in read_jsonl(target)
                   if r["meta"]["sentence_id"] not in new_ids or str(r["meta"].get("annotator", "")).startswith("doccano:")]
        if at_risk:
            typer.echo(f"error: {target} has {len(at_risk)} lines the markup would drop or that came from doccano "
                       f"(e.g. {at_risk[:5]}); convert them to markup first or pass --force", err=True)
            raise typer.Exit(1)
    atomic_write_jsonl(target, rows)
    typer.echo(f"✔ {len(rows)} lines → {out_dir / (doc + '.jsonl')} ({len(missing)} sentences of {doc} not yet annotated)")


if __name__ == "__main__":
    typer.run(main)

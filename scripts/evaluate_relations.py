"""Front end for the relation evaluation: value_of / change_of P/R/F against gold.

From gold entities (the linker alone) on every requested document, and end to
end from a pipeline's predicted entities when --model is given (use the
held-out documents of corpus/spacy/splits.json: --split test).

    python scripts/evaluate_relations.py --split all
    python scripts/evaluate_relations.py --split test --model training/ner/model-best
"""

import json
from pathlib import Path
from typing import List, Optional

import typer

from govreport.errors import GovreportError
from govreport.extraction.cli import load_pipeline
from govreport.extraction.evaluate import errors, evaluate_relations, to_markdown
from govreport.io import atomic_write_json, atomic_write_text
from govreport.training.gold import load_gold


def main(
    gold_dir: Path = typer.Argument(Path("corpus/annotations"), help="Folder of gold JSONL (doccano format)."),
    split: str = typer.Option("all", help="all, or a key of --splits (train/dev/test)."),
    splits: Path = typer.Option(Path("corpus/spacy/splits.json")),
    docs: Optional[List[str]] = typer.Option(None, "--doc", help="Restrict to these document ids."),
    model: Optional[Path] = typer.Option(None, help="spaCy pipeline for the end-to-end setting."),
    out: Path = typer.Option(Path("training/relations.json"), help="JSON scores."),
    markdown: Path = typer.Option(Path("training/relations.md"), help="Markdown table."),
    merge_into: Optional[Path] = typer.Option(None, help="Also set the 'relations' key of this metrics JSON."),
) -> None:
    try:
        sentences = load_gold(gold_dir)
        wanted = set(docs or [])
        if split != "all":
            wanted |= set(json.loads(splits.read_text(encoding="utf-8"))[split])
        if wanted:
            sentences = [s for s in sentences if s.doc in wanted]
        if not sentences:
            raise GovreportError(f"{gold_dir}: no reviewed gold sentences for {split} {sorted(wanted)}")
        nlp = None
        if model is not None:
            nlp = load_pipeline(model)  # adds indicator_extractor (ents, or spans for a spancat pipeline)
        result = evaluate_relations(sentences, nlp)
        result["split"] = split
        result["model"] = str(model) if model else None
        result["errors_from_gold_entities"] = errors(sentences)
    except (GovreportError, KeyError) as err:
        typer.secho(f"error: {err}", err=True, fg="red")
        raise typer.Exit(1)
    atomic_write_json(out, result)
    atomic_write_text(markdown, to_markdown(result, f"Relation extraction ({split})"))
    if merge_into is not None:
        metrics = json.loads(merge_into.read_text(encoding="utf-8")) if merge_into.exists() else {}
        metrics.setdefault("relations", {})[split] = {k: v for k, v in result.items() if k != "errors_from_gold_entities"}
        atomic_write_json(merge_into, metrics)
    typer.echo(to_markdown(result, f"Relation extraction ({split})"))


if __name__ == "__main__":
    typer.run(main)

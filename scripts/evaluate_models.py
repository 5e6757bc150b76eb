"""Front end for `spacy project run evaluate`: NER vs spancat vs rules on the held-out documents.

Writes training/metrics.json (merged: other sections such as relations are kept)
and training/metrics.md.
"""

import json
from pathlib import Path

import typer

from govreport.io import atomic_write_json, atomic_write_text, read_jsonl
from govreport.training.evaluate import evaluate_systems, simplified_set, traditional_set
from govreport.training.gold import load_gold
from govreport.training.report import confusion_table, scores_table
from govreport.training.systems import available_systems


def main(
    gold_dir: Path = typer.Argument(Path("corpus/annotations")),
    splits: Path = typer.Option(Path("corpus/spacy/splits.json")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    ner: Path = typer.Option(Path("training/ner/model-best")),
    spancat: Path = typer.Option(Path("training/spancat/model-best")),
    out: Path = typer.Option(Path("training/metrics.json")),
    markdown: Path = typer.Option(Path("training/metrics.md")),
) -> None:
    if not splits.exists():
        typer.secho(f"error: {splits} not found: run `spacy project run convert` first", err=True, fg="red")
        raise typer.Exit(1)
    split = json.loads(splits.read_text(encoding="utf-8"))
    test = [s for s in load_gold(gold_dir) if s.doc in split["test"]]
    originals = {row["id"]: row.get("text_original") for row in read_jsonl(sentences)}
    sets = {"simplified": simplified_set(test), "traditional": traditional_set(test, originals)}
    systems = available_systems(ner, spancat)
    if not systems:
        typer.secho("error: no system to evaluate (train the models first)", err=True, fg="red")
        raise typer.Exit(1)
    result = evaluate_systems(systems, sets)
    result["test_documents"] = split["test"]
    metrics = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    metrics["entities"] = result
    atomic_write_json(out, metrics)
    md = [f"Held-out documents: {', '.join(split['test'])} ({result['sentences']})", ""]
    md.append(scores_table(result["scores"], "Entities: precision/recall/F1 per label"))
    for name, confusion in result["confusion"].items():
        md.append(confusion_table(confusion, f"Character-level label confusion, {name} (simplified)"))
    atomic_write_text(markdown, "\n".join(md))
    typer.echo("\n".join(md))


if __name__ == "__main__":
    typer.run(main)

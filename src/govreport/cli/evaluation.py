"""evaluate, evaluate-relations, evaluate-rules: scores against the gold (training, extraction, rules)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import paths
from ._common import user_errors


def evaluate(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL."),
    splits: Path = typer.Option(paths.SPLITS, help="splits.json of convert: its test documents are scored."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file (traditional originals)."),
    ner: Path = typer.Option(paths.NER_MODEL, help="NER model (skipped when missing)."),
    spancat: Path = typer.Option(paths.SPANCAT_MODEL, help="spancat model (skipped when missing)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder of the rule baseline (spacy project run fetch-assets)."),
    place_filter: Optional[Path] = typer.Option(None, help="Place filter of the shipped decoding (fit-place-filter writes it); none: every rule PLACE."),
    out: Path = typer.Option(paths.METRICS, help="metrics.json: its 'entities' section is written, other sections kept."),
    markdown: Path = typer.Option(paths.METRICS_MD),
) -> None:
    """NER, its shipped decoding, spancat and the rule baseline on the held-out documents, simplified and traditional."""
    from ..decoding import read_place_filter
    from ..io import atomic_write_text, merge_json
    from ..training.evaluate import evaluate_held_out
    from ..training.report import held_out_markdown
    from ..training.splits import read_splits
    from ..training.systems import available_systems

    with user_errors():
        split = read_splits(splits)
        places = read_place_filter(place_filter) if place_filter else None
        result = evaluate_held_out(available_systems(ner, spancat, gazetteer, place_filter=places), gold_dir, split, sentences)
    merge_json(out, "entities", result)
    md = held_out_markdown(result)
    atomic_write_text(markdown, md)
    typer.echo(md)


def evaluate_relations(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL (doccano format)."),
    split: str = typer.Option("all", help="all, or a part of --splits (train/dev/test)."),
    splits: Path = typer.Option(paths.SPLITS),
    docs: Optional[List[str]] = typer.Option(None, "--doc", help="Restrict to these document ids."),
    model: Optional[Path] = typer.Option(None, help="spaCy pipeline for the end-to-end setting."),
    out: Path = typer.Option(paths.RELATIONS, help="JSON scores."),
    markdown: Path = typer.Option(paths.RELATIONS_MD, help="Markdown table."),
    merge_into: Optional[Path] = typer.Option(None, help="Also set relations.<split> of this metrics JSON."),
) -> None:
    """value_of / change_of P/R/F against gold: the linker from gold entities, and end to end with --model."""
    from ..extraction.evaluate import evaluate_documents, to_markdown
    from ..extraction.reports import load_pipeline
    from ..io import atomic_write_json, atomic_write_text, merge_json
    from ..training.splits import split_documents

    with user_errors():
        wanted = set(docs or [])
        if split != "all":
            wanted |= set(split_documents(splits, split))
        nlp = load_pipeline(model) if model is not None else None  # adds the extractor (ents, or spans for spancat)
        result = evaluate_documents(gold_dir, wanted, nlp, split, str(model) if model else None)
    atomic_write_json(out, result)
    table = to_markdown(result, f"Relation extraction ({split})")
    atomic_write_text(markdown, table)
    if merge_into is not None:
        merge_json(merge_into, ("relations", split), {k: v for k, v in result.items() if k != "errors_from_gold_entities"})
    typer.echo(table)


def evaluate_rules(
    gold: List[Path] = typer.Argument(..., help="Gold JSONL files (doccano format)."),
    out: Path = typer.Option(paths.RULES_METRICS, help="JSON scores."),
    md: Path = typer.Option(paths.RULES_METRICS_MD, help="Markdown table."),
    title: str = typer.Option("Rule baseline", help="Title of the Markdown table."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder (spacy project run fetch-assets)."),
) -> None:
    """Score the rule baseline against the given gold files: entities per label (exact, overlap) and relations."""
    from ..io import atomic_write_json, atomic_write_text
    from ..rules import rule_annotator
    from ..rules.evaluate import evaluate_files, markdown

    with user_errors():
        result = evaluate_files(gold, rule_annotator(gazetteer))
    atomic_write_json(out, result)
    table = markdown(result, title)
    atomic_write_text(md, table)
    typer.echo(table)

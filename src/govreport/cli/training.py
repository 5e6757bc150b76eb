"""convert and crossval: the .spacy corpus and leave-one-report-out cross-validation (govreport.training)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .. import paths
from ._common import user_errors


def convert(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL."),
    out_dir: Path = typer.Option(paths.CORPUS_SPACY, help="Where the .spacy files, splits.json and conversion.json go."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file (its traditional originals make the traditional test set)."),
    segmenter: str = typer.Option("pkuseg", help="pkuseg or char."),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS, help="The tokenizer's user dictionary (as in training)."),
    seed: int = typer.Option(0, help="Seed of the document-grouped split."),
    test_docs: Optional[List[str]] = typer.Option(None, "--test-doc", help="Fix test documents instead of drawing them."),
    dev_docs: Optional[List[str]] = typer.Option(None, "--dev-doc", help="Fix dev documents instead of drawing them."),
    spans_key: str = typer.Option("sc"),
    max_lost: float = typer.Option(0.01, help="Largest share of gold spans the tokenizer may miss."),
    augment_traditional: bool = typer.Option(True, help="Add OpenCC traditional copies of training sentences."),
    place_copies: int = typer.Option(0, help="Copies of each training sentence with PLACE spans, places replaced from the gazetteer (measured: no gain, see README)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder (or its china_location.txt) for --place-copies."),
) -> None:
    """Gold JSONL → train/dev/test .spacy by document; reports lost spans and suggester coverage, fails above --max-lost."""
    from ..training.corpus import check_lost, convert_corpus, place_augmenter
    from ..training.nlp import blank_zh

    with user_errors():
        nlp = blank_zh(segmenter, pkuseg_model, domain_terms)
        result = convert_corpus(gold_dir, out_dir, sentences, nlp, seed, test_docs or (), dev_docs or (), spans_key=spans_key,
                                augment_traditional=augment_traditional, extra=place_augmenter(gazetteer, place_copies, seed),
                                meta={"segmenter": segmenter, "place_copies_per_sentence": place_copies})
        for m in result.report.lost:
            typer.echo(f"lost span: {m}", err=True)
        summary = result.summary
        keys = ("split", "sentences", "labels", "lost_share", "suggester_max_size_for_99pct")
        typer.echo(json.dumps({k: summary[k] for k in keys}, ensure_ascii=False))
        check_lost(result.report, max_lost)


def crossval(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL."),
    sentences: Path = typer.Option(paths.SENTENCES),
    segmenter: str = typer.Option("pkuseg", help="pkuseg or char."),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS, help="The tokenizer's user dictionary (conversion and training)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder of the rule baseline (spacy project run fetch-assets)."),
    configs: Path = typer.Option(paths.CONFIGS, help="Folder with ner.cfg and spancat.cfg."),
    workdir: Path = typer.Option(paths.CROSSVAL_DIR, help="Each fold's corpus and models."),
    ner_max_steps: int = typer.Option(3000),
    spancat_max_steps: int = typer.Option(3000),
    spancat_max_size: int = typer.Option(8),
    out: Path = typer.Option(paths.CROSSVAL, help="Per-fold scores and mean ± std (JSON)."),
    markdown: Path = typer.Option(paths.CROSSVAL_MD),
) -> None:
    """Leave-one-report-out cross-validation of NER, spancat and the rules: mean and spread of every score."""
    from ..annotation.gold import load_gold
    from ..io import atomic_write_json, atomic_write_text
    from ..training.crossval import crossval as run, step_overrides
    from ..training.evaluate import original_texts
    from ..training.report import crossval_markdown

    with user_errors():
        result = run(load_gold(gold_dir), original_texts(sentences), workdir, configs, segmenter, pkuseg_model,
                     step_overrides(ner_max_steps, spancat_max_steps, spancat_max_size), gazetteer=gazetteer, domain_terms=domain_terms)
    atomic_write_json(out, result)
    md = crossval_markdown(result, segmenter)
    atomic_write_text(markdown, md)
    typer.echo(md)


def rank_reports(
    ner: Path = typer.Option(..., help="Trained NER pipeline."),
    spancat: Path = typer.Option(..., help="Trained spancat pipeline (its scores give the uncertainty)."),
    gold_dir: Path = typer.Option(paths.ANNOTATIONS, help="Gold folder: reports with a gold file are not candidates."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file of every report."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer of the rule baseline."),
    choose: int = typer.Option(10, help="How many reports the ranking marks for annotation."),
    out: Path = typer.Option(paths.REPORT_RANKING, help="Markdown table of the ranking."),
) -> None:
    """Rank unannotated reports by model uncertainty, model disagreement and PLACE/INDICATOR density (issue 11)."""
    import spacy

    from ..io import atomic_write_text, read_jsonl
    from ..training.selection import rank_candidates, ranking_markdown
    from ..training.systems import ner_predictor, rules_predictor

    with user_errors():
        annotated = {p.stem for p in Path(gold_dir).glob("*.jsonl")}
        rows = [r for r in read_jsonl(sentences) if r["doc"] not in annotated]
        ranked = rank_candidates(rows, ner_predictor(ner), spacy.load(spancat), rules_predictor(gazetteer))
    md = ranking_markdown(ranked, choose)
    atomic_write_text(out, md)
    typer.echo(md)

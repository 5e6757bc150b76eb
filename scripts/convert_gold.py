"""Front end for `spacy project run convert`: gold JSONL → train/dev/test .spacy by document.

Writes corpus/spacy/{train,dev,test,test_traditional}.spacy, corpus/spacy/splits.json
and corpus/spacy/conversion.json (lost spans, augmentation, span lengths and
the spancat suggester coverage). Fails when more than --max-lost of spans are lost.
"""

import json
import random
from pathlib import Path
from typing import List, Optional

import typer

from govreport.io import atomic_write_json, read_jsonl
from govreport.training.augment import names_by_kind, substitute_places
from govreport.training.convert import ConversionReport, make_doc, to_docbin, traditional_copy
from govreport.training.coverage import coverage_table, smallest_max_size, span_lengths
from govreport.training.gold import GoldSentence, load_gold
from govreport.training.nlp import blank_zh
from govreport.training.splits import grouped_split, is_seed


def main(
    gold_dir: Path = typer.Argument(Path("corpus/annotations")),
    out_dir: Path = typer.Option(Path("corpus/spacy")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    segmenter: str = typer.Option("pkuseg"),
    pkuseg_model: Path = typer.Option(Path("assets/pkuseg_default")),
    seed: int = typer.Option(0, help="Seed of the document-grouped split"),
    test_docs: Optional[List[str]] = typer.Option(None, "--test-doc", help="Fix test documents instead of drawing them"),
    dev_docs: Optional[List[str]] = typer.Option(None, "--dev-doc", help="Fix dev documents instead of drawing them"),
    spans_key: str = typer.Option("sc"),
    max_lost: float = typer.Option(0.01, help="Largest share of gold spans the tokenizer may miss"),
    augment_traditional: bool = typer.Option(True, help="Add OpenCC traditional copies of training sentences"),
    place_copies: int = typer.Option(0, help="Copies of each training sentence with PLACE spans, places replaced from the gazetteer (measured: no gain, see README)"),
    gazetteer: Path = typer.Option(Path("assets/jionlp_china_location/china_location.txt")),
) -> None:
    gold = load_gold(gold_dir)
    if not gold:
        typer.secho(f"error: no reviewed gold lines in {gold_dir}", err=True, fg="red")
        raise typer.Exit(1)
    docs = sorted({s.doc for s in gold})
    if test_docs and dev_docs:
        split = {"test": sorted(test_docs), "dev": sorted(dev_docs), "train": sorted(set(docs) - set(test_docs) - set(dev_docs))}
    else:
        split = grouped_split(docs, seed=seed, train_only=[d for d in docs if not is_seed(d)])
    nlp = blank_zh(segmenter, pkuseg_model)
    report = ConversionReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = {name: [s for s in gold if s.doc in split[name]] for name in ("train", "dev", "test")}
    extra = lambda s: ()  # noqa: E731
    if place_copies:
        names, rng = names_by_kind(gazetteer), random.Random(seed)
        extra = lambda s: [c for c in (substitute_places(s, names, rng, f"p{i}") for i in range(place_copies)) if c]  # noqa: E731
    for name, part in parts.items():
        db = to_docbin(nlp, part, spans_key, augment_traditional=augment_traditional and name == "train", report=report,
                       extra=extra if name == "train" else (lambda s: ()))
        db.to_disk(out_dir / f"{name}.spacy")
    # Traditional test set: the report's own traditional text where it has one, else OpenCC.
    original = {row["id"]: row.get("text_original") for row in read_jsonl(sentences)}
    from spacy.tokens import DocBin

    trad = DocBin(store_user_data=True)
    for s in parts["test"]:
        text = original.get(s.sentence_id)
        copy = GoldSentence(s.sentence_id, s.doc, text, s.spans, s.relations, s.review_state) if text and len(text) == len(s.text) else traditional_copy(s)
        if copy is not None:
            trad.add(make_doc(nlp, copy, spans_key=spans_key))
    trad.to_disk(out_dir / "test_traditional.spacy")

    lengths = span_lengths((make_doc(nlp, s, spans_key=spans_key) for s in gold), spans_key)
    summary = {
        "split": split,
        "sentences": {k: len(v) for k, v in parts.items()},
        "labels": {k: _label_counts(v) for k, v in parts.items()},
        "spans": report.spans,
        "lost": [str(m) for m in report.lost],
        "lost_share": round(report.lost_share, 4),
        "traditional_copies": report.augmented,
        "traditional_not_offset_preserving": report.not_augmented,
        "span_token_lengths": dict(sorted(lengths.items())),
        "suggester_max_size_for_99pct": smallest_max_size(lengths, 0.99),
        "suggester_coverage": coverage_table(lengths, range(1, 21)),
        "segmenter": segmenter,
        "place_copies_per_sentence": place_copies,
    }
    atomic_write_json(out_dir / "conversion.json", summary)
    atomic_write_json(out_dir / "splits.json", split)
    for m in report.lost:
        typer.echo(f"lost span: {m}", err=True)
    typer.echo(json.dumps({k: summary[k] for k in ("split", "sentences", "labels", "lost_share", "suggester_max_size_for_99pct")}, ensure_ascii=False))
    if report.lost_share > max_lost:
        typer.secho(f"error: {len(report.lost)} of {report.spans} spans ({report.lost_share:.1%}) do not align with tokens (limit {max_lost:.0%})", err=True, fg="red")
        raise typer.Exit(1)


def _label_counts(part):
    counts = {}
    for s in part:
        for _, _, label in s.spans:
            counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items()))


if __name__ == "__main__":
    typer.run(main)

"""Gold JSONL → the training corpus of `spacy project run convert`: split by document, convert, report.

Writes <out>/{train,dev,test,test_traditional}.spacy, <out>/splits.json and
<out>/conversion.json (lost spans, augmentation, span lengths and the spancat
suggester coverage). Each step is its own function so the split, the
traditional test set and the summary can be checked (and reused) separately.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Collection, Dict, Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import DocBin

from ..annotation.gold import GoldSentence, load_gold
from ..errors import GovreportError
from ..io import atomic_write_json
from .augment import indicator_pool, names_by_kind, substitute_indicators, substitute_places
from .convert import ConversionReport, make_doc, to_docbin, traditional_copy
from .coverage import coverage_table, smallest_max_size
from .evaluate import original_texts
from .splits import DEFAULT_DEV_FROM, grouped_split, is_seed

PARTS = ("train", "dev", "test")
Extra = Callable[[GoldSentence], Iterable[GoldSentence]]


def no_extra(sentence: GoldSentence) -> Iterable[GoldSentence]:
    return ()


def choose_split(docs: Sequence[str], seed: int, test_docs: Sequence[str] = (), dev_docs: Sequence[str] = (),
                 dev_from: str = DEFAULT_DEV_FROM) -> Dict[str, List[str]]:
    """Documents of train/dev/test: fixed when both test and dev documents are given, else drawn by seed.

    Splitting by document (never by sentence) keeps one report's boilerplate
    out of both sides; the non-seed reports only ever train, because the seeds
    are the ones whose annotation was double-checked. ``dev_from``: the dev
    document is another seed report ("rest") or an extra report ("train_only"),
    so that every seed report but the test one trains (``splits.grouped_split``).
    """
    if test_docs and dev_docs:
        return {"test": sorted(test_docs), "dev": sorted(dev_docs),
                "train": sorted(set(docs) - set(test_docs) - set(dev_docs))}
    return grouped_split(docs, seed=seed, train_only=[d for d in docs if not is_seed(d)], dev_from=dev_from)


def place_augmenter(gazetteer: Path, copies: int, seed: int) -> Extra:
    """Extra training copies of each sentence with PLACE spans, places swapped for gazetteer names.

    Off by default (copies=0): measured, it did not help (README); kept so the
    experiment can be repeated.
    """
    if not copies:
        return no_extra
    names, rng = names_by_kind(gazetteer), random.Random(seed)
    return lambda s: [c for c in (substitute_places(s, names, rng, f"p{i}") for i in range(copies)) if c]


def indicator_augmenter(train: Sequence[GoldSentence], copies: int, seed: int) -> Extra:
    """Extra training copies of each sentence with INDICATOR spans, each replaced by another INDICATOR of
    ``train`` (the training sentences only: a test report's words never enter training) of the same length."""
    if not copies:
        return no_extra
    pool, rng = indicator_pool(train), random.Random(seed)
    return lambda s: [c for c in (substitute_indicators(s, pool, rng, f"i{i}") for i in range(copies)) if c]


def seed_report_augmenter(copies: int) -> Extra:
    """Extra copies of each sentence of a seed report, alternately in simplified and traditional script (the
    training corpus holds every sentence in both), so that the seed reports weigh (2 + ``copies``) / 2 times
    as much as the extra reports.

    Why: the 33 extra reports are Hebei county reports, about 93 % of a fold's training sentences; the seeds
    are the only training reports from other provinces and from cities and districts, which is what users run
    the model on. Off by default (copies=0).
    """
    if not copies:
        return no_extra

    def extra(sentence: GoldSentence) -> Iterable[GoldSentence]:
        if not is_seed(sentence.doc):
            return ()
        traditional = traditional_copy(sentence) if copies > 1 else None  # converted once, however many copies
        scripts = [sentence if i % 2 == 0 else traditional for i in range(copies)]
        return [replace(s, sentence_id=f"{s.sentence_id}#w{i}") for i, s in enumerate(scripts) if s is not None]

    return extra


def combined(*extras: Extra) -> Extra:
    """One ``Extra`` yielding the copies of each of ``extras`` in turn."""
    return lambda sentence: [copy for extra in extras for copy in extra(sentence)]


def traditional_test_set(nlp: Language, test: Sequence[GoldSentence], originals: Dict[str, Optional[str]], spans_key: str) -> DocBin:
    """The test sentences in traditional script: the report's own text where it has one, else OpenCC.

    Reports scraped in traditional script keep their original text; using it
    measures the real input, not OpenCC's idea of it.
    """
    docbin = DocBin(store_user_data=True)
    for s in test:
        text = originals.get(s.sentence_id)
        copy = (GoldSentence(s.sentence_id, s.doc, text, s.spans, s.relations, s.review_state)
                if text and len(text) == len(s.text) else traditional_copy(s))
        if copy is not None:
            docbin.add(make_doc(nlp, copy, spans_key=spans_key))
    return docbin


def label_counts(part: Iterable[GoldSentence]) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for s in part:
        for _, _, label in s.spans:
            counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class Conversion:
    """What convert did: the summary written to conversion.json and the spans the tokenizer missed."""

    summary: Dict[str, object]
    report: ConversionReport


def convert_corpus(gold_dir: Path, out_dir: Path, sentences_path: Path, nlp: Language, seed: int = 0,
                   test_docs: Sequence[str] = (), dev_docs: Sequence[str] = (), spans_key: str = "sc", augment_traditional: bool = True, extra: Extra = no_extra,
                   meta: Optional[Dict[str, object]] = None, dev_from: str = DEFAULT_DEV_FROM,
                   train_ids: Optional[Collection[str]] = None) -> Conversion:
    """Convert the reviewed gold of ``gold_dir`` into the DocBins, splits.json and conversion.json of ``out_dir``.

    The parts are drawn by document with ``seed`` (the dev document from
    ``dev_from``: ``choose_split``) unless ``test_docs`` and ``dev_docs`` fix them.
    Traditional copies and ``extra`` sentences are added to train only, so
    dev and test stay the annotated text. ``meta`` (segmenter, settings) is
    recorded in conversion.json so a corpus says how it was made.
    ``train_ids``: only these sentences of the train and dev documents are converted (None: all;
    ``gated.gated_sentence_ids``, the sentences the figure gate passes); the test part is always whole.
    """
    gold = load_gold(gold_dir)
    if not gold:
        raise GovreportError(f"{gold_dir}: no reviewed gold lines")
    split = choose_split(sorted({s.doc for s in gold}), seed, test_docs, dev_docs, dev_from)
    report = ConversionReport()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = {name: [s for s in gold if s.doc in split[name] and (name == "test" or train_ids is None or s.sentence_id in train_ids)]
             for name in PARTS}
    for name, part in parts.items():
        train = name == "train"
        to_docbin(nlp, part, spans_key, augment_traditional=augment_traditional and train, report=report,
                  extra=extra if train else no_extra).to_disk(out_dir / f"{name}.spacy")
    traditional_test_set(nlp, parts["test"], original_texts(sentences_path), spans_key).to_disk(out_dir / "test_traditional.spacy")
    lengths = report.span_lengths  # every part's gold sentences, counted as they were converted
    summary = {
        "split": split,
        "sentences": {k: len(v) for k, v in parts.items()},
        "labels": {k: label_counts(v) for k, v in parts.items()},
        "spans": report.spans,
        "lost": [str(m) for m in report.lost],
        "lost_share": round(report.lost_share, 4),
        "traditional_copies": report.augmented,
        "traditional_not_offset_preserving": report.not_augmented,
        "span_token_lengths": dict(sorted(lengths.items())),
        "suggester_max_size_for_99pct": smallest_max_size(lengths, 0.99),
        "suggester_coverage": coverage_table(lengths, range(1, 21)),
        **(meta or {}),
    }
    atomic_write_json(out_dir / "conversion.json", summary)
    atomic_write_json(out_dir / "splits.json", split)
    return Conversion(summary, report)


def check_lost(report: ConversionReport, max_lost: float) -> None:
    """Fail when more than ``max_lost`` of the gold spans do not align with tokens.

    Raised after the files are written, so the lost spans can be inspected;
    the fix belongs in the tokenizer or user dictionary, not in dropping data.
    """
    if report.lost_share > max_lost:
        raise GovreportError(f"{len(report.lost)} of {report.spans} spans ({report.lost_share:.1%}) do not align with tokens "
                             f"(limit {max_lost:.0%})")

"""Cross-validation over whole reports and whole provinces: the only evidence a change to models or data gets.

Two fold layouts:
- ``reports``: every seed report is the test set once (the partly annotated
  extra reports always train; dev is another seed report);
- ``provinces``: every province is the test set once, trained on the others,
  because real users run the model on places it never saw.

In every fold the same sentences are read by every system: each trained
model as it comes out of training (``ner``, ``spancat``), the shipped
decoding of the NER model (``shipped``: span constraints, PLACE from the rule
baseline, see ``govreport.decoding``), and the rule baseline itself. Entities
are scored exact and overlap, per label, in both scripts; relations end to
end by linking each system's entities. Every relation the shipped system links
becomes a calibration row (its ``govreport.confidence`` features, correct or
not): the record confidence is fitted on them (``calibrate``) and checked here
with a calibrator fitted without each fold in turn. Means and spreads over
folds are the numbers to quote.
"""

from __future__ import annotations

import gc
import statistics
from functools import partial
from pathlib import Path
from typing import Callable, Collection, Dict, List, Mapping, Optional, Sequence, Tuple

from tqdm import tqdm

from ..annotation.gold import GoldSentence
from ..annotation.scoring import score_matches, score_relations
from ..confidence import DEFAULT_C, held_out_confidence, relation_features
from ..decoding import SHIPPED_RULE_LABELS
from ..features.context_vectors import predictions_kept
from ..linking import link
from ..place_filter import SHIPPED_LAC, PlaceFilter
from .convert import to_docbin
from .corpus import combined, indicator_augmenter, seed_report_augmenter
from .evaluate import simplified_set, traditional_set
from .isolated import train_in_child
from .nlp import blank_zh
from .places import fit_for_model
from .splits import DEFAULT_DEV_FROM, is_seed, leave_one_document_out, leave_one_group_out
from .systems import Predictor, ner_predictor, rules_predictor, shipped_predictor, spancat_predictor

LAYOUTS = ("reports", "provinces")
CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def folds_for(layout: str, docs: Sequence[str], province_of: Mapping[str, str], seed: int = 0,
              dev_from: str = DEFAULT_DEV_FROM) -> List[Dict[str, List[str]]]:
    """The folds of ``layout`` over the documents ``docs``; ``dev_from``: the dev report is a seed report of the
    rest ("rest") or an extra report ("train_only", so every other seed report trains; in the provinces layout the
    fold with no extra report left draws a seed report)."""
    if layout == "reports":
        return leave_one_document_out(docs, seed=seed, train_only=[d for d in docs if not is_seed(d)], dev_from=dev_from)
    if layout == "provinces":
        return leave_one_group_out(docs, {d: province_of.get(d, "?") for d in docs}, seed=seed, dev_from=dev_from)
    raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")


def train_fold(fold: Dict[str, List[str]], gold: Sequence[GoldSentence], workdir: Path, models: Mapping[str, Tuple[Path, Dict[str, object]]],
               segmenter: str, pkuseg_model: Path, domain_terms: Optional[Path], train: Callable,
               reuse: bool = False, indicator_copies: int = 0, seed_report_copies: int = 0,
               train_ids: Optional[Collection[str]] = None) -> Dict[str, Path]:
    """Convert the fold's train/dev documents and train every model of ``models`` (name → (config, overrides)).

    ``reuse``: keep a model this folder already holds (decoding-only variants need no new training).
    ``indicator_copies``: mention-replacement copies of each training sentence (``corpus.indicator_augmenter``).
    ``seed_report_copies``: copies of each training sentence of a seed report (``corpus.seed_report_augmenter``).
    ``train_ids``: only these sentences of the train and dev documents are converted (None: all; ``gated``).
    """
    trained = {name: workdir / name / "model-best" for name in models}
    if reuse and all(path.exists() for path in trained.values()):
        return trained
    nlp = blank_zh(segmenter, pkuseg_model, domain_terms)
    workdir.mkdir(parents=True, exist_ok=True)
    kept = [s for s in gold if train_ids is None or s.sentence_id in train_ids]
    train_sentences = [s for s in kept if s.doc in fold["train"]]
    to_docbin(nlp, train_sentences, augment_traditional=True,
              extra=combined(indicator_augmenter(train_sentences, indicator_copies, seed=0),
                             seed_report_augmenter(seed_report_copies))).to_disk(workdir / "train.spacy")
    to_docbin(nlp, [s for s in kept if s.doc in fold["dev"]]).to_disk(workdir / "dev.spacy")
    for name, (config, overrides) in models.items():
        if reuse and trained[name].exists():
            continue
        common = {"paths.train": str(workdir / "train.spacy"), "paths.dev": str(workdir / "dev.spacy"),
                  "paths.pkuseg_model": str(pkuseg_model), "nlp.tokenizer.segmenter": segmenter}
        if domain_terms:
            common["paths.domain_terms"] = str(domain_terms)
        train(config, workdir / name, overrides={**common, **overrides})
    return trained


def fold_systems(trained: Mapping[str, Path], gazetteer: Optional[Path],
                 place_filters: Mapping[str, PlaceFilter] = {}) -> Dict[str, Callable[[], Callable]]:
    """Every system read in a fold, each returning (spans, rule spans) per text: the trained models, the shipped
    decoding of each NER model (with the rule spans its token marks kept; its rule PLACEs through the model's
    place filter, fitted on the fold's training reports, and without it for comparison; and with the model's
    own PERCENT), the rules (rule spans empty where a system keeps none).

    Each entry makes its system when called, so that ``run_fold`` holds one loaded model at a time: the
    eight systems of an NER model, loaded together, held 8.6 GB by a run's last fold and the kernel's OOM
    killer stopped it (docs/experiments.md, round 26)."""
    systems: Dict[str, Callable[[], Callable]] = {}
    for name, model in trained.items():
        if name.startswith("spancat"):
            systems[name] = partial(_plain, spancat_predictor, model)
            continue
        shipped = partial(shipped_predictor, model, with_rules=True, place_filter=place_filters.get(name))
        systems[name] = partial(_plain, ner_predictor, model)
        systems[f"{name}+shipped"] = shipped
        if name in place_filters:
            systems[f"{name}+shipped, every rule PLACE"] = partial(shipped_predictor, model, with_rules=True)
        # the model's own PLACE where the gazetteer has no candidate (rivers, regions, villages), through the filter
        systems[f"{name}+shipped, the model's free PLACEs"] = partial(shipped, free_labels=("PLACE",))
        # issue 13: the shipped pipeline runs NER on the sentences with a figure only; this row, on all
        systems[f"{name}+shipped, NER on every sentence"] = partial(shipped, figure_gate=False)
        # issue 10: rule patterns only where they raise a label's score; the shipped decoding takes
        # PERCENT from the rules, this row keeps the model's for comparison
        systems[f"{name}+shipped, PERCENT from the model"] = partial(
            shipped, rule_labels=[label for label in SHIPPED_RULE_LABELS if label != "PERCENT"])
        # round 18: VALUE from the model alone (the decoding before), and VALUE from the rules wholesale
        systems[f"{name}+shipped, VALUE from the model"] = partial(shipped, fill_labels=())
        systems[f"{name}+shipped, VALUE from the rules"] = partial(
            shipped, rule_labels=[*SHIPPED_RULE_LABELS, "VALUE"], fill_labels=())
    if "ner+shipped" in systems and "spancat" in trained:
        systems["spancat INDICATOR+shipped"] = partial(_combined, systems["spancat"], systems["ner+shipped"])
    systems["rules"] = partial(_plain, rules_predictor, gazetteer)
    return systems


def _plain(make: Callable[..., Predictor], *args: object) -> Callable:
    """The predictor ``make(*args)`` returning (spans, no rule spans) per text, as the shipped systems do."""
    predict = make(*args)
    return lambda texts: [(spans, []) for spans in predict(texts)]


def _combined(make_source: Callable[[], Callable], make_base: Callable[[], Callable]) -> Callable:
    return indicators_from(make_source(), make_base())


def indicators_from(source: Callable, base: Callable) -> Callable:
    """``base``'s entities with its INDICATORs replaced by ``source``'s (longest first, none overlapping a kept span):
    issue 10's "INDICATOR from spancat combined with the other labels from NER"."""
    def predict(texts: Sequence[str]):
        out = []
        for (theirs, _), (ours, rules) in zip(source(texts), base(texts)):
            kept = [s for s in ours if s[2] != "INDICATOR"]
            for span in sorted((s for s in theirs if s[2] == "INDICATOR"), key=lambda s: (s[0] - s[1], s)):
                if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
                    kept.append(span)
            out.append((sorted(kept), rules))
        return out

    return predict


def calibration_rows(texts: Sequence[str], predicted: Sequence[Tuple[list, list]], gold: Sequence[GoldSentence],
                     fold: str) -> List[Dict[str, object]]:
    """One row per relation a system links: its confidence features, whether gold has it, its report and fold."""
    rows: List[Dict[str, object]] = []
    for text, (spans, rule_spans), sentence in zip(texts, predicted, gold):
        truth = set(sentence.relations)
        for relation in link(text, spans):
            rows.append({"features": relation_features(text, relation, spans, rule_spans), "correct": relation in truth,
                         "doc": sentence.doc, "fold": fold, "kind": relation[2]})
    return rows


def reliability(pairs: Sequence[Tuple[float, bool]], bins: Sequence[float] = CALIBRATION_BINS) -> List[Dict[str, float]]:
    """Per confidence bin: how many records, their mean confidence and the share that is correct."""
    out = []
    for low, high in zip(bins, bins[1:]):
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if inside:
            out.append({"low": low, "high": min(high, 1.0), "n": len(inside),
                        "confidence": round(statistics.mean(c for c, _ in inside), 4),
                        "correct": round(sum(ok for _, ok in inside) / len(inside), 4)})
    return out


def run_fold(fold: Dict[str, List[str]], gold: Sequence[GoldSentence], originals: Dict[str, Optional[str]], workdir: Path,
             models: Mapping[str, Tuple[Path, Dict[str, object]]], segmenter: str, pkuseg_model: Path,
             gazetteer: Optional[Path], domain_terms: Optional[Path], train: Callable, reuse: bool = False,
             indicator_copies: int = 0, place_filter_lac: bool = SHIPPED_LAC, seed_report_copies: int = 0,
             train_ids: Optional[Collection[str]] = None) -> Dict[str, object]:
    """Train, then read the test reports once per system and script; entities, relations and calibration rows from those reads.

    ``place_filter_lac``: the place filters also read Baidu LAC's words around each candidate."""
    trained = train_fold(fold, gold, workdir, models, segmenter, pkuseg_model, domain_terms, train, reuse, indicator_copies,
                         seed_report_copies, train_ids)
    test = [s for s in gold if s.doc in fold["test"]]
    seen = [s.sentence_id for s in gold if s.doc in fold["train"] or s.doc in fold["dev"]]
    place_filters = {name: fit_for_model(path, gold, seen, meta={"fold": workdir.name}, lac=place_filter_lac)
                     for name, path in trained.items() if not name.startswith("spancat")}
    systems = fold_systems(trained, gazetteer, place_filters)
    sets = {"simplified": simplified_set(test), "traditional": traditional_set(test, originals)}
    scores: Dict[str, Dict] = {}
    relations: Dict[str, Dict] = {}
    rows: List[Dict[str, object]] = []
    by_id = {s.sentence_id: s for s in test}
    with predictions_kept(len(test)):  # a context encoder reads each held-out text once, not once per system
        for name, make in systems.items():
            predict = make()  # one system's models loaded at a time (fold_systems)
            for script, data in sets.items():
                sentences = [by_id[i] for i in data.ids]
                predicted = predict(data.texts)
                spans = [p[0] for p in predicted]
                scores.setdefault(name, {})[script] = score_matches(data.gold, spans)
                if script == "simplified":
                    linked = [link(text, sp) for text, sp in zip(data.texts, spans)]
                    relations[name] = score_relations([list(s.relations) for s in sentences], linked)
                    if name == "ner+shipped":
                        rows = calibration_rows(data.texts, predicted, sentences, workdir.name)
            del predict
            gc.collect()  # a loaded pipeline's reference cycles go now, before the next system loads
    return {"scores": scores, "relations": relations, "calibration_rows": rows,
            "sentences": {k: len(v.texts) for k, v in sets.items()}, "fold": fold}


def summarise(folds: Sequence[Dict[str, object]]) -> Dict[str, object]:
    """Mean and standard deviation over folds of every F1 (system/script/match/label) and relation F1 (system/relations/type)."""
    values: Dict[str, List[float]] = {}
    for fold in folds:
        for system, by_script in fold["scores"].items():  # type: ignore[union-attr]
            for script, by_match in by_script.items():
                for match, by_label in by_match.items():
                    for label, s in by_label.items():
                        values.setdefault(f"{system}/{script}/{match}/{label}", []).append(s["f"])
        for system, by_type in (fold.get("relations") or {}).items():  # type: ignore[union-attr]
            for kind, s in by_type.items():
                values.setdefault(f"{system}/relations/{kind}", []).append(s["f"])
    return {key: {"mean": round(statistics.mean(v), 4), "std": round(statistics.pstdev(v), 4), "folds": v} for key, v in values.items()}


def crossval(gold: Sequence[GoldSentence], originals: Dict[str, Optional[str]], workdir: Path,
             models: Mapping[str, Tuple[Path, Dict[str, object]]], segmenter: str, pkuseg_model: Path,
             layout: str = "reports", province_of: Optional[Mapping[str, str]] = None, seed: int = 0,
             gazetteer: Optional[Path] = None, domain_terms: Optional[Path] = None, train: Callable = train_in_child,
             reuse: bool = False, indicator_copies: int = 0, place_filter_lac: bool = SHIPPED_LAC,
             seed_report_copies: int = 0, dev_from: str = DEFAULT_DEV_FROM,
             train_ids: Optional[Collection[str]] = None) -> Dict[str, object]:
    """Every fold of ``layout``: train ``models``, read the test reports with every system, summarise.

    ``gazetteer``: the place gazetteer of the rule baseline (None: $GOVREPORT_GAZETTEER, else a GovreportError).
    ``domain_terms``: the tokenizer's user dictionary, for conversion and training alike (None: the configs' own).
    ``train``: spaCy's ``train(config, output, overrides=...)``; by default in a child process per model
    (``isolated``: the command then holds one training's memory at a time).
    ``reuse``: read the models a fold folder already holds instead of training them again.
    ``indicator_copies``: mention-replacement copies of each training sentence (INDICATORs swapped).
    ``place_filter_lac``: fit the place filters with LAC's view of the candidates (``place_filter``).
    ``seed_report_copies``: copies of each training sentence of a seed report (the reports outside Hebei).
    ``dev_from``: where a fold's dev report comes from (``splits.leave_one_document_out``, ``leave_one_group_out``).
    ``train_ids``: only these gold sentences train and pick the checkpoint (None: all; ``gated.gated_sentence_ids``);
    the test reports are read whole, and the place filters learn from every sentence of the training reports.
    """
    rules_predictor(gazetteer)  # fail on a missing gazetteer before the first fold trains
    docs = [s.doc for s in gold]
    folds = folds_for(layout, docs, province_of or {}, seed, dev_from)
    results = []
    for fold in tqdm(folds, desc=f"folds ({layout})", unit="fold"):
        name = "-".join(fold["test"]) if layout == "reports" else fold.get("group", "-".join(fold["test"]))
        results.append(run_fold(fold, gold, originals, workdir / layout / f"test-{name}", models, segmenter, pkuseg_model,
                                gazetteer, domain_terms, train, reuse, indicator_copies, place_filter_lac, seed_report_copies,
                                train_ids))
    rows = [row for r in results for row in r.pop("calibration_rows", [])]
    return {"layout": layout, "folds": results, "summary": summarise(results), "calibration": held_out_reliability(rows),
            "calibration_rows": rows}


def held_out_reliability(rows: Sequence[Dict[str, object]], c: float = DEFAULT_C) -> List[Dict[str, float]]:
    """Reliability of the record confidence, each fold's rows scored by a calibrator fitted on the other folds."""
    if len({r["fold"] for r in rows}) < 2 or len({r["correct"] for r in rows}) < 2:
        return []
    confidence = held_out_confidence(rows, "fold", c)
    return reliability([(c, bool(r["correct"])) for c, r in zip(confidence, rows)])


def config_max_steps(config: Path) -> int:
    """A training config's own ``[training] max_steps``: cross-validation trains as ``spacy project run all`` does."""
    from spacy.util import load_config

    return int(load_config(config, interpolate=False)["training"]["max_steps"])


def model_overrides(max_steps: int, spancat_max_size: int) -> Dict[str, Dict[str, object]]:
    """Config overrides per model: the project's vars (steps, suggester size) reach every fold's training.

    Every model is read on its dev report five times and never stops early, whatever its steps: the shipped
    configs say the same for their 3,000 steps (eval_frequency 600, patience 6000), so a fold's model
    is chosen as the one ``all`` trains is (tests/training/test_configs.py).
    """
    every = {"training.max_steps": max_steps, "training.eval_frequency": max(max_steps // 5, 100), "training.patience": max_steps * 2}
    return {"ner": dict(every), "spancat": {**every, "components.spancat.suggester.max_size": spancat_max_size}}

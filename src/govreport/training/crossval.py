"""Leave-one-document-out cross-validation: every seed report is the test set once.

With five reports, one fixed split gives a score that depends on which report
was drawn; the mean and spread over folds is the honest number to quote.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from spacy.cli.train import train as spacy_train
from tqdm import tqdm

from ..annotation.gold import GoldSentence
from .convert import to_docbin
from .evaluate import evaluate_systems, simplified_set, traditional_set
from .nlp import blank_zh
from .splits import is_seed, leave_one_document_out
from .systems import ner_predictor, rules_predictor, spancat_predictor


def run_fold(fold: Dict[str, List[str]], gold: Sequence[GoldSentence], originals: Dict[str, str], workdir: Path,
             configs: Path, segmenter: str, pkuseg_model: Path, overrides: Dict[str, Dict[str, object]],
             gazetteer: Optional[Path] = None, domain_terms: Optional[Path] = None) -> Dict[str, object]:
    nlp = blank_zh(segmenter, pkuseg_model, domain_terms)
    workdir.mkdir(parents=True, exist_ok=True)
    parts = {name: [s for s in gold if s.doc in fold[name]] for name in ("train", "dev", "test")}
    to_docbin(nlp, parts["train"], augment_traditional=True).to_disk(workdir / "train.spacy")
    to_docbin(nlp, parts["dev"]).to_disk(workdir / "dev.spacy")
    systems = {}
    for name in ("ner", "spancat"):
        common = {"paths.train": str(workdir / "train.spacy"), "paths.dev": str(workdir / "dev.spacy"),
                  "paths.pkuseg_model": str(pkuseg_model), "nlp.tokenizer.segmenter": segmenter}
        if domain_terms:
            common["paths.domain_terms"] = str(domain_terms)
        spacy_train(configs / f"{name}.cfg", workdir / name, overrides={**common, **overrides.get(name, {})})
        model = workdir / name / "model-best"
        systems[name] = ner_predictor(model) if name == "ner" else spancat_predictor(model)
    systems["rules"] = rules_predictor(gazetteer)
    sets = {"simplified": simplified_set(parts["test"]), "traditional": traditional_set(parts["test"], originals)}
    result = evaluate_systems(systems, sets)
    result["fold"] = fold
    return result


def summarise(folds: Sequence[Dict[str, object]]) -> Dict[str, object]:
    """Mean and standard deviation over folds of every F1 (system/script/match/label)."""
    values: Dict[str, List[float]] = {}
    for fold in folds:
        for system, by_script in fold["scores"].items():
            for script, by_match in by_script.items():
                for match, by_label in by_match.items():
                    for label, s in by_label.items():
                        values.setdefault(f"{system}/{script}/{match}/{label}", []).append(s["f"])
    return {key: {"mean": round(statistics.mean(v), 4), "std": round(statistics.pstdev(v), 4), "folds": v} for key, v in values.items()}


def crossval(gold: Sequence[GoldSentence], originals: Dict[str, str], workdir: Path, configs: Path, segmenter: str,
             pkuseg_model: Path, overrides: Dict[str, Dict[str, object]], seed: int = 0,
             gazetteer: Optional[Path] = None, domain_terms: Optional[Path] = None) -> Dict[str, object]:
    """``gazetteer``: the place gazetteer of the rule baseline (None: $GOVREPORT_GAZETTEER, else a GovreportError).

    ``domain_terms``: the tokenizer's user dictionary, for conversion and training alike (None: the configs' own).
    """
    rules_predictor(gazetteer)  # fail on a missing gazetteer before the first fold trains
    docs = [s.doc for s in gold]
    folds = leave_one_document_out(docs, seed=seed, train_only=[d for d in docs if not is_seed(d)])
    results = []
    for fold in tqdm(folds, desc="folds", unit="fold"):
        results.append(run_fold(fold, gold, originals, workdir / f"test-{fold['test'][0]}", configs, segmenter, pkuseg_model, overrides,
                                gazetteer, domain_terms))
    return {"folds": results, "summary": summarise(results)}


def step_overrides(ner_max_steps: int, spancat_max_steps: int, spancat_max_size: int) -> Dict[str, Dict[str, object]]:
    """Config overrides per model: the project's vars (steps, suggester size) reach every fold's training."""
    return {"ner": {"training.max_steps": ner_max_steps},
            "spancat": {"training.max_steps": spancat_max_steps, "components.spancat.suggester.max_size": spancat_max_size}}

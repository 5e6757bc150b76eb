"""Evaluate NER, spancat and the rule baseline on the same held-out documents.

Gold comes from the JSONL files themselves (not the DocBins), so a span the
tokenizer could not reach still counts as a miss. Both scripts are scored:
the simplified test sentences and their traditional version (the report's own
traditional text where it has one, an offset-preserving OpenCC copy otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from ..annotation.gold import GoldSentence, load_gold
from ..annotation.schema import Span
from ..annotation.scoring import label_confusion, score_matches
from ..cleaning.script import to_traditional
from ..errors import GovreportError
from ..io import read_jsonl
from .systems import Predictor


@dataclass
class TestSet:
    texts: List[str]
    gold: List[List[Span]]
    ids: List[str]


def simplified_set(sentences: Sequence[GoldSentence]) -> TestSet:
    return TestSet([s.text for s in sentences], [list(s.spans) for s in sentences], [s.sentence_id for s in sentences])


def traditional_set(sentences: Sequence[GoldSentence], originals: Dict[str, Optional[str]]) -> TestSet:
    """Sentences whose traditional text keeps the simplified offsets (others are left out and counted)."""
    out = TestSet([], [], [])
    for s in sentences:
        text = originals.get(s.sentence_id) or to_traditional(s.text)
        if len(text) != len(s.text):
            continue
        out.texts.append(text)
        out.gold.append(list(s.spans))
        out.ids.append(s.sentence_id)
    return out


def evaluate_systems(systems: Dict[str, Predictor], test_sets: Dict[str, TestSet]) -> Dict[str, object]:
    results: Dict[str, Dict] = {}
    confusion: Dict[str, Dict] = {}
    for script, data in test_sets.items():
        for name, predict in systems.items():
            pred = predict(data.texts)
            results.setdefault(name, {})[script] = score_matches(data.gold, pred)
            if script == "simplified":
                confusion[name] = label_confusion(data.texts, data.gold, pred)
    return {"scores": results, "confusion": confusion, "sentences": {k: len(v.texts) for k, v in test_sets.items()}}


def original_texts(sentences_path: Path) -> Dict[str, Optional[str]]:
    """Sentence id → the report's own traditional text (None where the report was simplified)."""
    return {row["id"]: row.get("text_original") for row in read_jsonl(sentences_path)}


def held_out_sets(gold_dir: Path, split: Dict[str, List[str]], sentences_path: Path) -> Dict[str, TestSet]:
    """The test documents' gold sentences, simplified and traditional (from the sentence file's originals)."""
    test = [s for s in load_gold(gold_dir) if s.doc in split["test"]]
    originals = original_texts(sentences_path)
    return {"simplified": simplified_set(test), "traditional": traditional_set(test, originals)}


def evaluate_held_out(systems: Dict[str, Predictor], gold_dir: Path, split: Dict[str, List[str]], sentences_path: Path) -> Dict[str, object]:
    """Every available system on the held-out documents of ``split`` (splits.json): the "entities" section of metrics.json.

    All systems see the same sentences in the same run, so their scores compare.
    """
    if not systems:
        raise GovreportError("no system to evaluate (train the models first: spacy project run train-ner)")
    result = evaluate_systems(systems, held_out_sets(gold_dir, split, sentences_path))
    result["test_documents"] = split["test"]
    return result

"""Evaluate NER, spancat and the rule baseline on the same held-out documents.

Gold comes from the JSONL files themselves (not the DocBins), so a span the
tokenizer could not reach still counts as a miss. Both scripts are scored:
the simplified test sentences and their traditional version (the report's own
traditional text where it has one, an offset-preserving OpenCC copy otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from ..cleaning.script import to_traditional
from .gold import GoldSentence
from .scoring import Span, label_confusion, score_spans
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
            results.setdefault(name, {})[script] = {
                "exact": score_spans(data.gold, pred, overlap=False),
                "overlap": score_spans(data.gold, pred, overlap=True),
            }
            if script == "simplified":
                confusion[name] = label_confusion(data.texts, data.gold, pred)
    return {"scores": results, "confusion": confusion, "sentences": {k: len(v.texts) for k, v in test_sets.items()}}

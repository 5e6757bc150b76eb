"""Training-data augmentation: place-name and indicator substitution (mention replacement).

Five reports name only a handful of places, so a model learns those names
rather than what a place looks like in context. Copies of training sentences
whose PLACE spans are replaced by random names of the same kind from the
administrative gazetteer (县 for 县, 镇 for 镇, short forms for short forms)
teach the context and the suffixes instead. Only training data is augmented.
"""

from __future__ import annotations

import random
from typing import Callable, Dict, Iterable, List, Optional, Sequence

from ..annotation.gold import GoldSentence
from ..rules.gazetteer import read_divisions

SUFFIXES = ("街道", "社区", "省", "市", "区", "县", "镇", "乡", "村")
SYNTHETIC = ("村", "社区")  # the gazetteer's village level is huge and mostly generic names


def names_by_kind(gazetteer_file, levels: Sequence[str] = ("province", "prefecture", "county", "town")) -> Dict[str, List[str]]:
    """Gazetteer names grouped by suffix ('' = short forms of provinces, prefectures, counties)."""
    groups: Dict[str, set] = {}
    for level, name, short in read_divisions(gazetteer_file):
        if level not in levels:
            continue
        kind = next((s for s in SUFFIXES if name.endswith(s)), None)
        if kind and len(name) > len(kind) + 1:
            groups.setdefault(kind, set()).add(name)
        if short and short != name and 2 <= len(short) <= 4 and level != "town":
            groups.setdefault("", set()).add(short)
    return {k: sorted(v) for k, v in groups.items()}


def substitute_places(sentence: GoldSentence, names: Dict[str, List[str]], rng: random.Random, tag: str) -> Optional[GoldSentence]:
    """A copy of ``sentence`` with every PLACE replaced; None if it has no PLACE."""
    def choose(original: str) -> str:
        kind = next((s for s in SUFFIXES if original.endswith(s)), "")
        if kind in SYNTHETIC:  # villages and communities: a county short form + the suffix
            return rng.choice(names.get("") or [original[:-len(kind)]]) + kind
        return rng.choice(names.get(kind) or names.get("") or [original])

    return replace_mentions(sentence, "PLACE", choose, tag)


def indicator_pool(sentences: Iterable[GoldSentence]) -> Dict[int, List[str]]:
    """The INDICATOR texts of ``sentences`` (training sentences only), grouped by length in characters."""
    pool: Dict[int, set] = {}
    for sentence in sentences:
        for start, end, label in sentence.spans:
            if label == "INDICATOR":
                pool.setdefault(end - start, set()).add(sentence.text[start:end])
    return {n: sorted(names) for n, names in pool.items()}


def substitute_indicators(sentence: GoldSentence, pool: Dict[int, List[str]], rng: random.Random,
                          tag: str) -> Optional[GoldSentence]:
    """A copy of ``sentence`` with every INDICATOR replaced by another training INDICATOR of the same length
    (mention replacement); None if it has no INDICATOR.

    Unseen reports name statistics the training reports never did (换热站, 优质稻种植面积); copies whose
    indicator words vary while the context stays teach the model the context (a count follows, 新建 … 个)
    rather than the words. The same length keeps the copy's rhythm and its tokenisation plausible.
    """
    def choose(original: str) -> str:
        return rng.choice(pool.get(len(original)) or [original])

    return replace_mentions(sentence, "INDICATOR", choose, tag)


def replace_mentions(sentence: GoldSentence, label: str, choose: Callable[[str], str], tag: str) -> Optional[GoldSentence]:
    """A copy of ``sentence`` whose ``label`` spans are replaced by ``choose(text)``, every offset moved along;
    None if it has no such span. Relations are dropped: the copy only trains entities."""
    if not any(s[2] == label for s in sentence.spans):
        return None
    text = sentence.text
    pieces: List[str] = []
    spans = []
    shift = 0
    last = 0
    for start, end, span_label in sorted(sentence.spans):
        pieces.append(text[last:start])
        original = text[start:end]
        replacement = choose(original) if span_label == label else original
        pieces.append(replacement)
        new_start = start + shift
        spans.append((new_start, new_start + len(replacement), span_label))
        shift += len(replacement) - len(original)
        last = end
    pieces.append(text[last:])
    return GoldSentence(f"{sentence.sentence_id}#{tag}", sentence.doc, "".join(pieces), tuple(spans), (), sentence.review_state)

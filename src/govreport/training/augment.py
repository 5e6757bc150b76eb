"""Training-data augmentation: traditional-script copies and place-name substitution.

Five reports name only a handful of places, so a model learns those names
rather than what a place looks like in context. Copies of training sentences
whose PLACE spans are replaced by random names of the same kind from the
administrative gazetteer (县 for 县, 镇 for 镇, short forms for short forms)
teach the context and the suffixes instead. Only training data is augmented.
"""

from __future__ import annotations

import random
from typing import Dict, List, Optional, Sequence

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
    places = [s for s in sentence.spans if s[2] == "PLACE"]
    if not places:
        return None
    text = sentence.text
    pieces: List[str] = []
    spans = []
    shift = 0
    last = 0
    for start, end, label in sorted(sentence.spans):
        pieces.append(text[last:start])
        original = text[start:end]
        if label == "PLACE":
            kind = next((s for s in SUFFIXES if original.endswith(s)), "")
            if kind in SYNTHETIC:  # villages and communities: a county short form + the suffix
                replacement = rng.choice(names.get("") or [original[:-len(kind)]]) + kind
            else:
                replacement = rng.choice(names.get(kind) or names.get("") or [original])
        else:
            replacement = original
        pieces.append(replacement)
        new_start = start + shift
        spans.append((new_start, new_start + len(replacement), label))
        shift += len(replacement) - len(original)
        last = end
    pieces.append(text[last:])
    return GoldSentence(f"{sentence.sentence_id}#{tag}", sentence.doc, "".join(pieces), tuple(spans), (), sentence.review_state)

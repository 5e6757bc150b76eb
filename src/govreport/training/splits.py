"""Document-grouped splits: no report contributes to both training and evaluation.

Sentences of one report share place names, indicator phrasing and even
numbers; a sentence-level split would leak them and flatter the scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Collection, Dict, List, Sequence

import numpy as np
from sklearn.model_selection import GroupShuffleSplit, LeaveOneGroupOut

from ..errors import GovreportError, SplitError


# Where the dev documents (which pick the best checkpoint) come from: "rest", the testable documents left after the
# test ones (the seed reports), or "train_only", the documents that otherwise only train (the extra reports).
DEV_FROM = ("rest", "train_only")
DEFAULT_DEV_FROM = "train_only"  # measured: +1.8 relations, +1.5 INDICATOR over held-out reports (round 28)


def _check_dev_from(dev_from: str, extra: Sequence[str], dev_docs: int = 1) -> None:
    if dev_from not in DEV_FROM:
        raise SplitError(f"dev_from must be one of {DEV_FROM}, not {dev_from!r}")
    if dev_from == "train_only" and len(extra) < dev_docs:
        raise SplitError(f"dev_from='train_only' needs at least {dev_docs} train-only document(s) (extra reports, which "
                         f"are never held out), got {len(extra)}: add one, or draw dev from the seed reports (--dev-from rest)")


def grouped_split(docs: Sequence[str], seed: int = 0, test_docs: int = 1, dev_docs: int = 1,
                  train_only: Collection[str] = (), dev_from: str = DEFAULT_DEV_FROM) -> Dict[str, List[str]]:
    """Choose whole documents for test with GroupShuffleSplit (seeded), and for dev from ``dev_from``.

    ``train_only`` documents (partly annotated extra reports) never test; they
    train, except those drawn for dev with ``dev_from="train_only"``. The test
    documents do not depend on ``dev_from``.
    """
    unique = sorted(set(docs) - set(train_only))
    extra = sorted(set(docs) & set(train_only))
    _check_dev_from(dev_from, extra, dev_docs)
    needed = test_docs + 1 + (dev_docs if dev_from == "rest" else 0)
    if len(unique) < needed:
        raise SplitError(f"need at least {needed} seed documents for train/dev/test, got {len(unique)}")
    groups = np.array(unique)
    rest, test = next(GroupShuffleSplit(n_splits=1, test_size=test_docs, random_state=seed).split(groups, groups=groups))
    rest_groups = groups[rest]
    if dev_from == "train_only":
        dev = np.random.RandomState(seed).choice(extra, size=dev_docs, replace=False).tolist()
        train = rest_groups.tolist() + [d for d in extra if d not in dev]
    else:
        train_idx, dev_idx = next(GroupShuffleSplit(n_splits=1, test_size=dev_docs, random_state=seed).split(rest_groups, groups=rest_groups))
        dev, train = rest_groups[dev_idx].tolist(), rest_groups[train_idx].tolist() + extra
    return {"train": sorted(train), "dev": sorted(dev), "test": sorted(groups[test].tolist())}


def leave_one_document_out(docs: Sequence[str], seed: int = 0, train_only: Collection[str] = (),
                           dev_from: str = DEFAULT_DEV_FROM) -> List[Dict[str, List[str]]]:
    """One fold per document (LeaveOneGroupOut); dev is another document of the rest (``dev_from="rest"``) or one
    of the ``train_only`` documents (``"train_only"``), so that every other testable document trains: the
    testable ones are the seed reports, the only ones from outside Hebei, and a seed report held out for dev is a
    quarter of a fold's training text from other provinces."""
    extra = sorted(set(docs) & set(train_only))
    _check_dev_from(dev_from, extra)
    unique = np.array(sorted(set(docs) - set(train_only)))
    folds = []
    rng = np.random.RandomState(seed)
    for rest, test in LeaveOneGroupOut().split(unique, groups=unique):
        rest_docs = unique[rest].tolist()
        pool = rest_docs if dev_from == "rest" else extra
        dev = pool[rng.randint(len(pool))]
        train = [d for d in rest_docs + extra if d != dev]
        folds.append({"train": sorted(train), "dev": [dev], "test": unique[test].tolist()})
    return folds


def is_seed(doc: str) -> bool:
    """Seed reports (000-099) are fully annotated; extra reports (100+) only partly."""
    return int(doc) < 100


def read_splits(splits_path: Path) -> Dict[str, List[str]]:
    """The documents of each part, as convert wrote them (splits.json), or an error naming that command."""
    if not Path(splits_path).is_file():
        raise GovreportError(f"{splits_path} not found: run `spacy project run convert` first")
    return json.loads(Path(splits_path).read_text(encoding="utf-8"))


def split_documents(splits_path: Path, name: str) -> List[str]:
    """Documents of one part of splits.json; "all" is not a part (callers mean every document by it)."""
    split = read_splits(splits_path)
    if name not in split:
        raise GovreportError(f"{splits_path}: no split {name!r} (have {', '.join(sorted(split))})")
    return list(split[name])


def leave_one_group_out(docs: Sequence[str], group_of: Dict[str, str], seed: int = 0,
                        dev_from: str = DEFAULT_DEV_FROM) -> List[Dict[str, List[str]]]:
    """One fold per group (a province): its documents are the test set; dev is one document of the rest.

    With ``dev_from="rest"`` dev is a seed report of the rest, as before round 29. With ``"train_only"`` it is an
    extra report of the rest where one is left, so that every seed report outside the held-out province trains
    (round 28's reason); a fold with no extra report left (its province holds them all) draws a seed report as
    ``"rest"`` does. Each fold says which it did (``dev_from``)."""
    _check_dev_from(dev_from, (), dev_docs=0)  # the choice only: a fold with no extra report left falls back to "rest"
    unique = sorted(set(docs))
    groups = np.array([group_of[d] for d in unique])
    rng = np.random.RandomState(seed)
    folds = []
    for rest, test in LeaveOneGroupOut().split(unique, groups=groups):
        rest_docs = [unique[i] for i in rest]
        seeds = [d for d in rest_docs if is_seed(d)] or rest_docs
        extra = [d for d in rest_docs if not is_seed(d)]
        used = "train_only" if dev_from == "train_only" and extra else "rest"
        pool = extra if used == "train_only" else seeds
        dev = pool[rng.randint(len(pool))]
        folds.append({"group": str(groups[test[0]]), "train": sorted(d for d in rest_docs if d != dev), "dev": [dev],
                      "test": sorted(unique[i] for i in test), "dev_from": used})
    return folds


def province(parent: str, place: str = "") -> str:
    """The province of a manifest row: the first 省/市/自治区 name of its parent (辽宁省盘锦市 → 辽宁省, 重庆市 → 重庆市)."""
    import re

    for text in (parent, place):
        m = re.match(r"^(.{2,3}?(?:省|自治区)|北京市|天津市|上海市|重庆市)", text or "")
        if m:
            return m.group(1)
    return parent or place or "?"

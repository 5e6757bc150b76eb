"""The learning curve (does more gold still pay?) and the plots of the cross-validation.

The curve trains the same NER configuration on growing subsets of each
reports-fold's training reports (a seeded draw; the fold's dev and test stay
as they are) and scores the shipped decoding on the fold's test report. Its
slope at the right end says whether annotating more reports of the same kind
is worth it (issue 11 uses it to choose what to annotate).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from tqdm import tqdm

from ..annotation.gold import GoldSentence
from .crossval import folds_for, run_fold
from .isolated import train_in_child

CURVE_KEY = "ner+shipped/simplified/exact"


def learning_curve(gold: Sequence[GoldSentence], originals: Dict[str, Optional[str]], workdir: Path,
                   models: Mapping[str, Tuple[Path, Dict[str, object]]], segmenter: str, pkuseg_model: Path, sizes: Sequence[int],
                   gazetteer: Optional[Path] = None, domain_terms: Optional[Path] = None, seed: int = 0,
                   max_folds: int = 0, train: Callable = train_in_child) -> Dict[str, object]:
    """Micro and per-label F of the shipped system per number of training reports, over the reports folds."""
    docs = [s.doc for s in gold]
    folds = folds_for("reports", docs, {}, seed)
    if max_folds:
        folds = folds[:max_folds]
    rng = np.random.RandomState(seed)
    points: Dict[int, List[Dict[str, float]]] = {}
    jobs = [(n, fold) for fold in folds for n in sizes]
    for n, fold in tqdm(jobs, desc="learning curve", unit="model"):
        available = fold["train"]
        chosen = sorted(rng.choice(available, size=min(n, len(available)), replace=False).tolist())
        sub = dict(fold, train=chosen)
        result = run_fold(sub, gold, originals, workdir / f"n{n}-test-{fold['test'][0]}", models, segmenter, pkuseg_model,
                          gazetteer, domain_terms, train)
        scores = result["scores"]["ner+shipped"]["simplified"]["exact"]
        points.setdefault(len(chosen), []).append({label: s["f"] for label, s in scores.items()} | {"train": chosen, "test": fold["test"]})
    curve = []
    for n in sorted(points):
        row: Dict[str, object] = {"reports": n, "folds": len(points[n])}
        for label in ("micro", "INDICATOR", "VALUE", "PERCENT", "PLACE"):
            values = [p[label] for p in points[n]]
            row[label] = {"mean": round(statistics.mean(values), 4), "std": round(statistics.pstdev(values), 4)}
        curve.append(row)
    return {"curve": curve, "points": points}


def _pyplot():
    """matplotlib (a development dependency: requirements-dev.txt), headless."""
    try:
        import matplotlib
    except ImportError:
        from ..errors import GovreportError

        raise GovreportError("plots need matplotlib: pip install -r requirements-dev.txt") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_learning_curve(result: Dict[str, object], path: Path, title: str) -> Path:
    """A PNG: micro and per-label F (mean ± std over folds) against the number of training reports."""
    plt = _pyplot()

    curve = result["curve"]
    x = [row["reports"] for row in curve]  # type: ignore[index]
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for label, style in (("micro", "-o"), ("INDICATOR", "--s"), ("PLACE", ":^"), ("VALUE", ":.")):
        mean = [row[label]["mean"] for row in curve]  # type: ignore[index]
        std = [row[label]["std"] for row in curve]  # type: ignore[index]
        ax.errorbar(x, mean, yerr=std, fmt=style, capsize=3, label=label)
    ax.set_xlabel("training reports")
    ax.set_ylabel("exact F1 (mean ± std over folds)")
    ax.set_title(title, fontsize=9)
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_reliability(calibration: Sequence[Dict[str, float]], path: Path, title: str) -> Path:
    """A PNG reliability diagram: share of correct records against mean confidence per bin (the diagonal is perfect)."""
    plt = _pyplot()

    fig, ax = plt.subplots(figsize=(4.6, 4.4), dpi=120)
    ax.plot([0, 1], [0, 1], color="grey", lw=1, label="perfectly calibrated")
    xs = [b["confidence"] for b in calibration]
    ys = [b["correct"] for b in calibration]
    ax.plot(xs, ys, "-o", label="shipped pipeline")
    for b in calibration:
        ax.annotate(str(b["n"]), (b["confidence"], b["correct"]), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("record confidence (bin mean)")
    ax.set_ylabel("share of records correct")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path

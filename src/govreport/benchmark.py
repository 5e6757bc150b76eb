"""Speed and memory measurements (benchmarks, not timed tests).

Each system runs in its own spawned process so that its load time and peak
memory (ru_maxrss) are its own; all see the same texts in the same run.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_by_one(process: Callable[[str], object]) -> Callable[[Sequence[str]], None]:
    def run(texts: Sequence[str]) -> None:
        for text in texts:
            process(text)

    return run


def _load(system: str, model: str) -> Callable[[Sequence[str]], None]:
    """A function that processes a batch of texts, ready to time.

    `pipeline-pipe` streams through `nlp.pipe` (batched neural components, how
    a corpus should be processed); the other systems see one text at a time.
    """
    if system == "spacy-pkuseg":
        import spacy_pkuseg

        seg = spacy_pkuseg.pkuseg(model)
        return _one_by_one(seg.cut)
    if system.startswith("govreport-tokenizer"):
        from .training.nlp import blank_zh

        segmenter = "char" if system.endswith("char") else "pkuseg"
        nlp = blank_zh(segmenter, Path(model) if segmenter == "pkuseg" else None)
        return _one_by_one(nlp.make_doc)
    if system.startswith("pipeline"):
        import spacy

        nlp = spacy.load(model)
        if system == "pipeline-tokenizer":
            return _one_by_one(nlp.make_doc)
        if system == "pipeline-pipe":

            def run_batched(texts: Sequence[str]) -> None:
                for _ in nlp.pipe(texts, batch_size=64):
                    pass

            return run_batched
        return _one_by_one(nlp)
    raise ValueError(f"unknown system {system}")


def _worker(system: str, model: str, texts: Sequence[str], repeat: int, queue) -> None:
    start = time.perf_counter()
    run = _load(system, model)
    run(["预热"])
    load_s = time.perf_counter() - start
    chars = sum(len(t) for t in texts) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        run(texts)
    elapsed = time.perf_counter() - start
    queue.put({"system": system, "load_s": round(load_s, 3), "chars": chars, "seconds": round(elapsed, 3),
               "chars_per_s": round(chars / elapsed), "peak_rss_mb": round(_peak_mb(), 1)})


def measure(systems: Dict[str, str], texts: Sequence[str], repeat: int = 1) -> List[Dict[str, object]]:
    """systems: name → model path. Returns one result per system."""
    ctx = mp.get_context("spawn")
    results = []
    for system, model in systems.items():
        queue = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(system, model, list(texts), repeat, queue))
        proc.start()
        results.append(queue.get())
        proc.join()
    return results

"""Speed and memory measurements (benchmarks, not timed tests).

Each system runs in its own spawned process so that its load time and peak
memory (ru_maxrss) are its own; all see the same texts in the same run.
"""

from __future__ import annotations

import multiprocessing as mp
import platform
import resource
import statistics
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_by_one(process: Callable[[str], object]) -> Callable[[Sequence[str]], None]:
    def run(texts: Sequence[str]) -> None:
        for text in texts:
            process(text)

    return run


def _load(system: str, model: str) -> Callable[[Sequence[str]], None]:
    """A function that processes a batch of texts, ready to time.

    `pipeline-pipe` streams through `nlp.pipe` at the pipeline's own
    ``[nlp] batch_size`` (batched neural components, how a corpus should be
    processed, and what a user calling ``nlp.pipe(texts)`` gets); the other
    systems see one text at a time.
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
                for _ in nlp.pipe(texts):
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


def in_spawned_process(target: Callable[..., None], *args: Any) -> Any:
    """Run ``target(*args, queue)`` in a fresh spawned process and return what it puts on the queue.

    Every measurement runs this way, so its load time and peak memory are its own.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    try:
        return queue.get()
    finally:
        proc.join()


def round_shares(texts: Sequence[str], rounds: int, warm_up: int = 50) -> Tuple[List[str], List[List[str]]]:
    """The warm-up texts, and each round's own texts: no text is in two of them."""
    rest = list(texts[warm_up:])
    return list(texts[:warm_up]), [rest[i::rounds] for i in range(rounds)]


def _interleaved_worker(model: str, texts: Sequence[str], rounds: int, queue) -> None:
    import spacy

    nlp = spacy.load(model)
    warm_up, shards = round_shares(texts, rounds)
    list(nlp.pipe(warm_up))
    ratios = []
    for shard in shards:
        start = time.perf_counter()
        for text in shard:
            nlp.make_doc(text)
        tokenizer_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in nlp.pipe(shard):
            pass
        ratios.append(round(tokenizer_s / (time.perf_counter() - start), 3))
    queue.put(ratios)


def interleaved_ratios(model: str, texts: Sequence[str], rounds: int = 5) -> List[float]:
    """The nlp.pipe / tokenizer speed ratio in ``rounds`` back-to-back pairs in one process.

    The separate-process figures drift with the machine (a shared VM here ran
    the tokenizer at 25,561 and 38,313 chars/s within the hour); timing the two
    right after each other, round after round, lets each pair see the same machine.
    Each round reads its own share of the texts (the first 50 warm the pipeline up),
    so no text is read twice: a component that remembers what it has read (the
    context encoder keeps the states of the last texts it predicted) gains nothing.
    """
    return in_spawned_process(_interleaved_worker, model, list(texts), rounds)


def measure(systems: Dict[str, str], texts: Sequence[str], repeat: int = 1) -> List[Dict[str, object]]:
    """systems: name → model path. Returns one result per system."""
    return [in_spawned_process(_worker, system, model, list(texts), repeat) for system, model in systems.items()]


def _texts(sentences_path: Path, docs: Optional[Sequence[str]] = None) -> List[str]:
    from .io import read_jsonl

    wanted = set(docs or ())
    return [row["text"] for row in read_jsonl(sentences_path) if not wanted or row["doc"] in wanted]


def size_on_disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20, 1)


def benchmark_tokenizer(sentences_path: Path, pkuseg_model: Path, repeat: int = 3) -> Dict[str, object]:
    """The project tokenizer vs plain spacy-pkuseg vs the licence-free char segmenter, on the same texts.

    Plain spacy-pkuseg is the yardstick: the project's punctuation splitting
    and user dictionary must not cost much over it.
    """
    texts = _texts(sentences_path)
    systems = {"spacy-pkuseg": str(pkuseg_model), "govreport-tokenizer-pkuseg": str(pkuseg_model), "govreport-tokenizer-char": ""}
    results = measure(systems, texts, repeat=repeat)
    return {"machine": f"{platform.machine()}, {platform.python_version()}", "texts": len(texts), "repeat": repeat, "results": results}


def benchmark_pipeline(pipeline: Path, sentences_path: Path, docs: Sequence[str], repeat: int = 1) -> Dict[str, object]:
    """The full pipeline vs its own tokenizer on the same texts in one run: the ratio is the figure.

    Measured against its own tokenizer (not an absolute speed) so the figure
    survives a change of machine; nlp.pipe is measured too, as a corpus would be run.
    """
    if not Path(pipeline).is_dir():
        from .errors import GovreportError

        raise GovreportError(f"{pipeline}: pipeline not found (run `spacy project run assemble` first)")
    texts = _texts(sentences_path, docs)
    systems = {name: str(pipeline) for name in ("pipeline-tokenizer", "pipeline", "pipeline-pipe")}
    results = measure(systems, texts, repeat=repeat)
    speed = {r["system"]: r["chars_per_s"] for r in results}
    ratios = interleaved_ratios(str(pipeline), texts, rounds=max(repeat, 3))
    return {"texts": len(texts), "results": results,
            "pipeline_vs_tokenizer": round(speed["pipeline"] / speed["pipeline-tokenizer"], 3),
            "pipeline_pipe_vs_tokenizer": round(speed["pipeline-pipe"] / speed["pipeline-tokenizer"], 3),
            "pipeline_pipe_vs_tokenizer_interleaved": {"median": statistics.median(ratios), "rounds": ratios},
            "size_on_disk_mb": size_on_disk_mb(pipeline)}


def results_table(results: Sequence[Dict[str, object]]) -> str:
    """Markdown table of load time, speed and peak memory per system (the README's format)."""
    lines = ["| system | load s | chars/s | peak RSS MB |", "|---|---|---|---|"]
    lines += [f"| {r['system']} | {r['load_s']} | {r['chars_per_s']:,} | {r['peak_rss_mb']} |" for r in results]
    return "\n".join(lines)

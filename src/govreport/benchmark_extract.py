"""Benchmark of extraction at corpus scale (``python -m govreport benchmark-extract``; a script, not a timed test).

Side by side in one run, on the same 40 reports (the 38 raw reports of
``corpus/raw`` and byte-different copies of the two largest, a newline
appended so that their content hash differs and they are extracted again):

- ``one process``      ``extract`` with ``--n-process 1``
- ``n_process 2``      ``extract --n-process 2`` (spaCy's multiprocessing)
- ``dask 1 worker``    ``extract --scheduler`` on a LocalCluster with one worker process
- ``dask 2 workers``   the same with two

Each configuration runs in a fresh process (spawned) from nothing: its
start-up time runs from launch until the pipeline is loaded everywhere (the
Dask cluster started and its plugin set up on every worker), and its speed
(reports/s, characters/s of the decoded files) over the extraction that
follows, parts and output written. Peak memory is ``ru_maxrss``: of the
main process, and of the largest worker (spaCy's worker processes, or each
Dask worker). Each row also gives its speed as a ratio to one process.

The memory check: one single-line file of ``big_mb`` MB (the cleaned
reports joined with their line breaks and every 。 removed, repeated), run
through ``extract`` in one process: peak memory, time, and how many
overlong sentence pieces were cut.
"""

from __future__ import annotations

import multiprocessing as mp
import platform
import resource
import shutil
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from .benchmark import in_spawned_process

CONFIGS = ("one process", "n_process 2", "dask 1 worker", "dask 2 workers")


def _mb(kilobytes: float) -> float:
    return round(kilobytes / 1024, 1)


def prepare_inputs(raw_dir: Path, folder: Path, copies: int = 2) -> List[Path]:
    """The 38 raw reports (same sub-folders, so the manifest finds them) and ``copies`` byte-different copies of the largest."""
    raw_dir = Path(raw_dir)
    if folder.exists():
        shutil.rmtree(folder)
    files = []
    for src in sorted(raw_dir.rglob("*.txt")):
        dst = folder / src.relative_to(raw_dir)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        files.append(dst)
    for src in sorted(files, key=lambda f: -f.stat().st_size)[:copies]:
        dst = folder / "copies" / f"copy_{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes() + b"\n")
        files.append(dst)
    return files


def big_line_file(raw_dir: Path, path: Path, megabytes: float) -> Dict[str, Any]:
    """A single-line file of ``megabytes`` MB of UTF-8: the cleaned reports without line breaks and 。, repeated."""
    from .cleaning import clean_report
    from .io import read_report_text

    texts = [clean_report(read_report_text(f), f.stem).text for f in sorted(Path(raw_dir).rglob("*.txt"))]
    unit = "".join(texts).replace("\n", "").replace("。", "")
    target = int(megabytes * 1_000_000)
    repeat = target // len(unit.encode("utf-8")) + 1
    data = (unit * repeat).encode("utf-8")[:target]
    text = data.decode("utf-8", errors="ignore")  # cut at a character boundary
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"bytes": len(data), "chars": len(text)}


def _config_worker(config: str, model: str, files: List[str], manifest: Optional[str], out: str, batch_size: int,
                   piece_chars: int, launched: float, queue) -> None:
    """One configuration, in its own process: start up, extract everything, report figures."""
    from .extraction.batch import extract_batch, report_inputs
    from .extraction.reports import load_pipeline

    inputs = report_inputs([Path(f) for f in files], Path(manifest) if manifest else None)
    result: Dict[str, Any] = {"config": config}
    if config.startswith("dask"):
        from distributed import Client, LocalCluster

        from .extraction.distributed import extract_distributed, register_pipeline

        workers = int(config.split()[1])
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            register_pipeline(client, model, batch_size, piece_chars)
            result["startup_s"] = round(time.time() - launched, 2)
            start = time.perf_counter()
            summary = extract_distributed(client, model, inputs, Path(out), batch_size=batch_size,
                                          piece_chars=piece_chars, progress=False)
            result["seconds"] = round(time.perf_counter() - start, 2)
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            result["peak_worker_mb"] = [_mb(v) for v in peaks.values()]
    else:
        n_process = 2 if config == "n_process 2" else 1
        nlp = load_pipeline(Path(model))
        result["startup_s"] = round(time.time() - launched, 2)
        start = time.perf_counter()
        summary = extract_batch(nlp, inputs, Path(out), n_process=n_process, batch_size=batch_size,
                                piece_chars=piece_chars, progress=False, model_id=model)
        result["seconds"] = round(time.perf_counter() - start, 2)
        if n_process > 1:
            result["peak_worker_mb"] = [_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)]
    result["peak_main_mb"] = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    result.update(reports=summary.extracted, failed=summary.failed, chars=summary.chars_this_run,
                  records=summary.records, sentences_cut=summary.sentences_cut)
    result["reports_per_s"] = round(summary.extracted / result["seconds"], 3)
    result["chars_per_s"] = round(summary.chars_this_run / result["seconds"])
    queue.put(result)


def _spawn(target, *args) -> Dict[str, Any]:
    """``target(*args, launched, queue)`` in a fresh process; ``launched`` times its start-up."""
    return in_spawned_process(target, *args, time.time())


def _big_worker(model: str, path: str, out: str, batch_size: int, piece_chars: int, launched: float, queue) -> None:
    from .extraction.batch import extract_batch, report_inputs
    from .extraction.reports import load_pipeline

    nlp = load_pipeline(Path(model))
    loaded_mb = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    start = time.perf_counter()
    summary = extract_batch(nlp, report_inputs([Path(path)]), Path(out), batch_size=batch_size,
                            piece_chars=piece_chars, progress=False)
    queue.put({"seconds": round(time.perf_counter() - start, 1), "peak_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
               "peak_after_load_mb": loaded_mb, "records": summary.records, "sentences_cut": summary.sentences_cut,
               "failed": summary.failed, "error": summary.first_error})


def benchmark_extract(model: Path, raw_dir: Path, manifest: Optional[Path], workdir: Path,
                      configs: Sequence[str] = CONFIGS, big_mb: float = 10.0, batch_size: Optional[int] = None,
                      piece_chars: Optional[int] = None) -> Dict[str, Any]:
    """Run every configuration and the memory check; returns the report (see ``markdown_table``)."""
    from .errors import GovreportError
    from .extraction.batch import DEFAULT_BATCH_SIZE
    from .extraction.component import PIECE_CHARS

    batch_size = batch_size or DEFAULT_BATCH_SIZE
    piece_chars = piece_chars or PIECE_CHARS
    if not Path(model).exists():
        raise GovreportError(f"{model}: pipeline not found (run `spacy project run assemble` first, or pass --model)")
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        raise GovreportError(f"unknown configuration(s) {sorted(unknown)}: choose from {list(CONFIGS)}")
    model = Path(model).resolve()
    workdir = Path(workdir)
    files = prepare_inputs(raw_dir, workdir / "inputs")
    results = []
    for config in configs:
        out = workdir / "out" / config.replace(" ", "_") / "records.parquet"
        if out.parent.exists():
            shutil.rmtree(out.parent)
        results.append(_spawn(_config_worker, config, str(model), [str(f) for f in files],
                              str(manifest) if manifest else None, str(out), batch_size, piece_chars))
    base = next((r for r in results if r["config"] == "one process"), None)
    for r in results:
        r["speed_vs_one_process"] = round(r["reports_per_s"] / base["reports_per_s"], 2) if base else None
    report: Dict[str, Any] = {
        "machine": f"{platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}",
        "model": str(model), "batch_size": batch_size, "piece_chars": piece_chars,
        "inputs": f"{len(files)} reports: the {len(files) - 2} raw reports of {raw_dir} and newline-appended copies of the 2 largest",
        "results": results,
    }
    if big_mb:
        path = workdir / "big" / "single_line.txt"
        report["single_line"] = big_line_file(raw_dir, path, big_mb)
        out = workdir / "big" / "records.parquet"
        for old in (out.parent / "records.parquet.parts", out):
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
        report["single_line"].update(_spawn(_big_worker, str(model), str(path), str(out), batch_size, piece_chars))
        report["single_line"]["under_2_gb"] = report["single_line"]["peak_mb"] < 2048
    return report


def markdown_table(report: Dict[str, Any]) -> str:
    """The figures as the README's table."""
    lines = [
        f"Machine: {report['machine']}. Inputs: {report['inputs']}. Pipeline: {report['model']} "
        f"(batch size {report['batch_size']} pieces of ≤ {report['piece_chars']} characters).",
        "",
        "| configuration | start-up s | extraction s | reports/s | characters/s | speed vs one process | peak memory, main MB | peak memory per worker MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        workers = ", ".join(str(v) for v in r.get("peak_worker_mb", [])) or "–"
        lines.append(f"| {r['config']} | {r['startup_s']} | {r['seconds']} | {r['reports_per_s']} | {r['chars_per_s']:,} | "
                     f"{r['speed_vs_one_process']} | {r['peak_main_mb']} | {workers} |")
    big = report.get("single_line")
    if big:
        lines += ["", f"Single-line file of {big['bytes'] / 1e6:.1f} MB ({big['chars']:,} characters, no line break, no 。), "
                      f"one process: {big['seconds']} s, peak memory {big['peak_mb']} MB "
                      f"({big['peak_after_load_mb']} MB with the pipeline loaded), {big['sentences_cut']:,} overlong sentence "
                      f"pieces cut, {big['records']:,} records; under 2 GB: {'yes' if big['under_2_gb'] else 'NO'}."]
    return "\n".join(lines) + "\n"

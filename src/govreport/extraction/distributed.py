"""Extraction on a Dask cluster: ``extract_distributed`` (and ``extract --scheduler ADDRESS``).

The client plans the run exactly like the local one (``batch.BatchRun``: the
same inputs, content hashes, parts, errors file and output), then hands the
reports to the cluster one task per report:

- ``PipelinePlugin``, a ``distributed.WorkerPlugin``, loads the pipeline once
  per worker process, when the worker joins (``setup``), and again only when
  a worker is restarted; each task uses the worker's copy.
- The client reads each file and sends its bytes with the task, so workers
  need the pipeline (a folder on every machine or the installed package,
  ``--model zh_govreport_zh``), not the corpus.
- Each task decodes, cleans and extracts one report on its worker and
  returns its rows (or why it failed); the client writes the report's part
  (Parquet, named by content hash, atomic rename), so the parts folder is a
  partitioned Parquet dataset wherever the workers run.
- At most ``max_in_flight`` reports are out at a time (default: 2 per worker
  thread), so neither the client nor the scheduler holds the corpus.

Exactly once: a task whose worker dies is re-run by the scheduler on another
worker (up to ``distributed.scheduler.allowed-failures`` times; after that the
report goes to the errors file as KilledWorker). The client takes one result
per report and writes its part once, so a killed worker never duplicates or
loses a report; a rerun skips the parts already written.

Workers should run one thread each (``dask worker ADDRESS --nthreads 1``,
``LocalCluster(threads_per_worker=1)``): a spaCy pipeline is used by one
thread at a time (the plugin holds a lock).
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Optional, Sequence

from ..errors import GovreportError
from .batch import (DEFAULT_BATCH_SIZE, BatchRun, BatchSummary, ReportInput, Skip, model_fingerprint, prepare,
                    read_bytes, rows_of)
from .component import MAX_SENTENCE_CHARS, PIECE_CHARS, find_extractor, report_records

PLUGIN_NAME = "govreport-pipeline"

try:  # the plugin's base class; the module still imports (for docs, --help) without distributed
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - distributed is pinned in requirements.txt
    _WorkerPlugin = object  # type: ignore[assignment,misc]


class PipelinePlugin(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the extraction pipeline once in each worker process (``setup``)."""

    name = PLUGIN_NAME

    def __init__(self, model: str, batch_size: int = DEFAULT_BATCH_SIZE, piece_chars: int = PIECE_CHARS):
        self.model = str(model)
        self.batch_size = batch_size
        self.piece_chars = piece_chars
        self.nlp = None
        self.loads = 0
        self.lock = None

    def __getstate__(self) -> Dict[str, Any]:  # what goes to the workers: the settings, never a loaded pipeline
        return {"model": self.model, "batch_size": self.batch_size, "piece_chars": self.piece_chars}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(**state)

    def setup(self, worker) -> None:
        from .reports import load_pipeline

        self.lock = threading.Lock()
        self.nlp = load_pipeline(Path(self.model))
        self.loads += 1
        extractor = self.nlp.get_pipe(find_extractor(self.nlp))
        self.max_sentence_chars = getattr(extractor, "max_sentence_chars", MAX_SENTENCE_CHARS) or None

    def teardown(self, worker) -> None:
        self.nlp = None


def _plugin():
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if plugin is None or plugin.nlp is None:
        raise RuntimeError("the govreport pipeline plugin is not set up on this worker")
    return plugin


def extract_on_worker(data: bytes, item: ReportInput, content_hash: str) -> Dict[str, Any]:
    """The task: one report's bytes → its rows, on the worker's pipeline. Never raises for a bad file."""
    plugin = _plugin()
    try:
        prepared = prepare(item, data, content_hash, plugin.max_sentence_chars)
    except Skip as skip:
        return {"error": skip.reason, "stage": skip.stage}
    with plugin.lock:
        (result,) = list(report_records(plugin.nlp, [(prepared.text, item.facts, None)], n_process=1,
                                        batch_size=plugin.batch_size, piece_chars=plugin.piece_chars))
    if result.error is not None:
        return {"error": result.error, "stage": "pipeline"}
    return {"rows": rows_of(prepared, result.records or []), "chars": prepared.chars,
            "sentences_cut": prepared.sentences_cut, "pid": os.getpid()}


def worker_pipeline_loads(client) -> Dict[str, int]:
    """How many times each worker has loaded the pipeline (1 unless it was restarted): worker address → loads."""
    def loads(dask_worker) -> int:
        plugin = dask_worker.plugins.get(PLUGIN_NAME)
        return plugin.loads if plugin is not None else 0

    return client.run(loads)


def register_pipeline(client, model: Any, batch_size: int = DEFAULT_BATCH_SIZE, piece_chars: int = PIECE_CHARS) -> None:
    """Load the pipeline on every worker (and on every worker that joins later); errors name the worker.

    Nothing happens when every worker already holds this pipeline with these settings.
    """
    wanted = {"model": str(model), "batch_size": batch_size, "piece_chars": piece_chars}

    def settings(dask_worker):
        plugin = dask_worker.plugins.get(PLUGIN_NAME)
        return plugin.__getstate__() if plugin is not None and plugin.nlp is not None else None

    current = client.run(settings)
    if current and all(value == wanted for value in current.values()):
        return
    responses = client.register_plugin(PipelinePlugin(str(model), batch_size, piece_chars), name=PLUGIN_NAME)
    failed = {addr: r for addr, r in (responses or {}).items() if isinstance(r, dict) and r.get("status") != "OK"}
    if failed:
        addr, response = next(iter(failed.items()))
        raise GovreportError(f"worker {addr} cannot load the pipeline {model}: {response.get('exception') or response}")


def extract_distributed(client, model: Any, inputs: Sequence[ReportInput], out: Path, *,
                        batch_size: int = DEFAULT_BATCH_SIZE, piece_chars: int = PIECE_CHARS, fresh: bool = False,
                        progress: bool = True, max_in_flight: Optional[int] = None,
                        on_report: Optional[Callable[[BatchSummary], None]] = None) -> BatchSummary:
    """Extract ``inputs`` on the Dask cluster of ``client`` into ``out`` (a folder: partitioned Parquet; or a file).

    ``model`` is a pipeline folder that exists on every worker, or an installed
    pipeline package name. The run is resumable and writes each report once,
    exactly as ``batch.extract_batch`` does; ``on_report`` is called in the
    client after each finished or failed report.
    """
    from distributed import as_completed

    if batch_size < 1 or piece_chars < 1:
        raise GovreportError("--batch-size and --piece-chars must be at least 1")
    register_pipeline(client, model, batch_size, piece_chars)
    settings = {"max_sentence_chars": _worker_max_sentence(client), "piece_chars": piece_chars,
                "pipeline": _worker_pipe_names(client), **model_fingerprint(model)}
    run = BatchRun(inputs, out, settings, fresh=fresh, progress=progress)
    planned = run.plan()
    todo = iter(planned)
    threads = sum(client.nthreads().values()) or 1
    window = max_in_flight or 2 * threads
    run.open_bar(len(planned))
    futures = as_completed()
    items: Dict[str, ReportInput] = {}
    hashes: Dict[str, str] = {}

    def submit_next() -> bool:
        for index in todo:
            item = run.inputs[index]
            try:
                data, content_hash = read_bytes(item)
            except Skip as skip:
                run.fail(item, skip.stage, skip.reason)
                _notify(on_report, run)
                continue
            if not run.claim(index, content_hash):
                run.tick(0)
                continue
            future = client.submit(extract_on_worker, data, item, content_hash, key=f"govreport-extract-{content_hash}",
                                   pure=False, retries=0)
            items[future.key], hashes[future.key] = item, content_hash
            futures.add(future)
            return True
        return False

    for _ in range(window):
        if not submit_next():
            break
    for future in futures:
        item, content_hash = items.pop(future.key), hashes.pop(future.key)
        try:
            result = future.result()
        except Exception as err:  # noqa: BLE001 - KilledWorker, or a bug on the worker: this report only
            run.fail(item, "worker", f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}", content_hash)
        else:
            if "error" in result:
                run.fail(item, result["stage"], result["error"], content_hash)
            else:
                run.finish_report(content_hash, result["rows"], result["chars"], result["sentences_cut"])
        future.release()
        _notify(on_report, run)
        submit_next()
    return run.finish()


def _notify(on_report, run: BatchRun) -> None:
    if on_report is not None:
        on_report(run.summary)


def _worker_max_sentence(client) -> Any:
    def value(dask_worker):
        plugin = dask_worker.plugins.get(PLUGIN_NAME)
        return getattr(plugin, "max_sentence_chars", None)

    values = set(client.run(value).values())
    return values.pop() if len(values) == 1 else sorted(values, key=str)


def _worker_pipe_names(client) -> Any:
    def names(dask_worker):
        plugin = dask_worker.plugins.get(PLUGIN_NAME)
        return list(plugin.nlp.pipe_names) if plugin is not None and plugin.nlp is not None else None

    values = list(client.run(names).values())
    return values[0] if values else None


@contextmanager
def dask_client(scheduler: str, n_workers: int = 2) -> Iterator[Any]:
    """A client of ``scheduler`` (an address such as tcp://10.0.0.5:8786), or of a LocalCluster
    on 127.0.0.1 with ``n_workers`` one-thread worker processes for ``scheduler == "local"``."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="30s")
    except (OSError, TimeoutError) as err:
        raise GovreportError(f"cannot reach the Dask scheduler at {scheduler} ({err}): start one with `dask scheduler`") from None
    with client:
        yield client
